// Zod-free on purpose: the web imports these through `@privdesk/shared/constants` without pulling zod.
// Request types and regimes are not redefined here: they come from the clock engine's regime table.
import type { ClockEventKind, ClockState } from '../clocks/clock.schemas.js';
import { regimeTypes, type Regime, type RequestType } from '../clocks/regimes.js';

/** product.md §3. The transition table in lifecycle.ts is the only place that knows the moves. */
export const requestStatuses = [
  'received',
  'verifying',
  'in_progress',
  'awaiting_requester',
  'awaiting_approval',
  'approved',
  'fulfilling',
  'completed',
  'denied',
  'withdrawn',
  'closed_unverified',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const openRequestStatuses = [
  'received',
  'verifying',
  'in_progress',
  'awaiting_requester',
  'awaiting_approval',
  'approved',
  'fulfilling',
] as const satisfies readonly RequestStatus[];
export const closedRequestStatuses = [
  'completed',
  'denied',
  'withdrawn',
  'closed_unverified',
] as const satisfies readonly RequestStatus[];

export function isOpenStatus(status: RequestStatus): boolean {
  return (openRequestStatuses as readonly RequestStatus[]).includes(status);
}

export const requestStatusLabels: Record<RequestStatus, string> = {
  received: 'Received',
  verifying: 'Verifying identity',
  in_progress: 'In progress',
  awaiting_requester: 'Waiting on requester',
  awaiting_approval: 'Awaiting approval',
  approved: 'Approved',
  fulfilling: 'Fulfilling',
  completed: 'Completed',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  closed_unverified: 'Closed (unverified)',
};

export const requestChannels = [
  'email',
  'web_form',
  'support',
  'phone',
  'in_app',
  'authorised_agent',
] as const;
export type RequestChannel = (typeof requestChannels)[number];

export const requestChannelLabels: Record<RequestChannel, string> = {
  email: 'Email',
  web_form: 'Web form',
  support: 'Support',
  phone: 'Phone',
  in_app: 'In-app',
  authorised_agent: 'Authorised agent',
};

/** Stored as the index in this list, so that sorting by priority sorts by urgency. */
export const requestPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type RequestPriority = (typeof requestPriorities)[number];

export const requestPriorityLabels: Record<RequestPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** Denial / closure reason codes, in the Data Rights Protocol vocabulary (product.md §3). */
export const requestReasonCodes = [
  'identity_unverified',
  'insufficient_verification',
  'no_match',
  'not_covered',
  'outside_jurisdiction',
  'manifestly_unfounded',
  'excessive',
  'exemption',
  'suspected_fraud',
  'duplicate',
  'withdrawn',
] as const;
export type RequestReasonCode = (typeof requestReasonCodes)[number];

export const requestReasonCodeLabels: Record<RequestReasonCode, string> = {
  identity_unverified: 'Identity could not be verified',
  insufficient_verification: 'Insufficient verification',
  no_match: 'No data held (no match)',
  not_covered: 'Right does not apply',
  outside_jurisdiction: 'Outside jurisdiction',
  manifestly_unfounded: 'Manifestly unfounded',
  excessive: 'Excessive (Art. 12(5): evidence required)',
  exemption: 'Exemption (statutory ground)',
  suspected_fraud: 'Suspected fraud',
  duplicate: 'Duplicate request',
  withdrawn: 'Withdrawn by the requester',
};

/** Reason codes a denial may carry; `withdrawn` belongs to the withdrawal move, not to a denial. */
export const denialReasonCodes = requestReasonCodes.filter((code) => code !== 'withdrawn');
/** A request that could not be verified closes with one of these (product.md §5). */
export const unverifiedReasonCodes = [
  'identity_unverified',
  'insufficient_verification',
] as const satisfies readonly RequestReasonCode[];

/** How a closed request ended. Set by the move that closes it; completion chooses between the first two. */
export const requestOutcomes = [
  'fulfilled',
  'partially_fulfilled',
  'denied',
  'withdrawn',
  'closed_unverified',
] as const;
export type RequestOutcome = (typeof requestOutcomes)[number];
export const completionOutcomes = [
  'fulfilled',
  'partially_fulfilled',
] as const satisfies readonly RequestOutcome[];
export type CompletionOutcome = (typeof completionOutcomes)[number];

export const requestOutcomeLabels: Record<RequestOutcome, string> = {
  fulfilled: 'Fulfilled',
  partially_fulfilled: 'Partially fulfilled',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  closed_unverified: 'Closed unverified',
};

/** Types whose fulfilment is an erasure plan (product.md §6): they pass through approval, never straight to completed. */
export const erasureRequestTypes = ['erasure', 'delete'] as const satisfies readonly RequestType[];

export function isErasureType(type: RequestType): boolean {
  return (erasureRequestTypes as readonly RequestType[]).includes(type);
}

export const timelineEventKinds = [
  'intake',
  'status_changed',
  'assigned',
  'note',
  /** A clock-ledger entry recorded or removed (acknowledgement, extension, asks, pauses). */
  'clock',
  'received_at_changed',
  /** An identity check recorded, passed or failed (issue 13, item 2). */
  'verification',
  /** What the required level is worked out from changed: a CCPA know scope, the sensitive-data flag. */
  'verification_scope',
  /** A duplicate merged: on the survivor (what came in) and on the duplicate (where it went). */
  'merged',
  /** A message to the requester queued, sent, failed or cancelled (issue 13, item 4). */
  'message',
  /** The erasure plan prepared, changed, submitted, decided, voided or cancelled (issue 15). */
  'erasure_plan',
  /** Mail from the requester put on the request: by its threading, or by an officer (issue 16). */
  'mail_received',
  /** Between us and the authorised agent that filed it: filed, status sent (or not), revoked (issue 17). */
  'drp',
  /** Closed for the retention period: the requester's personal data removed by the daily job (issue 18). */
  'retention',
] as const;
export type TimelineEventKind = (typeof timelineEventKinds)[number];

// --- the clock ledger ------------------------------------------------------------------------------------

/** What "ask the requester" waits for; each stops the UK GDPR clock (and the EU one where enabled). */
export const askRequesterKinds = ['identity', 'clarification'] as const;
export type AskRequesterKind = (typeof askRequesterKinds)[number];

export const askRequesterKindLabels: Record<AskRequesterKind, string> = {
  identity: 'Identity information',
  clarification: 'Clarification',
};

/** How a clock-ledger entry reads on the timeline. */
export const clockEventKindLabels: Record<ClockEventKind, string> = {
  acknowledged: 'Receipt acknowledged',
  extension_noticed: 'Extension noticed',
  clarification_asked: 'Clarification asked',
  clarification_received: 'Clarification received',
  identity_asked: 'Identity information asked',
  identity_received: 'Identity information received',
  paused: 'Clock paused',
  resumed: 'Clock resumed',
};

export const clockStateLabels: Record<ClockState, string> = {
  initial: 'Initial',
  extended: 'Extended',
  paused: 'Paused',
};

// --- the queue -----------------------------------------------------------------------------------------

export const requestSortKeys = [
  'reference',
  'type',
  'regime',
  'status',
  'requester',
  'assignee',
  'receivedAt',
  'dueOn',
  'priority',
] as const;
export type RequestSortKey = (typeof requestSortKeys)[number];

export const sortDirections = ['asc', 'desc'] as const;
export type SortDirection = (typeof sortDirections)[number];

/** Assignee filter: a person's own requests, nobody's, anyone's (no filter), or one named staff member (by id). */
export const assigneeFilterKinds = ['me', 'nobody', 'anyone'] as const;
export type AssigneeFilterKind = (typeof assigneeFilterKinds)[number];

/** "due soon" is 5 or fewer days left (product.md §4); both only ever match open requests. */
export const dueFilters = ['overdue', 'due_soon', 'next_7_days'] as const;
export type DueFilter = (typeof dueFilters)[number];
export const dueSoonDays = 5;

export const dueFilterLabels: Record<DueFilter, string> = {
  overdue: 'Overdue',
  due_soon: `Due in ${dueSoonDays} days or fewer`,
  next_7_days: 'Due in the next 7 days',
};

/**
 * The clock a closed request is measured against (issue 18): the effective date (the earliest clock, or the
 * extended statutory date once an extension was noticed), the statutory date alone, or the company's answer
 * time alone — where an extended request answered after the company's date is a miss.
 */
export const closureBases = ['effective', 'statutory', 'company'] as const;
export type ClosureBasis = (typeof closureBases)[number];
export const closureBasisLabels: Record<ClosureBasis, string> = {
  effective: 'Effective date',
  statutory: 'Statutory date',
  company: 'Company answer time',
};

/**
 * Answered: closed by the team with an answer (completed, denied, closed unverified) — not withdrawn by the
 * requester, and not a duplicate merged into another request (the survivor carries the answer).
 */
export const respondedStatuses = [
  'completed',
  'denied',
  'closed_unverified',
] as const satisfies readonly RequestStatus[];

/** Identity checks, as the dashboard counts them: a passed check, or closed unverified without one. */
export const verificationFilterValues = ['passed', 'failed'] as const;
export type VerificationFilterValue = (typeof verificationFilterValues)[number];

/**
 * Which derived date the queue calls "due": the effective one, the earliest of every applicable clock
 * (statutory, as extended or paused, and the company SLA), as derived from the ledger (product.md §4).
 */
export const queueDueBasis: 'company' | 'effective' = 'effective';

/**
 * The queue is work to do: it opens on "Open", most urgent first (effective due date ascending, so the most
 * overdue lead). "All" is a view like the others. The queue's own default (web queue-search.ts) is "Open".
 */
export const builtInViews = [
  {
    key: 'open',
    label: 'Open',
    filters: { statuses: [...openRequestStatuses], sort: 'dueOn', dir: 'asc' },
  },
  {
    key: 'my_open',
    label: 'My open',
    filters: { assignee: 'me', statuses: [...openRequestStatuses], sort: 'dueOn', dir: 'asc' },
  },
  {
    key: 'unassigned',
    label: 'Unassigned',
    filters: { assignee: 'nobody', statuses: [...openRequestStatuses], sort: 'dueOn', dir: 'asc' },
  },
  {
    key: 'due_this_week',
    label: 'Due this week',
    filters: { due: 'next_7_days', statuses: [...openRequestStatuses], sort: 'dueOn', dir: 'asc' },
  },
  // Most overdue first.
  { key: 'overdue', label: 'Overdue', filters: { due: 'overdue', sort: 'dueOn', dir: 'asc' } },
  { key: 'all', label: 'All', filters: { sort: 'receivedAt', dir: 'desc' } },
] as const satisfies readonly {
  key: string;
  label: string;
  filters: {
    assignee?: AssigneeFilterKind;
    statuses?: RequestStatus[];
    due?: DueFilter;
    sort?: RequestSortKey;
    dir?: SortDirection;
  };
}[];
export type BuiltInViewKey = (typeof builtInViews)[number]['key'];

export const maxBulkRows = 200;
export const maxSavedViewsPerPerson = 50;

// --- handling entity per regime ---------------------------------------------------------------------------

export interface RegimeHandling {
  /** Holiday calendar code for date-holidays (country[-state]). */
  readonly calendar: string;
  /** IANA zone in which the receipt's calendar date is taken. */
  readonly timeZone: string;
}

/**
 * The entity that handles each regime's requests, as a constant for now. The legal-clocks issue turns this
 * into admin settings: `deriveDueDates` already takes the handling as an argument, defaulting to this map.
 */
export const defaultRegimeHandling: Readonly<Record<Regime, RegimeHandling>> = {
  gdpr: { calendar: 'IE', timeZone: 'Europe/Dublin' },
  uk_gdpr: { calendar: 'GB-ENG', timeZone: 'Europe/London' },
  ccpa: { calendar: 'US-CA', timeZone: 'America/Los_Angeles' },
  lgpd: { calendar: 'BR', timeZone: 'America/Sao_Paulo' },
  vcdpa: { calendar: 'US-VA', timeZone: 'America/New_York' },
  cpa: { calendar: 'US-CO', timeZone: 'America/Denver' },
  pipeda: { calendar: 'CA-ON', timeZone: 'America/Toronto' },
  quebec: { calendar: 'CA-QC', timeZone: 'America/Toronto' },
};

const euEeaCountries = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
]);

/**
 * The regime a requester's location suggests: `DE` → gdpr, `GB` → uk_gdpr, `US-CA` → ccpa, `CA-QC` → quebec.
 * Undefined where no regime we handle applies (the intake form then suggests nothing). A suggestion only:
 * the officer chooses, and the form warns when the choice differs.
 */
export function suggestRegime(location: string | null | undefined): Regime | undefined {
  if (!location) return undefined;
  const [country = '', region] = location.trim().toUpperCase().split('-');
  if (euEeaCountries.has(country)) return 'gdpr';
  switch (country) {
    case 'GB':
    case 'UK':
      return 'uk_gdpr';
    case 'BR':
      return 'lgpd';
    case 'CA':
      return region === 'QC' ? 'quebec' : 'pipeda';
    case 'US':
      return region === 'CA' ? 'ccpa' : region === 'VA' ? 'vcdpa' : region === 'CO' ? 'cpa' : undefined;
    default:
      return undefined;
  }
}

/** Whether `type` is a right under `regime` (a request is clocked under exactly such a pair). */
export function isTypeCoveredBy(regime: Regime, type: RequestType): boolean {
  return regimeTypes[regime].includes(type);
}
