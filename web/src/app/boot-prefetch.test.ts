import { httpLink } from '@trpc/client';
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseQueueSearch, requestFindInputOf } from '../features/requests/queue-search';
import type { AppRouter } from '../lib/trpc';
import { activeMe, queuePage } from '../testing/factories';
import { server } from '../testing/msw-server';
import { trpcQuery, type InputOf } from '../testing/trpc-msw';
import { plainQueueFindInput, prefetchAtBoot } from './boot-prefetch';
import { createAppServices } from './services';

describe('the entry asks at once', () => {
  it("for a plain queue, what the queue's own parsing asks for, whoever asks", () => {
    expect(plainQueueFindInput).toEqual({
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
    });
    for (const canReadInternals of [true, false]) {
      for (const seesClearPii of [true, false]) {
        expect(
          requestFindInputOf(parseQueueSearch(new URLSearchParams()), { canReadInternals, seesClearPii }),
        ).toEqual(plainQueueFindInput);
      }
    }
  });

  function answer() {
    const asked: string[] = [];
    const finds: InputOf<'requests.find'>[] = [];
    server.use(
      trpcQuery('auth.me', () => {
        asked.push('auth.me');
        return activeMe(['privacy_officer']);
      }),
      trpcQuery('requests.find', (input) => {
        asked.push('requests.find');
        finds.push(input);
        return queuePage('full', []);
      }),
      trpcQuery('views.find', () => {
        asked.push('views.find');
        return { builtIn: [], saved: [] };
      }),
    );
    const services = createAppServices({
      link: httpLink<AppRouter>({ url: `${window.location.origin}/trpc` }),
      retry: false,
    });
    return { asked, finds, services };
  }

  it('the session, and on /queue its first page and views', async () => {
    const { asked, finds, services } = answer();
    prefetchAtBoot(services, { pathname: '/queue', search: '' });
    await waitFor(() => expect([...asked].sort()).toEqual(['auth.me', 'requests.find', 'views.find']));
    expect(finds).toEqual([plainQueueFindInput]);
  });

  it('only the session anywhere else, and on a queue with filters (its loader knows what to ask)', async () => {
    for (const location of [
      { pathname: '/queue', search: '?status=all' },
      { pathname: '/audit', search: '' },
      { pathname: '/sign-in', search: '' },
    ]) {
      const { asked, services } = answer();
      prefetchAtBoot(services, location);
      await waitFor(() => expect(asked).toEqual(['auth.me']));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(asked).toEqual(['auth.me']);
    }
  });
});
