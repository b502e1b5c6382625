import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { actorChoicesInput } from '../../features/audit/audit-queries';
import { auditFindInputOf, parseAuditSearch } from '../../features/audit/audit-search';
import { AuditPage } from '../../features/audit/components/audit-page';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createAuditRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'audit:read')) return null;
      const search = parseAuditSearch(new URL(request.url).searchParams);
      await warm([
        queryClient.ensureQueryData(trpc.audit.find.queryOptions(auditFindInputOf(search))),
        ...(can(staff, 'staff:read')
          ? [queryClient.ensureQueryData(trpc.staff.find.queryOptions(actorChoicesInput))]
          : []),
      ]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: AuditRoutePage,
  };
}

function AuditRoutePage() {
  return (
    <RequirePermission permission="audit:read">
      <AuditPage />
    </RequirePermission>
  );
}
