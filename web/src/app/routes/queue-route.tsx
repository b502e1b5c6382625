import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { QueuePage } from '../../features/requests/components/queue-page';
import { parseQueueSearch, requestFindInputOf } from '../../features/requests/queue-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createQueueRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const search = parseQueueSearch(new URL(request.url).searchParams);
      // Most links to the queue (and a plain /queue) ask every role the same question: the first page is
      // then asked for at once, beside the session check, not after it. The server checks the caller as
      // always; a signed-out or unauthorised answer is simply not shown.
      const asked = requestFindInputOf(search, { canReadInternals: true, seesClearPii: true });
      const sameForEveryRole =
        JSON.stringify(asked) ===
        JSON.stringify(requestFindInputOf(search, { canReadInternals: false, seesClearPii: false }));
      if (sameForEveryRole && !search.search) {
        void queryClient.prefetchQuery(trpc.requests.find.queryOptions(asked));
        void queryClient.prefetchQuery(trpc.views.find.queryOptions());
      }
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'requests:read_summary')) return null;
      const access = {
        canReadInternals: can(staff, 'requests:read'),
        seesClearPii: can(staff, 'pii:read'),
      };
      // A dashboard link by data system names it in a chip: the inventory is asked beside the first page.
      if (search.erasurePending && access.canReadInternals && can(staff, 'registry:read'))
        void queryClient.prefetchQuery(trpc.inventory.list.queryOptions());
      await warm([
        queryClient.ensureQueryData(trpc.requests.find.queryOptions(requestFindInputOf(search, access))),
        queryClient.ensureQueryData(trpc.views.find.queryOptions()),
      ]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: QueueRoutePage,
  };
}

function QueueRoutePage() {
  return (
    <RequirePermission permission="requests:read_summary">
      <QueuePage />
    </RequirePermission>
  );
}
