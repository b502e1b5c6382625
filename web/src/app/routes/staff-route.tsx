import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { StaffPage } from '../../features/staff/components/staff-page';
import { parseStaffSearch, staffFindInputOf } from '../../features/staff/staff-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createStaffRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'staff:read')) return null;
      const search = parseStaffSearch(new URL(request.url).searchParams);
      await warm([queryClient.ensureQueryData(trpc.staff.find.queryOptions(staffFindInputOf(search)))]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: StaffRoutePage,
  };
}

function StaffRoutePage() {
  return (
    <RequirePermission permission="staff:read">
      <StaffPage />
    </RequirePermission>
  );
}
