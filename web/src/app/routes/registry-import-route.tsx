import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { RegistryImportPage } from '../../features/registry/components/registry-import-page';
import type { AppServices } from '../services';
import { activeStaffOf, signInRedirect } from './route-helpers';

export function createRegistryImportRoute(services: AppServices) {
  return {
    // Nothing to warm: the page asks the server only when a file is checked.
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      return staff ? null : signInRedirect(request);
    },
    Component: RegistryImportRoutePage,
  };
}

function RegistryImportRoutePage() {
  return (
    <RequirePermission permission="registry:manage">
      <RegistryImportPage />
    </RequirePermission>
  );
}
