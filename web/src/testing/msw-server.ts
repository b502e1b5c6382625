import { setupServer } from 'msw/node';
import { defaultRegimeHandling } from '@privdesk/shared/constants';
import { trpcQuery } from './trpc-msw';

/**
 * Requests leave the app through real fetch calls; MSW answers them at the network edge. The default
 * answers are the header bell's unread count, which every signed-in page asks for, the intake form's
 * context, and a request page's Sent mail (none); tests about them override them with `server.use(...)`.
 */
export const server = setupServer(
  trpcQuery('notifications.unreadCount', () => ({ unread: 0 })),
  trpcQuery('requests.intakeContext', () => ({ handling: { ...defaultRegimeHandling } })),
  trpcQuery('messages.forRequest', () => ({ items: [] })),
);
