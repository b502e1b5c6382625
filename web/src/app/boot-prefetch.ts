import type { RequestFindInput } from '@privdesk/shared';
import type { AppServices } from './services';

/**
 * What a plain `/queue` asks `requests.find` for, whoever asks (the open requests, soonest due first, the
 * first 25): the queue's own parsing (queue-search.ts) gives the same, which a test checks. Written out here,
 * statuses too, so that the entry asks for it without loading the queue's code (importing even the shared
 * constants made the bundler hang the requests feature's chunk on every page's entry).
 */
export const plainQueueFindInput: RequestFindInput = {
  statuses: [
    'received',
    'verifying',
    'in_progress',
    'awaiting_requester',
    'awaiting_approval',
    'approved',
    'fulfilling',
  ],
  sort: 'dueOn',
  dir: 'asc',
  page: 1,
  pageSize: 25,
};

/**
 * Asked the moment the entry runs, in one round trip: who is signed in (every page needs it) and, for a
 * plain `/queue` — where signing in lands most people — its first page and views. Before, the queue's data
 * waited for the queue's route chunks to load and run (~130 ms on a cold load), and the page rendered
 * twice: the skeleton, then the rows. The route loaders find these answers in the cache or on their way. A
 * signed-out or unauthorised answer is simply not shown: the server checks every call as always.
 */
export function prefetchAtBoot(services: AppServices, location: { pathname: string; search: string }) {
  const { queryClient, trpc } = services;
  void queryClient.prefetchQuery(trpc.auth.me.queryOptions());
  if (location.pathname === '/queue' && location.search === '') {
    void queryClient.prefetchQuery(trpc.requests.find.queryOptions(plainQueueFindInput));
    void queryClient.prefetchQuery(trpc.views.find.queryOptions());
  }
}
