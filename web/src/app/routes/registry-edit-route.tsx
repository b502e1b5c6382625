import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { EditSubprocessorPage } from '../../features/registry/components/subprocessor-form-pages';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createRegistryEditRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:manage') || !params.id) return null;
      await warm([
        queryClient.ensureQueryData(trpc.registry.get.queryOptions({ id: params.id })),
        queryClient.ensureQueryData(trpc.registry.choices.queryOptions()),
      ]);
      return null;
    },
    Component: RegistryEditRoutePage,
  };
}

function RegistryEditRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="registry:manage">
      {/* Keyed by id: another subprocessor's form starts afresh from its own version. */}
      <EditSubprocessorPage key={id} id={id} />
    </RequirePermission>
  );
}
