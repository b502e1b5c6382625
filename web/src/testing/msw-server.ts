import { setupServer } from 'msw/node';
import { trpcQuery } from './trpc-msw';

/**
 * Requests leave the app through real fetch calls; MSW answers them at the network edge. The one default
 * answer is the header bell's unread count, which every signed-in page asks for; tests about the bell
 * override it with `server.use(...)`.
 */
export const server = setupServer(trpcQuery('notifications.unreadCount', () => ({ unread: 0 })));
