import { setupServer } from 'msw/node';
import { defaultMessageTemplates, defaultRegimeHandling, templateKinds } from '@privdesk/shared/constants';
import { trpcQuery } from './trpc-msw';

/**
 * Requests leave the app through real fetch calls; MSW answers them at the network edge. The default
 * answers are the header bell's unread count, which every signed-in page asks for, the intake form's
 * context, a request page's Sent mail and mail from the requester (none) and the shipped message templates; tests about them override them with `server.use(...)`.
 */
export const server = setupServer(
  trpcQuery('notifications.unreadCount', () => ({ unread: 0 })),
  trpcQuery('requests.intakeContext', () => ({ handling: { ...defaultRegimeHandling } })),
  trpcQuery('messages.forRequest', () => ({ items: [] })),
  // A request page's mail from the requester (issue 16): none unless a test says otherwise.
  trpcQuery('inbox.forRequest', () => ({ items: [] })),
  // Whether an authorised agent filed the request over the Data Rights Protocol: not unless a test says so.
  trpcQuery('drp.forRequest', () => null),
  trpcQuery('messages.templates', () => ({
    items: templateKinds.map((kind) => ({
      kind,
      regime: null,
      ...defaultMessageTemplates[kind],
      isDefault: true,
      version: 0,
      updatedAt: null,
      updatedBy: null,
    })),
  })),
);
