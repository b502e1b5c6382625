import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { DataSystemPage } from '../../features/inventory/components/data-system-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createInventorySystemRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:read') || !params.id) return null;
      await warm([queryClient.ensureQueryData(trpc.inventory.get.queryOptions({ id: params.id }))]);
      return null;
    },
    Component: InventorySystemRoutePage,
  };
}

function InventorySystemRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="registry:read">
      <DataSystemPage key={id} id={id} />
    </RequirePermission>
  );
}
