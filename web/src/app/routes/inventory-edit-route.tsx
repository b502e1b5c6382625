import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { EditDataSystemPage } from '../../features/inventory/components/data-system-form-pages';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createInventoryEditRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:manage') || !params.id) return null;
      await warm([
        queryClient.ensureQueryData(trpc.inventory.get.queryOptions({ id: params.id })),
        queryClient.ensureQueryData(trpc.inventory.choices.queryOptions()),
      ]);
      return null;
    },
    Component: InventoryEditRoutePage,
  };
}

function InventoryEditRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="registry:manage">
      {/* Keyed by id: another system's form starts afresh from its own version. */}
      <EditDataSystemPage key={id} id={id} />
    </RequirePermission>
  );
}
