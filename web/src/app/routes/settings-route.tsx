import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { SettingsPage } from '../../features/settings/components/settings-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, signInRedirect, warm } from './route-helpers';

export function createSettingsRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'settings:read')) return null;
      await warm([queryClient.ensureQueryData(trpc.settings.get.queryOptions())]);
      return null;
    },
    Component: SettingsRoutePage,
  };
}

function SettingsRoutePage() {
  return (
    <RequirePermission permission="settings:read">
      <SettingsPage />
    </RequirePermission>
  );
}
