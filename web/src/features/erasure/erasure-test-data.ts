import { erasureTaskSchema, planOutputSchema, planViewSchema } from '@privdesk/shared';
import type { z } from 'zod';
import { olivia, omar } from '../../testing/factories';
import type { ErasureTask, PlanLine, PlanOutput, PlanView } from './types';

// Plan answers for the web tests, parsed with the server's own output schema: a test cannot build a plan the
// server could not answer.

export const requestId = '00000000-0000-4000-8000-00000000d101';
const planId = '00000000-0000-4000-8000-00000000d102';

const billing = {
  id: '00000000-0000-4000-8000-00000000b001',
  key: 'billing',
  name: 'Billing',
  connectorKind: 'internal' as const,
};
const crm = {
  id: '00000000-0000-4000-8000-00000000b002',
  key: 'crm',
  name: 'CRM',
  connectorKind: 'webhook' as const,
};
const helpdesk = {
  id: '00000000-0000-4000-8000-00000000b003',
  key: 'helpdesk',
  name: 'Helpdesk',
  connectorKind: 'manual' as const,
};

/** What a line's execution has reported before it runs: nothing. */
const notRun = {
  recipient: null,
  rows: null,
  waitingFor: null,
  owner: null,
  failure: null,
  notice: null,
  evidence: null,
  finishedAt: null,
  finishedBy: null,
} satisfies Partial<PlanLine>;

/** The billing system's data, deleted: a line the officer may change freely. */
export const deleteLine: PlanLine = {
  id: '00000000-0000-4000-8000-00000000c101',
  position: 0,
  system: billing,
  scope: null,
  platformScope: null,
  action: 'delete',
  ground: null,
  law: null,
  forcedBy: null,
  note: null,
  status: 'pending',
  ...notRun,
};

/** What the billing system's retention rule keeps: forced, only its note changes. */
export const ruleLine: PlanLine = {
  id: '00000000-0000-4000-8000-00000000c102',
  position: 1,
  system: billing,
  scope: 'Invoices and their lines',
  platformScope: 'invoices',
  action: 'retain',
  ground: 'legal_obligation',
  law: 'Bokføringsloven § 13 (5 years)',
  forcedBy: 'retention_rule',
  note: null,
  status: 'pending',
  ...notRun,
};

export const notHeldLine: PlanLine = {
  id: '00000000-0000-4000-8000-00000000c103',
  position: 2,
  system: crm,
  scope: null,
  platformScope: null,
  action: 'not_held',
  ground: null,
  law: null,
  forcedBy: null,
  note: 'Its connector found no data for this person.',
  status: 'pending',
  ...notRun,
};

export const holdLine: PlanLine = {
  id: '00000000-0000-4000-8000-00000000c104',
  position: 3,
  system: helpdesk,
  scope: null,
  platformScope: null,
  action: 'retain',
  ground: 'legal_hold',
  law: null,
  forcedBy: 'legal_hold',
  note: null,
  status: 'pending',
  ...notRun,
};

/** A plan being prepared by Olivia, with every kind of line; the reader may change and submit it. */
export function planView(overrides: Partial<z.input<typeof planViewSchema>> = {}): PlanView {
  const base = {
    id: planId,
    requestId,
    status: 'in_progress',
    version: 2,
    preparedBy: olivia,
    preparedAt: '2026-03-05T09:00:00.000Z',
    editors: [olivia],
    submitted: null,
    decision: null,
    graceEndsAt: null,
    executionStartedAt: null,
    lines: [deleteLine, ruleLine, notHeldLine, holdLine],
    can: { change: true, submit: true, decide: false, cancel: false },
    blockers: [],
  } satisfies z.input<typeof planViewSchema>;
  return planViewSchema.parse({ ...base, ...overrides });
}

/** The plan awaiting approval, as Omar (not one of its editors) sees it: he decides it. */
export function awaitingPlan(overrides: Partial<z.input<typeof planViewSchema>> = {}): PlanView {
  return planView({
    status: 'awaiting_approval',
    version: 3,
    submitted: { by: olivia, at: '2026-03-05T10:00:00.000Z', version: 3 },
    can: { change: true, submit: false, decide: true, cancel: false },
    ...overrides,
  });
}

export { olivia, omar };

export function planOutput(plan: PlanView | null, rest: Partial<PlanOutput> = {}): PlanOutput {
  return planOutputSchema.parse({ plan, canPrepare: false, prepareBlocker: null, ...rest });
}

const marketing = {
  id: '00000000-0000-4000-8000-00000000b004',
  key: 'marketing',
  name: 'Marketing email',
  connectorKind: 'webhook' as const,
};

/** The helpdesk's owner: the person its manual tasks wait for. */
export const mina = { id: '00000000-0000-4000-8000-0000000000a3', name: 'Mina Owner' };

const at = (minute: number) => `2026-03-05T15:${String(minute).padStart(2, '0')}:00.000Z`;

/** The platform database erased 42 rows of the billing system. */
export const platformDone: PlanLine = {
  ...deleteLine,
  status: 'done',
  rows: 42,
  finishedAt: at(1),
};

/** The invoices kept by the retention rule: done at once, nothing erased. */
export const retainedDone: PlanLine = { ...ruleLine, status: 'done', finishedAt: at(0) };

/** The CRM's receiver took the request and has yet to call back. */
export const receiverWaiting: PlanLine = {
  ...deleteLine,
  id: '00000000-0000-4000-8000-00000000c105',
  position: 2,
  system: crm,
  status: 'running',
  waitingFor: 'receiver',
};

/** The helpdesk's manual task, waiting for Mina's evidence. */
export const taskWaiting: PlanLine = {
  ...deleteLine,
  id: '00000000-0000-4000-8000-00000000c106',
  position: 3,
  system: helpdesk,
  status: 'running',
  waitingFor: 'owner',
  owner: mina,
};

export const receiverFailed: PlanLine = {
  ...deleteLine,
  id: '00000000-0000-4000-8000-00000000c107',
  position: 4,
  system: marketing,
  status: 'failed',
  failure: 'The receiver answered 500: Internal Server Error.',
  finishedAt: at(2),
};

/** A second helpdesk task, closed by Olivia with her evidence. */
export const taskClosed: PlanLine = {
  ...deleteLine,
  id: '00000000-0000-4000-8000-00000000c108',
  position: 5,
  system: helpdesk,
  scope: 'Call recordings',
  status: 'done',
  owner: mina,
  evidence: 'Deleted 3 recordings; a search by account number finds none.',
  finishedAt: at(3),
  finishedBy: olivia,
};

/** A running erasure: three of six lines done, one waiting for a receiver, one for its owner, one failed. */
export function fulfillingPlan(overrides: Partial<z.input<typeof planViewSchema>> = {}): PlanView {
  return awaitingPlan({
    status: 'fulfilling',
    decision: { kind: 'approved', by: omar, at: '2026-03-05T11:00:00.000Z', note: 'Fine.' },
    graceEndsAt: '2026-03-05T15:00:00.000Z',
    executionStartedAt: '2026-03-05T15:00:00.000Z',
    lines: [platformDone, retainedDone, receiverWaiting, taskWaiting, receiverFailed, taskClosed],
    can: { change: false, submit: false, decide: false, cancel: false },
    ...overrides,
  });
}

/** Mina's open helpdesk task, as her task list shows it. */
export function erasureTask(overrides: Partial<ErasureTask> = {}): ErasureTask {
  return erasureTaskSchema.parse({
    requestId,
    reference: 'DSR-2026-000200',
    lineId: taskWaiting.id,
    system: {
      id: helpdesk.id,
      name: helpdesk.name,
      instructions: 'Search the helpdesk by account number and delete every ticket of the account.',
    },
    recipient: null,
    action: 'delete',
    scope: null,
    accountNumber: 'ACC-100234',
    openedAt: at(0),
    ...overrides,
  });
}
