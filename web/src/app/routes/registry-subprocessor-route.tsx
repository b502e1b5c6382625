import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { SubprocessorPage } from '../../features/registry/components/subprocessor-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createRegistrySubprocessorRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:read') || !params.id) return null;
      await warm([queryClient.ensureQueryData(trpc.registry.get.queryOptions({ id: params.id }))]);
      return null;
    },
    Component: RegistrySubprocessorRoutePage,
  };
}

function RegistrySubprocessorRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="registry:read">
      {/* Keyed by id: following a "Replaces" link starts that page afresh (its dialogs closed). */}
      <SubprocessorPage key={id} id={id} />
    </RequirePermission>
  );
}
