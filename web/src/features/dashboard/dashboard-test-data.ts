import { openRequestStatuses, type RequestStatus } from '@privdesk/shared/constants';
import type { Drill } from '@privdesk/shared';
import type { OutputOf } from '../../testing/trpc-msw';

// Answers of the dashboard's procedures for the web tests, written out by hand as the server would give
// them for the third quarter of 2026: every figure with the queue filters behind it.

type Dashboard = OutputOf<'dashboard.get'>;
type CcpaReport = OutputOf<'dashboard.ccpaReport'>;

export const olivia = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Olivia Okafor' };
export const piotr = { id: '00000000-0000-4000-8000-0000000000a2', name: 'Piotr Nowak' };
export const crm = { id: '00000000-0000-4000-8000-00000000d001', name: 'CRM' };

const received: Drill = { receivedFrom: '2026-07-01', receivedTo: '2026-09-30' };
const open: Drill = { ...received, statuses: [...openRequestStatuses] };
const answered: Drill = { responded: true, closedFrom: '2026-07-01', closedTo: '2026-09-30' };
const julyAnswered: Drill = { ...answered, closedFrom: '2026-07-01', closedTo: '2026-07-31' };
const augustAnswered: Drill = { ...answered, closedFrom: '2026-08-01', closedTo: '2026-08-31' };

const fig = (count: number, drill: Drill) => ({ count, drill });

const openCounts: Record<(typeof openRequestStatuses)[number], number> = {
  received: 4,
  verifying: 2,
  in_progress: 5,
  awaiting_requester: 1,
  awaiting_approval: 0,
  approved: 0,
  fulfilling: 0,
};

function timeliness(drill: Drill, total: number, onTime: { e: number; s: number; c: number }) {
  const side = (basis: 'effective' | 'statutory' | 'company', n: number) => ({
    onTime: fig(n, { ...drill, onTime: basis }),
    late: fig(total - n, { ...drill, late: basis }),
  });
  return {
    responded: fig(total, drill),
    effective: side('effective', onTime.e),
    statutory: side('statutory', onTime.s),
    company: side('company', onTime.c),
  };
}

const byStatus = (drill: Drill, counts: Partial<Record<RequestStatus, number>>) =>
  openRequestStatuses
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((status) => ({ status, ...fig(counts[status] ?? 0, { ...drill, statuses: [status] }) }));

export function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    today: '2026-10-05',
    from: '2026-07-01',
    to: '2026-09-30',
    companySlaDays: 20,
    generatedAt: '2026-10-05T09:00:00.000Z',
    open: {
      total: fig(12, open),
      byStatus: openRequestStatuses.map((status) => ({
        status,
        ...fig(openCounts[status], { ...open, statuses: [status] }),
      })),
    },
    dueSoon: fig(3, { ...open, due: 'due_soon' }),
    overdue: {
      total: fig(4, { ...open, due: 'overdue' }),
      maxDays: 45,
      buckets: [
        { key: '1_7', ...fig(2, { ...open, due: 'overdue', overdueMin: 1, overdueMax: 7 }) },
        { key: '8_30', ...fig(1, { ...open, due: 'overdue', overdueMin: 8, overdueMax: 30 }) },
        { key: '31_90', ...fig(1, { ...open, due: 'overdue', overdueMin: 31, overdueMax: 90 }) },
        { key: '91_plus', ...fig(0, { ...open, due: 'overdue', overdueMin: 91 }) },
      ],
    },
    unassigned: {
      total: fig(5, { ...open, assignee: 'nobody' }),
      oldestDays: 19,
      buckets: [
        {
          key: '15_plus',
          ...fig(2, { ...open, assignee: 'nobody', receivedFrom: '2026-07-01', receivedTo: '2026-09-20' }),
        },
      ],
    },
    workload: [
      {
        assignee: olivia,
        total: fig(7, { ...open, assignee: olivia.id }),
        byStatus: byStatus({ ...open, assignee: olivia.id }, { in_progress: 5, verifying: 2 }),
      },
      {
        assignee: null,
        total: fig(5, { ...open, assignee: 'nobody' }),
        byStatus: byStatus({ ...open, assignee: 'nobody' }, { received: 4, awaiting_requester: 1 }),
      },
    ],
    intake: [
      { weekStart: '2026-06-29', ...fig(6, { receivedFrom: '2026-07-01', receivedTo: '2026-07-05' }) },
      { weekStart: '2026-07-06', ...fig(9, { receivedFrom: '2026-07-06', receivedTo: '2026-07-12' }) },
    ],
    verification: {
      passed: fig(18, { ...received, verification: 'passed' }),
      failed: fig(2, { ...received, verification: 'failed' }),
    },
    erasure: [{ system: crm, ...fig(3, { ...received, erasurePending: crm.id }) }],
    answered: timeliness(answered, 20, { e: 18, s: 19, c: 15 }),
    answeredByMonth: [
      { month: '2026-07', ...timeliness(julyAnswered, 8, { e: 8, s: 8, c: 7 }) },
      { month: '2026-08', ...timeliness(augustAnswered, 12, { e: 10, s: 11, c: 8 }) },
    ],
    daysToClose: [
      {
        type: 'access',
        responded: fig(14, { ...answered, type: 'access' }),
        median: 12,
        p90: 27.4,
        mean: 13.6,
      },
      {
        type: 'erasure',
        responded: fig(6, { ...answered, type: 'erasure' }),
        median: 9.5,
        p90: 20,
        mean: 11,
      },
    ],
    extended: fig(2, { ...answered, extended: true }),
    denied: {
      total: fig(3, { ...answered, statuses: ['denied'] }),
      byReason: [
        { reasonCode: 'no_match', ...fig(2, { ...answered, statuses: ['denied'], reasonCode: 'no_match' }) },
        {
          reasonCode: 'suspected_fraud',
          ...fig(1, { ...answered, statuses: ['denied'], reasonCode: 'suspected_fraud' }),
        },
      ],
    },
    ...overrides,
  };
}

/** A period with nothing in it: nothing received, nothing answered. */
export function emptyDashboard(): Dashboard {
  const none = timeliness(answered, 0, { e: 0, s: 0, c: 0 });
  return dashboard({
    open: {
      total: fig(0, open),
      byStatus: openRequestStatuses.map((status) => ({ status, ...fig(0, { ...open, statuses: [status] }) })),
    },
    dueSoon: fig(0, { ...open, due: 'due_soon' }),
    overdue: { total: fig(0, { ...open, due: 'overdue' }), maxDays: null, buckets: [] },
    unassigned: { total: fig(0, { ...open, assignee: 'nobody' }), oldestDays: null, buckets: [] },
    workload: [],
    intake: [],
    verification: {
      passed: fig(0, { ...received, verification: 'passed' }),
      failed: fig(0, { ...received, verification: 'failed' }),
    },
    erasure: [],
    answered: none,
    answeredByMonth: [],
    daysToClose: [],
    extended: fig(0, { ...answered, extended: true }),
    denied: { total: fig(0, { ...answered, statuses: ['denied'] }), byReason: [] },
  });
}

export function ccpaReport(year: number): CcpaReport {
  const base: Drill = {
    regime: 'ccpa',
    receivedFrom: `${String(year)}-01-01`,
    receivedTo: `${String(year)}-12-31`,
  };
  const row = (
    type: 'know' | 'delete' | 'correct' | 'opt_out_sale' | 'limit_sensitive',
    counts: [number, number, number, number],
    medianDays: number | null,
    meanDays: number | null,
  ) => {
    const drill: Drill = { ...base, type };
    return {
      type,
      received: fig(counts[0], drill),
      compliedInWholeOrPart: fig(counts[1], { ...drill, statuses: ['completed'] }),
      denied: fig(counts[2], { ...drill, statuses: ['denied', 'closed_unverified'], responded: true }),
      open: fig(counts[3], { ...drill, statuses: [...openRequestStatuses] }),
      medianDays,
      meanDays,
    };
  };
  return {
    year,
    generatedAt: '2026-10-05T09:00:00.000Z',
    rows: [
      row('know', [40, 31, 6, 3], 18, 21.4),
      row('delete', [25, 20, 4, 1], 12.5, 14),
      row('correct', [3, 2, 1, 0], 30, 30),
      row('opt_out_sale', [60, 60, 0, 0], 1, 1.2),
      row('limit_sensitive', [0, 0, 0, 0], null, null),
    ],
  };
}
