import { useParams, type LoaderFunctionArgs } from 'react-router';
import { isErasureType } from '@privdesk/shared/constants';
import { RequirePermission } from '../../components/require-permission';
import { ErasurePlanSection } from '../../features/erasure/components/erasure-plan-section';
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
        // An erasure's plan is asked for as soon as the request says it is one, not once the page renders.
        queryClient
          .ensureQueryData(trpc.requests.get.queryOptions(input))
          .then((detail) =>
            isErasureType(detail.type)
              ? queryClient.ensureQueryData(trpc.erasure.plan.queryOptions({ requestId: detail.id }))
              : null,
          ),
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
      <RequestPage
        key={id}
        id={id}
        // The erasure feature's section, composed here: features do not import each other.
        erasurePlan={(r, sectionId) => (
          <ErasurePlanSection id={sectionId} request={{ id: r.id, version: r.version, status: r.status }} />
        )}
      />
    </RequirePermission>
  );
}
