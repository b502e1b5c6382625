import { queuePage } from './factories';
import { trpcQuery } from './trpc-msw';

/**
 * The queue's calls answered with an empty queue: for tests that only pass through /queue (it is where
 * signing in lands for every role that reads requests) and are about something else.
 */
export function emptyQueueHandlers() {
  return [
    trpcQuery('requests.find', (input) => queuePage('full', [], { pageSize: input.pageSize ?? 25 })),
    trpcQuery('views.find', () => ({ builtIn: [], saved: [] })),
    trpcQuery('staff.assignable', () => ({ items: [] })),
  ];
}
