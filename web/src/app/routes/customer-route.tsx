import { useParams, type LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { CustomerPage } from '../../features/customers/components/customer-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createCustomerRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request, params }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'customers:read') || !params.id) return null;
      await warm([queryClient.ensureQueryData(trpc.customers.get.queryOptions({ id: params.id }))]);
      return null;
    },
    Component: CustomerRoutePage,
  };
}

function CustomerRoutePage() {
  const { id = '' } = useParams();
  return (
    <RequirePermission permission="customers:read">
      {/* Keyed by id: another account starts afresh (a reveal belongs to one page view of one account). */}
      <CustomerPage key={id} id={id} />
    </RequirePermission>
  );
}
