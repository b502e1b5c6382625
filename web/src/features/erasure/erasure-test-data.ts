import { planOutputSchema, planViewSchema } from '@privdesk/shared';
import type { z } from 'zod';
import { olivia, omar } from '../../testing/factories';
import type { PlanLine, PlanOutput, PlanView } from './types';

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
