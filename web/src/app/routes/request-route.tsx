import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { RequestPage } from '../../features/requests/components/request-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createRequestRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'requests:read') || !params.id) return null;
      const input = { id: params.id };
      await warm([
        queryClient.ensureQueryData(trpc.requests.get.queryOptions(input)),
        queryClient.ensureQueryData(trpc.requests.timeline.queryOptions(input)),
      ]);
      return null;
    },
    Component: RequestRoutePage,
  };
}

function RequestRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="requests:read">
      {/* Keyed by id: moving to a related request starts that page afresh (modals, revealed values). */}
      <RequestPage key={id} id={id} />
    </RequirePermission>
  );
}
