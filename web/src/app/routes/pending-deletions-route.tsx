import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { PendingDeletionsPage } from '../../features/erasure/components/pending-deletions-page';
import {
  parsePendingDeletionsSearch,
  pendingDeletionsInputOf,
} from '../../features/erasure/pending-deletions-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createPendingDeletionsRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'requests:read')) return null;
      const search = parsePendingDeletionsSearch(new URL(request.url).searchParams);
      await warm([
        queryClient.ensureQueryData(
          trpc.erasure.pendingDeletions.queryOptions(pendingDeletionsInputOf(search)),
        ),
      ]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: PendingDeletionsRoutePage,
  };
}

function PendingDeletionsRoutePage() {
  return (
    <RequirePermission permission="requests:read">
      <PendingDeletionsPage />
    </RequirePermission>
  );
}
