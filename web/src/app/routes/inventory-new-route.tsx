import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { NewDataSystemPage } from '../../features/inventory/components/data-system-form-pages';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createInventoryNewRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'registry:manage')) return null;
      await warm([queryClient.ensureQueryData(trpc.inventory.choices.queryOptions())]);
      return null;
    },
    Component: InventoryNewRoutePage,
  };
}

function InventoryNewRoutePage() {
  return (
    <RequirePermission permission="registry:manage">
      <NewDataSystemPage />
    </RequirePermission>
  );
}
