import type { LoaderFunctionArgs } from 'react-router';
import { queueToday } from '@privdesk/shared/constants';
import { RequirePermission } from '../../components/require-permission';
import { DashboardPage } from '../../features/dashboard/components/dashboard-page';
import { dashboardInputOf, parseDashboardSearch } from '../../features/dashboard/dashboard-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createDashboardRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'dashboard:read')) return null;
      const search = parseDashboardSearch(new URL(request.url).searchParams);
      const input = dashboardInputOf(search, queueToday(new Date()));
      await warm([queryClient.ensureQueryData(trpc.dashboard.get.queryOptions(input))]);
      return null;
    },
    // The page asks for its own figures when a filter changes, keeping the previous ones on screen.
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: DashboardRoutePage,
  };
}

function DashboardRoutePage() {
  return (
    <RequirePermission permission="dashboard:read">
      <DashboardPage />
    </RequirePermission>
  );
}
