import { permissionsOf, type Role } from '@privdesk/shared/constants';
import { requestDetailSchema, type AuditEventRow, type Me, type StaffRow } from '@privdesk/shared';
import type { z } from 'zod';
import type { RouterOutputs } from '../lib/trpc';

let counter = 0;
const nextId = () => {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
};

export function activeMe(roles: Role[], overrides: { name?: string; email?: string } = {}): Me {
  return {
    state: 'active',
    staff: {
      id: nextId(),
      name: overrides.name ?? 'Ada Admin',
      email: overrides.email ?? 'ada@privacydesk.example',
      roles,
      permissions: permissionsOf(roles),
      stepUpValidUntil: null,
    },
  };
}

export const signedOut: Me = { state: 'signed_out', staff: null };

export function pendingMe(state: 'mfa' | 'enrol'): Me {
  return {
    state,
    staff: {
      id: nextId(),
      name: 'Pat Pending',
      email: 'pat@privacydesk.example',
      roles: ['admin'],
      permissions: [],
      stepUpValidUntil: null,
    },
  };
}

export function staffRow(overrides: Partial<StaffRow> = {}): StaffRow {
  return {
    id: nextId(),
    email: 'someone@privacydesk.example',
    name: 'Someone',
    roles: ['support_agent'],
    disabled: false,
    mfaEnrolled: true,
    hasPassword: true,
    lastSignInAt: '2026-03-02T09:15:00.000Z',
    createdAt: '2026-01-10T08:00:00.000Z',
    version: 1,
    pendingGrants: [],
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEventRow> = {}): AuditEventRow {
  return {
    seq: 1,
    at: '2026-03-02T09:15:00.000Z',
    actorId: null,
    actorName: null,
    action: 'auth.sign_in',
    entityType: 'session',
    entityId: nextId(),
    entityLabel: null,
    ip: '203.0.113.7',
    requestId: 'req-1',
    reason: null,
    before: null,
    after: null,
    ...overrides,
  };
}

export function page<T>(items: T[], opts: { total?: number; page?: number; pageSize?: number } = {}) {
  return { items, total: opts.total ?? items.length, page: opts.page ?? 1, pageSize: opts.pageSize ?? 25 };
}

// --- requests -------------------------------------------------------------------------------------------

type Outputs = RouterOutputs['requests'];
export type FullRow = Extract<Outputs['find'], { view: 'full' }>['items'][number];
export type SummaryRow = Extract<Outputs['find'], { view: 'summary' }>['items'][number];
export type RequestDetailView = Outputs['get'];
/** What a test may give: plain strings where the answer has masked ones (the factory parses them). */
export type RequestDetailInput = Partial<z.input<typeof requestDetailSchema>>;
export type TimelineItem = Outputs['timeline']['items'][number];

let referenceCounter = 100;
const nextReference = () => {
  referenceCounter += 1;
  return `DSR-2026-${String(referenceCounter).padStart(6, '0')}`;
};

export const olivia = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Olivia Okafor' };
export const omar = { id: '00000000-0000-4000-8000-0000000000a2', name: 'Omar Haddad' };

// Rows carry what the queue reads. The server's answer may hold more (the legal-clocks work adds fields);
// the pages ignore what they do not read, so the factories do not chase every new field.
/** Plain strings where the row has branded (masked) ones: a test writes the masked value out by hand. */
type RowOverrides<T> = { [K in keyof T]?: T[K] extends string ? string : T[K] };

export function queueRow(overrides: RowOverrides<FullRow> = {}): FullRow {
  const row = {
    id: nextId(),
    reference: nextReference(),
    version: 1,
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    status: 'received',
    priority: 'normal',
    minor: false,
    requesterName: 'Jane Doe',
    requesterEmail: 'jane.doe@example.com',
    requesterMasked: false,
    assignee: null,
    receivedAt: '2026-03-02T09:15:00.000Z',
    dueOn: '2026-04-01',
    companyDueOn: '2026-04-01',
    statutoryDueOn: '2026-04-02',
    effectiveDueOn: '2026-04-01',
    customerFlags: [],
    filedBy: null,
    ...overrides,
  };
  return row as FullRow;
}

export function summaryRow(overrides: Partial<SummaryRow> = {}): SummaryRow {
  const row = {
    id: nextId(),
    reference: nextReference(),
    type: 'access',
    regime: 'gdpr',
    status: 'received',
    receivedAt: '2026-03-02T09:15:00.000Z',
    dueOn: '2026-04-01',
    requesterName: 'J. D***',
    requesterEmail: 'j***@e***.com',
    requesterMasked: true as const,
    customerFlags: [],
    ...overrides,
  };
  return row as SummaryRow;
}

type FindOutput = Outputs['find'];

export function queuePage<V extends FindOutput['view']>(
  view: V,
  items: Extract<FindOutput, { view: V }>['items'],
  opts: { total?: number; totalExact?: boolean; page?: number; pageSize?: number; today?: string } = {},
): Extract<FindOutput, { view: V }> {
  const answer = {
    view,
    items,
    total: opts.total ?? items.length,
    totalExact: opts.totalExact ?? true,
    page: opts.page ?? 1,
    pageSize: opts.pageSize ?? 25,
    today: opts.today ?? '2026-03-10',
  };
  return answer as Extract<FindOutput, { view: V }>;
}

/**
 * A request page answer, parsed with the server's own output schema: a test cannot build an answer the
 * server could not give (a masked view with a clear name fails here).
 */
export function requestDetail(overrides: RequestDetailInput = {}): RequestDetailView {
  const base = {
    id: nextId(),
    reference: nextReference(),
    version: 4,
    type: 'access' as const,
    regime: 'gdpr' as const,
    channel: 'email' as const,
    status: 'received' as const,
    priority: 'normal' as const,
    minor: false,
    requesterName: 'J. D***',
    requesterEmail: 'j***@e***.com',
    requesterMasked: true,
    requesterLocation: 'DE',
    agent: null,
    customer: null,
    customerFlags: [],
    description: 'Wants a copy of everything we hold.',
    receivedAt: '2026-03-02T09:15:00.000Z',
    loggedAt: '2026-03-02T09:20:00.000Z',
    assignee: null,
    outcome: null,
    reasonCode: null,
    denialExplanation: null,
    due: {
      dueOn: '2026-04-01',
      companyDueOn: '2026-04-01',
      statutoryDueOn: '2026-04-02',
      effectiveDueOn: '2026-04-01',
      calendar: 'IE',
      timeZone: 'Europe/Dublin',
    },
    updatedAt: '2026-03-02T09:20:00.000Z',
    updatedBy: olivia,
    scrubbedAt: null,
    allowedMoves: [],
    canAssign: false,
    clocks: requestClocks(),
    closure: null,
    customerLinkCheck: null,
    related: [],
    verification: requestVerification(),
  } satisfies z.input<typeof requestDetailSchema>;
  return requestDetailSchema.parse({ ...base, ...overrides });
}

/** Standard needed and met by an account match: what most tests of work after verification stand on. */
export function requestVerification(
  overrides: Partial<RequestDetailView['verification']> = {},
): RequestDetailView['verification'] {
  return {
    required: 'standard',
    why: 'Standard: the setting for this regime and type.',
    met: 'standard',
    satisfied: true,
    points: ['email'],
    declarationSigned: false,
    documentSeen: false,
    agentConfirmed: false,
    missing: null,
    knowScope: null,
    sensitiveData: false,
    accountMatchAvailable: true,
    records: [
      {
        id: '0b8a3c1e-5d2f-4e6a-9b7c-1d2e3f4a5b6c',
        method: 'account_match',
        outcome: 'passed',
        toAccountEmail: true,
        matchedPoints: [],
        comparedPoints: 0,
        declarationSigned: false,
        subjectConfirmed: false,
        documentType: null,
        note: null,
        recordedAt: '2026-03-02T10:00:00.000Z',
        recordedBy: olivia,
      },
    ],
    ...overrides,
  };
}

/** Nothing checked yet: a request as it arrives. */
export function unverified(): RequestDetailView['verification'] {
  return requestVerification({
    met: 'none',
    satisfied: false,
    points: [],
    accountMatchAvailable: false,
    records: [],
    missing:
      'Standard needs two matched data points (0 data points so far), an account match, or a link or code confirmed at the account’s own email.',
  });
}

/** A GDPR access request received on 2 Mar 2026, nothing on its ledger yet: the clocks as the server derives them. */
export function requestClocks(
  overrides: Partial<RequestDetailView['clocks']> = {},
): RequestDetailView['clocks'] {
  return {
    statutory: {
      dueOn: '2026-04-02',
      extendedDueOn: '2026-06-02',
      extensionNoticeBy: '2026-04-02',
      rule: 'GDPR Art. 12(3)',
      state: 'initial',
    },
    company: { dueOn: '2026-04-01', superseded: false },
    effective: { dueOn: '2026-04-01', source: 'company' },
    paused: false,
    pausedDays: 0,
    explanation:
      '1 month from 2 Mar 2026 under GDPR Art. 12(3): 2 Apr 2026. Company SLA 30 days: 1 Apr 2026, the earlier.',
    warnings: [],
    handling: { calendar: 'IE', timeZone: 'Europe/Dublin' },
    today: '2026-03-10',
    canExtendUntil: '2026-04-02',
    canPause: false,
    acknowledgedOn: null,
    extensionEntryId: null,
    ledger: [],
    ...overrides,
  };
}
