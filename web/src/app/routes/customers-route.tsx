import { RequirePermission } from '../../components/require-permission';
import { CustomersPage } from '../../features/customers/components/customers-page';
import type { AppServices } from '../services';
import { activeStaffOf, revalidateOnPathChangeOnly, signInRedirect } from './route-helpers';
import type { LoaderFunctionArgs } from 'react-router';

export function createCustomersRoute(services: AppServices) {
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      return staff ? null : signInRedirect(request);
    },
    // The search box changes the URL as people type; the page fetches its own results.
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: () => (
      <RequirePermission permission="customers:read">
        <CustomersPage />
      </RequirePermission>
    ),
  };
}
