import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { InboxPage } from '../../features/inbox/components/inbox-page';
import { inboxInputOf, parseInboxSearch } from '../../features/inbox/inbox-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createInboxRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'inbox:read')) return null;
      const search = parseInboxSearch(new URL(request.url).searchParams);
      await warm([
        queryClient.ensureQueryData(trpc.inbox.find.queryOptions(inboxInputOf(search))),
        ...(search.mail
          ? [queryClient.ensureQueryData(trpc.inbox.get.queryOptions({ id: search.mail }))]
          : []),
      ]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: InboxRoutePage,
  };
}

function InboxRoutePage() {
  return (
    <RequirePermission permission="inbox:read">
      <InboxPage />
    </RequirePermission>
  );
}
