import type { LoaderFunctionArgs } from 'react-router';
import { queueToday } from '@privdesk/shared/constants';
import { RequirePermission } from '../../components/require-permission';
import { CcpaReportPage } from '../../features/dashboard/components/ccpa-report-page';
import { parseCcpaReportYear } from '../../features/dashboard/dashboard-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createCcpaReportRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'reports:export')) return null;
      const year = parseCcpaReportYear(new URL(request.url).searchParams, queueToday(new Date()));
      await warm([queryClient.ensureQueryData(trpc.dashboard.ccpaReport.queryOptions({ year }))]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: CcpaReportRoutePage,
  };
}

function CcpaReportRoutePage() {
  return (
    <RequirePermission permission="reports:export">
      <CcpaReportPage />
    </RequirePermission>
  );
}
