import { isErasureType } from '@privdesk/shared';
import type { RequestPlan } from './request-dataset.js';
import type { DemoPeople, DemoPlanStep, DemoStep } from './request-history.js';

const MINUTE = 60_000;

/**
 * The states the demo shows a plan in (issue 15: "plans in every state"), and how each is reached; with the
 * erasure that completes at start-up (below), which needs one of the few histories old enough for it.
 */
const planShowcase: readonly {
  state: string;
  steps: readonly (DemoPlanStep & { by: 'preparer' | 'approver' })[];
}[] = [
  { state: 'approved, in its grace period', steps: [] },
  { state: 'prepared', steps: [{ action: 'prepare', by: 'preparer' }] },
  {
    state: 'prepared, a line checked',
    steps: [
      { action: 'prepare', by: 'preparer' },
      {
        action: 'change_line',
        by: 'preparer',
        system: 'support_desk',
        lineAction: 'not_held',
        ground: null,
        note: 'Searched the help desk by the account’s email and name: no tickets, no profile.',
      },
    ],
  },
  {
    state: 'awaiting approval',
    steps: [
      { action: 'prepare', by: 'preparer' },
      {
        action: 'change_line',
        by: 'preparer',
        system: 'product_analytics',
        lineAction: 'anonymise',
        ground: null,
        note: 'Event counts stay for capacity planning; the account key is replaced.',
      },
      { action: 'submit', by: 'preparer' },
    ],
  },
  {
    state: 'rejected, back with its preparer',
    steps: [
      { action: 'prepare', by: 'preparer' },
      { action: 'submit', by: 'preparer' },
      {
        action: 'reject',
        by: 'approver',
        note: 'Marketing email may hold a second address of theirs: ask its owner to check, then resubmit.',
      },
    ],
  },
];

/** The approved plan: a line kept for a dispute, approved an hour ago, so its grace period is still running. */
const approvedSteps: readonly (DemoPlanStep & { by: 'preparer' | 'approver'; minutesAgo: number })[] = [
  { action: 'prepare', by: 'preparer', minutesAgo: 150 },
  {
    action: 'change_line',
    by: 'preparer',
    minutesAgo: 140,
    system: 'payments',
    lineAction: 'retain',
    ground: 'legal_claims',
    note: 'A chargeback on the last invoice is disputed until the bank decides.',
  },
  { action: 'submit', by: 'preparer', minutesAgo: 130 },
  {
    action: 'approve',
    by: 'approver',
    minutesAgo: 60,
    note: 'Checked each line against the inventory: invoices stay for tax law, payments for the dispute.',
  },
];

/**
 * The erasure that completes as the demo starts: a request with no linked account (the platform holds
 * nothing of it), the three systems checked by hand found empty, approved five hours before the seed. Its
 * grace period ended an hour ago, so the worker runs it at start-up: the subprocessors' stand-in takes the
 * signed calls (which also tell them, as recipients), and the request completes with its certificate.
 */
const completedSteps: readonly (DemoPlanStep & { by: 'preparer' | 'approver'; minutesAgo: number })[] = [
  { action: 'prepare', by: 'preparer', minutesAgo: 330 },
  ...(
    [
      [
        'cloud_hosting',
        'Checked the hosting console’s customer storage by the requester’s email: nothing there.',
      ],
      ['support_desk', 'Searched the help desk by email and name: no tickets, no profile.'],
      ['marketing_email', 'Searched the marketing tool by email: never subscribed.'],
    ] as const
  ).map(([system, note], i) => ({
    action: 'change_line' as const,
    by: 'preparer' as const,
    minutesAgo: 325 - 5 * i,
    system,
    lineAction: 'not_held' as const,
    ground: null,
    note,
  })),
  { action: 'submit', by: 'preparer', minutesAgo: 305 },
  {
    action: 'approve',
    by: 'approver',
    minutesAgo: 300,
    note: 'No account on the platform; the three hand-checked systems hold nothing: the subprocessors are called.',
  },
];

/**
 * Erasure plans in every state the app has so far, made by the plan's own rules after their requests'
 * histories: on erasures in progress with a linked account, the preparer an officer, the decider the other.
 */
export function erasureDemoSteps(
  histories: readonly { plan: RequestPlan; steps: readonly DemoStep[] }[],
  people: Pick<DemoPeople, 'officerIds'>,
  now: Date,
): DemoStep[] {
  const [first, second] = people.officerIds;
  if (first === undefined || second === undefined) throw new Error('demo: plans need two privacy officers');
  const candidates = histories
    .filter(({ plan }) => isErasureType(plan.row.type) && plan.row.status === 'in_progress')
    .map(({ plan, steps }) => ({
      key: plan.row.id,
      linked: plan.row.customerId !== null && plan.row.customerId !== undefined,
      preparer: plan.row.assigneeId === second ? second : first,
      lastAt: Math.max(...steps.map((s) => s.at.getTime())),
    }))
    // Linked accounts first (their plans reach the platform database), the oldest histories first.
    .sort((a, b) => Number(b.linked) - Number(a.linked) || a.lastAt - b.lastAt);
  const out: DemoStep[] = [];
  const latest = now.getTime() - 2 * MINUTE;
  const take = (before: number) => {
    const i = candidates.findIndex((c) => c.lastAt < before);
    return i < 0 ? undefined : candidates.splice(i, 1)[0];
  };
  // First the erasure that completes at start-up: an unlinked request whose history ended before the plan's
  // five hours (few histories leave that much room).
  const index = candidates.findIndex((c) => !c.linked && c.lastAt < now.getTime() - 340 * MINUTE);
  const unlinked = index < 0 ? undefined : candidates.splice(index, 1)[0];
  if (unlinked) {
    const approver = unlinked.preparer === first ? second : first;
    for (const { by, minutesAgo, ...step } of completedSteps) {
      const at = now.getTime() - minutesAgo * MINUTE;
      const actorId = by === 'preparer' ? unlinked.preparer : approver;
      out.push({ at: new Date(at), key: unlinked.key, actorId, kind: 'plan', step });
    }
  }
  for (const showcase of planShowcase) {
    const approved = showcase.steps.length === 0;
    // Room after the history for the plan's steps, in order, before now (the approved plan's begin 2½ hours ago).
    const candidate = take(approved ? now.getTime() - 160 * MINUTE : latest - 70 * MINUTE);
    if (!candidate) continue;
    const approver = candidate.preparer === first ? second : first;
    const actor = (by: 'preparer' | 'approver') => (by === 'preparer' ? candidate.preparer : approver);
    if (approved) {
      for (const { by, minutesAgo, ...step } of approvedSteps) {
        const at = now.getTime() - minutesAgo * MINUTE;
        out.push({ at: new Date(at), key: candidate.key, actorId: actor(by), kind: 'plan', step });
      }
      continue;
    }
    showcase.steps.forEach(({ by, ...step }, i) => {
      const at = candidate.lastAt + (20 + 15 * i) * MINUTE;
      out.push({ at: new Date(at), key: candidate.key, actorId: actor(by), kind: 'plan', step });
    });
  }
  return out;
}
