import { describe, expect, it } from 'vitest';
import { drillSchema, type Drill } from '@privdesk/shared';
import { parseQueueSearch, requestFiltersOf } from '../features/requests/queue-search';
import { queueHrefOf } from './queue-link';

const officer = { canReadInternals: true, seesClearPii: true };

/** The filters the queue sends after following the link, without the sort the queue adds of its own. */
function filtersAfterFollowing(href: string): Drill {
  const url = new URL(href, 'https://desk.example');
  expect(url.pathname).toBe('/queue');
  const {
    sort: _sort,
    dir: _dir,
    ...filters
  } = requestFiltersOf(parseQueueSearch(url.searchParams), officer);
  return filters;
}

// Drills as the dashboard's figures build them: every filter it may set appears in one of them.
const drills: [string, Drill][] = [
  [
    'open in a period, by status',
    { statuses: ['in_progress'], receivedFrom: '2026-07-01', receivedTo: '2026-09-30' },
  ],
  [
    'overdue by 8–30 days',
    { statuses: ['received', 'verifying'], due: 'overdue', overdueMin: 8, overdueMax: 30 },
  ],
  ['overdue by over 90 days', { due: 'overdue', overdueMin: 91 }],
  ['unassigned', { statuses: ['received'], assignee: 'nobody', receivedTo: '2026-09-30' }],
  ['someone’s workload', { statuses: ['approved'], assignee: '3c0e8a52-1b2d-4f7e-9a6b-5d4c3b2a1f0e' }],
  [
    'answered late on the statutory clock',
    { responded: true, late: 'statutory', closedFrom: '2026-07-01', closedTo: '2026-09-30', regime: 'gdpr' },
  ],
  ['answered on time on the company clock', { responded: true, onTime: 'company', type: 'access' }],
  [
    'denied for suspected fraud',
    { statuses: ['denied'], reasonCode: 'suspected_fraud', closedFrom: '2026-01-01', closedTo: '2026-12-31' },
  ],
  ['answered with an extension', { responded: true, extended: true, channel: 'email' }],
  ['not answered, no extension', { responded: false, extended: false, minor: true }],
  ['identity check failed', { verification: 'failed', receivedFrom: '2026-07-01' }],
  [
    'erasure pending in a system',
    { erasurePending: '8d1f3c52-3a0b-4c47-9e56-1f7a0d9b2c11', due: 'due_soon' },
  ],
  ['everything', {}],
];

describe('a dashboard figure’s link to the queue', () => {
  it.each(drills)('opens the queue on exactly its filters: %s', (_name, drill) => {
    // Only drills the dashboard could send.
    expect(drillSchema.safeParse(drill).success).toBe(true);
    expect(filtersAfterFollowing(queueHrefOf(drill))).toEqual(drill);
  });

  it('spells every status as "all", and the rest under their own names', () => {
    expect(queueHrefOf({ late: 'statutory', responded: true, overdueMin: 8, due: 'overdue' })).toBe(
      '/queue?status=all&late=statutory&responded=true&overdueMin=8&due=overdue',
    );
    expect(queueHrefOf({ statuses: ['received', 'verifying'] })).toBe('/queue?status=received%2Cverifying');
  });
});
