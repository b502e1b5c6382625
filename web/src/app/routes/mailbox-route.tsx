import type { LoaderFunctionArgs } from 'react-router';
import { RequirePermission } from '../../components/require-permission';
import { MailboxPage } from '../../features/messages/components/mailbox-page';
import { mailboxInputOf, parseMailboxSearch } from '../../features/messages/mailbox-search';
import type { AppServices } from '../services';
import { activeStaffOf, can, revalidateOnPathChangeOnly, signInRedirect, warm } from './route-helpers';

export function createMailboxRoute(services: AppServices) {
  const { queryClient, trpc } = services;
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      if (!staff) return signInRedirect(request);
      if (!can(staff, 'messages:status')) return null;
      const search = parseMailboxSearch(new URL(request.url).searchParams);
      await warm([queryClient.ensureQueryData(trpc.messages.mailbox.queryOptions(mailboxInputOf(search)))]);
      return null;
    },
    shouldRevalidate: revalidateOnPathChangeOnly,
    Component: MailboxRoutePage,
  };
}

function MailboxRoutePage() {
  return (
    <RequirePermission permission="messages:status">
      <MailboxPage />
    </RequirePermission>
  );
}
