import { z } from 'zod';
import { planEventShape } from '../erasure/erasure.schemas.js';
import { mailReceivedEventShape } from '../inbox/inbox.schemas.js';
import { drpEventShape } from '../drp/drp.schemas.js';
import { requestVerificationSchema } from '../verification/verification.schemas.js';
import {
  dataPointFields,
  documentTypes,
  knowScopes,
  verificationLevels,
  verificationMethods,
  verificationOutcomes,
} from '../verification/verification.constants.js';
import {
  calendarDateFieldSchema,
  emailSchema,
  idSchema,
  isoInstantSchema,
  personNameSchema,
  reasonSchema,
  revealReasonSchema,
} from '../common/fields.js';
import { pageInputSchema } from '../common/pagination.js';
import {
  clearPersonFields,
  maskedEmailSchema,
  maskedNameSchema,
  maskedPersonFields,
} from '../common/masked.js';
import { regimeTable, regimeTypes, regimes, requestTypes } from '../clocks/regimes.js';
import { customerLinkChecks } from './intake-rules.js';
import { messageKinds } from '../messages/messages.constants.js';
import { customerFlagKinds, customerStatuses } from '../customers/customers.constants.js';
import { customerFlagSchema } from '../customers/customers.schemas.js';
import { clockEventKindSchema, clockResultSchema, clockStates } from '../clocks/clock.schemas.js';
import {
  askRequesterKinds,
  assigneeFilterKinds,
  closureBases,
  completionOutcomes,
  dueFilters,
  maxBulkRows,
  requestChannels,
  requestOutcomes,
  requestPriorities,
  requestReasonCodes,
  requestSortKeys,
  requestStatuses,
  sortDirections,
  verificationFilterValues,
} from './requests.constants.js';
import { moveActions, moveRequirements } from './lifecycle.js';

// --- fields ----------------------------------------------------------------------------------------------

export const requestStatusSchema = z.enum(requestStatuses, { message: 'Unknown status.' });
export const requestChannelSchema = z.enum(requestChannels, { message: 'Unknown channel.' });
export const requestPrioritySchema = z.enum(requestPriorities, { message: 'Unknown priority.' });
export const requestReasonCodeSchema = z.enum(requestReasonCodes, { message: 'Unknown reason code.' });
export const requestOutcomeSchema = z.enum(requestOutcomes, { message: 'Unknown outcome.' });
export const completionOutcomeSchema = z.enum(completionOutcomes, {
  message: 'Choose fulfilled or partially fulfilled.',
});
/** With a person-readable message; the clock engine's `requestTypeSchema` / `regimeSchema` stay as they are. */
export const requestTypeFieldSchema = z.enum(requestTypes, { message: 'Unknown request type.' });
export const regimeFieldSchema = z.enum(regimes, { message: 'Unknown regime.' });
export const dateOnlySchema = calendarDateFieldSchema;

/** ISO 3166 country, optionally with a subdivision: `DE`, `US-CA`, `CA-QC`. */
export const locationSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, 'Use a country code such as DE, GB or US-CA.');

const longText = (max: number, what: string) =>
  z.string().trim().max(max, `${what} has at most ${max} characters.`);
const requiredText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what.toLowerCase()}.`)
    .max(max, `${what} has at most ${max} characters.`);

export const referenceSchema = z.string().regex(/^DSR-\d{4}-\d{6}$/);

const staffRefSchema = z.object({ id: z.uuid(), name: z.string() });

// --- intake ----------------------------------------------------------------------------------------------

export const agentInputSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  /** What authorises the agent (signed permission, power of attorney): recorded, checked at verification. */
  permissionNote: requiredText(1000, 'Permission note'),
});

export const requestCreateInputSchema = z
  .object({
    type: requestTypeFieldSchema,
    regime: regimeFieldSchema,
    channel: requestChannelSchema,
    /** The real receipt time; may be earlier than now, never later. Defaults to now. */
    receivedAt: isoInstantSchema.optional(),
    requester: z.object({
      name: personNameSchema,
      email: emailSchema,
      location: locationSchema.optional(),
    }),
    agent: agentInputSchema.nullable().optional(),
    customerId: idSchema.nullable().optional(),
    description: longText(5000, 'A description').default(''),
    priority: requestPrioritySchema.default('normal'),
    minor: z.boolean().default(false),
    /** A CCPA know request: categories or specific pieces (specific pieces need high verification). */
    knowScope: z.enum(knowScopes, { message: 'Choose categories or specific pieces.' }).optional(),
    /** A request made of a message in the privacy mailbox (issue 16): received when that message arrived. */
    fromMailId: idSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.knowScope !== undefined && !(input.regime === 'ccpa' && input.type === 'know')) {
      ctx.addIssue({ code: 'custom', path: ['knowScope'], message: 'Only a CCPA know request has a scope.' });
    }
    if (!regimeTypes[input.regime].includes(input.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `This is not a right under ${regimeTable[input.regime].label}.`,
      });
    }
    if (input.channel === 'authorised_agent' && !input.agent) {
      ctx.addIssue({
        code: 'custom',
        path: ['agent'],
        message: 'An authorised agent’s request needs the agent’s details.',
      });
    }
  });
export type RequestCreateInput = z.input<typeof requestCreateInputSchema>;

export const requestCreateOutputSchema = z.object({
  id: z.uuid(),
  reference: referenceSchema,
  status: requestStatusSchema,
  version: z.number().int(),
  receivedAt: z.iso.datetime(),
  dueOn: dateOnlySchema,
  /** Non-blocking: e.g. the chosen regime differs from the one the requester's location suggests. */
  warnings: z.array(z.string()),
});
export type RequestCreateOutput = z.infer<typeof requestCreateOutputSchema>;

export const findOpenDuplicatesInputSchema = z
  .object({
    type: requestTypeFieldSchema,
    email: emailSchema.optional(),
    customerId: idSchema.nullable().optional(),
  })
  .refine((v) => v.email !== undefined || (v.customerId !== undefined && v.customerId !== null), {
    path: ['email'],
    message: 'Give an email or a customer account.',
  });

export const requestSummarySchema = z.object({
  id: z.uuid(),
  reference: referenceSchema,
  type: requestTypeFieldSchema,
  regime: regimeFieldSchema,
  status: requestStatusSchema,
  receivedAt: z.iso.datetime(),
  dueOn: dateOnlySchema,
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

export const findOpenDuplicatesOutputSchema = z.object({
  items: z.array(requestSummarySchema.extend({ matchedOn: z.enum(['email', 'customer', 'both']) })),
});

// --- the queue -------------------------------------------------------------------------------------------

export const assigneeFilterSchema = z.union([z.enum(assigneeFilterKinds), idSchema], {
  message: 'Choose me, nobody, anyone or a staff member.',
});

/** The queue's filters and sort: shared by find, the CSV export and saved views. */
export const requestFiltersSchema = z.object({
  statuses: z.array(requestStatusSchema).max(requestStatuses.length).optional(),
  type: requestTypeFieldSchema.optional(),
  regime: regimeFieldSchema.optional(),
  channel: requestChannelSchema.optional(),
  assignee: assigneeFilterSchema.optional(),
  due: z.enum(dueFilters, { message: 'Unknown due filter.' }).optional(),
  minor: z.boolean().optional(),
  customerId: idSchema.optional(),
  // The dashboard's drill-downs (issue 18): each figure opens the queue on exactly the requests behind it.
  /** Received on or after this UTC calendar day. */
  receivedFrom: dateOnlySchema.optional(),
  /** Received on or before this UTC calendar day. */
  receivedTo: dateOnlySchema.optional(),
  /** Closed on or after this UTC calendar day (closed requests only). */
  closedFrom: dateOnlySchema.optional(),
  closedTo: dateOnlySchema.optional(),
  /** Answered (completed, denied, closed unverified; not merged) — or, false, anything else. */
  responded: z.boolean().optional(),
  /** Closed after the date of this clock (see `closureBases`). */
  late: z.enum(closureBases, { message: 'Unknown clock.' }).optional(),
  /** Closed on or before the date of this clock. */
  onTime: z.enum(closureBases, { message: 'Unknown clock.' }).optional(),
  /** With `due: 'overdue'`: overdue by at least / at most this many days. */
  overdueMin: z.number().int().min(1, 'Overdue by at least 1 day.').max(100_000).optional(),
  overdueMax: z.number().int().min(1, 'Overdue by at least 1 day.').max(100_000).optional(),
  reasonCode: requestReasonCodeSchema.optional(),
  /** An extension of the statutory clock was noticed (and not removed). */
  extended: z.boolean().optional(),
  /** The identity check: passed, or closed unverified without a pass. */
  verification: z.enum(verificationFilterValues, { message: 'Choose passed or failed.' }).optional(),
  /** An erasure line for this data system is still outstanding (pending, running or failed). */
  erasurePending: idSchema.optional(),
  /** One box: a reference, an email (or its start), or words of a name (each matched as a word start). */
  search: z.string().trim().max(200, 'Search for at most 200 characters.').optional(),
  sort: z.enum(requestSortKeys, { message: 'Unknown sort column.' }).default('receivedAt'),
  dir: z.enum(sortDirections).default('desc'),
});
export type RequestFilters = z.output<typeof requestFiltersSchema>;
export type RequestFiltersInput = z.input<typeof requestFiltersSchema>;

/** Ranges that cannot match anything are refused by field rather than answered with an empty page. */
export function checkFilterRanges(
  f: {
    receivedFrom?: string | undefined;
    receivedTo?: string | undefined;
    closedFrom?: string | undefined;
    closedTo?: string | undefined;
    overdueMin?: number | undefined;
    overdueMax?: number | undefined;
    due?: string | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (f.receivedFrom && f.receivedTo && f.receivedFrom > f.receivedTo)
    ctx.addIssue({ code: 'custom', path: ['receivedTo'], message: 'End the period on or after its start.' });
  if (f.closedFrom && f.closedTo && f.closedFrom > f.closedTo)
    ctx.addIssue({ code: 'custom', path: ['closedTo'], message: 'End the period on or after its start.' });
  if ((f.overdueMin !== undefined || f.overdueMax !== undefined) && f.due !== 'overdue')
    ctx.addIssue({
      code: 'custom',
      path: ['overdueMin'],
      message: 'Days overdue go with the Overdue filter.',
    });
  if (f.overdueMin !== undefined && f.overdueMax !== undefined && f.overdueMin > f.overdueMax)
    ctx.addIssue({ code: 'custom', path: ['overdueMax'], message: 'At most must not be below at least.' });
}

export const requestFindInputSchema = pageInputSchema
  .extend(requestFiltersSchema.shape)
  .superRefine(checkFilterRanges);
export type RequestFindInput = z.input<typeof requestFindInputSchema>;
export type RequestFindQuery = z.output<typeof requestFindInputSchema>;

/**
 * A queue row or request page in one of two views, told apart by `requesterMasked`: clear for holders of
 * `pii:read`, masked (`J. D***`, `j***@e***.com`, typed as masked values) for everyone else.
 */
function withRequester<T extends z.ZodRawShape>(shape: T) {
  return z.discriminatedUnion('requesterMasked', [
    z.object({ ...shape, ...clearPersonFields }),
    z.object({ ...shape, ...maskedPersonFields }),
  ]);
}

const requestQueueRowShape = {
  id: z.uuid(),
  reference: referenceSchema,
  version: z.number().int(),
  type: requestTypeFieldSchema,
  regime: regimeFieldSchema,
  channel: requestChannelSchema,
  status: requestStatusSchema,
  priority: requestPrioritySchema,
  minor: z.boolean(),
  assignee: staffRefSchema.nullable(),
  receivedAt: z.iso.datetime(),
  /** The date the queue calls due (see `queueDueBasis`). */
  dueOn: dateOnlySchema,
  companyDueOn: dateOnlySchema,
  statutoryDueOn: dateOnlySchema,
  effectiveDueOn: dateOnlySchema,
  /** Whether the statutory clock runs on its initial period, is extended, or is paused now. */
  clockState: z.enum(clockStates),
  /** The linked customer account's standing flags (a restriction, a legal hold, …); empty when none or unlinked. */
  customerFlags: z.array(z.enum(customerFlagKinds)),
  /** The authorised agent that filed it over the Data Rights Protocol (its directory name); null otherwise. */
  filedBy: z.string().nullable(),
};
export const requestQueueRowSchema = withRequester(requestQueueRowShape);
export type RequestQueueRow = z.infer<typeof requestQueueRowSchema>;

/** What `requests:read_summary` alone may see of a queue row: no internals, the requester masked. */
export const requestQueueSummaryRowSchema = requestSummarySchema.extend({
  ...maskedPersonFields,
  // Support agents tell callers about a restriction or legal hold (product.md §1).
  customerFlags: z.array(z.enum(customerFlagKinds)),
});
export type RequestQueueSummaryRow = z.infer<typeof requestQueueSummaryRowSchema>;

const pageFields = {
  /** Exact when `totalExact`; otherwise at least this many match (counting stops there: show "5,000+"). */
  total: z.number().int().nonnegative(),
  totalExact: z.boolean(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  /**
   * "Today" as the due filters count it (the latest date among the handling entities' time zones, as set), so
   * a row's "overdue" label and the Overdue filter always agree.
   */
  today: dateOnlySchema,
  /** The company's answer time in days (settings): the queue says what its due dates are measured against. */
  companySlaDays: z.number().int().min(1),
};

export const requestFindOutputSchema = z.discriminatedUnion('view', [
  z.object({ view: z.literal('full'), items: z.array(requestQueueRowSchema), ...pageFields }),
  z.object({ view: z.literal('summary'), items: z.array(requestQueueSummaryRowSchema), ...pageFields }),
]);
export type RequestFindOutput = z.infer<typeof requestFindOutputSchema>;

// --- the request page ------------------------------------------------------------------------------------

export const requestIdInputSchema = z.object({ id: idSchema });

export const allowedMoveSchema = z.object({
  to: requestStatusSchema,
  action: z.enum(moveActions),
  label: z.string(),
  needs: z.array(z.enum(moveRequirements)),
  reasonCodes: z.array(requestReasonCodeSchema).nullable(),
});
export type AllowedMove = z.infer<typeof allowedMoveSchema>;

const linkedCustomerShape = {
  id: z.uuid(),
  accountNumber: z.string(),
  organisation: z.string().nullable(),
  country: z.string(),
  plan: z.string(),
  minor: z.boolean(),
  status: z.enum(customerStatuses),
  /** While its deletion is pending: the day the account is purged. */
  purgeOn: dateOnlySchema.nullable(),
};
/** A customer account as a reader may see it: clear for `pii:read`, masked values otherwise. */
export const linkedCustomerSchema = z.discriminatedUnion('masked', [
  z.object({ ...linkedCustomerShape, name: z.string(), email: z.string(), masked: z.literal(false) }),
  z.object({
    ...linkedCustomerShape,
    name: maskedNameSchema,
    email: maskedEmailSchema,
    masked: z.literal(true),
  }),
]);
export type LinkedCustomer = z.infer<typeof linkedCustomerSchema>;

// --- the clocks ------------------------------------------------------------------------------------------

/** One entry of a request's clock ledger, with who recorded it and, for a removed extension, who removed it. */
export const clockLedgerEntrySchema = z.object({
  id: z.uuid(),
  kind: clockEventKindSchema,
  /** The day it happened (the notice sent, the ask, the pause), in the handling entity's time zone. */
  on: dateOnlySchema,
  reason: z.string().nullable(),
  recordedAt: z.iso.datetime(),
  recordedBy: staffRefSchema.nullable(),
  removedAt: z.iso.datetime().nullable(),
  removedBy: staffRefSchema.nullable(),
  removalReason: z.string().nullable(),
});
export type ClockLedgerEntry = z.infer<typeof clockLedgerEntrySchema>;

/**
 * Every clock of a request as the engine derives it from the receipt, the ledger and the settings now
 * (statutory with its rule and state, acknowledgement, company, effective with its source, the explanation
 * and warnings), plus what the request page needs around it.
 */
export const requestClocksSchema = clockResultSchema.extend({
  handling: z.object({ calendar: z.string(), timeZone: z.string() }),
  /** Today in the handling entity's time zone: days left = effective.dueOn − today. */
  today: dateOnlySchema,
  /** The last day an extension may be noticed; null when none can be (no such rule, already extended, closed). */
  canExtendUntil: dateOnlySchema.nullable(),
  /** Whether a pause would stop this request's statutory clock (UK GDPR; EU GDPR where enabled). */
  canPause: z.boolean(),
  acknowledgedOn: dateOnlySchema.nullable(),
  /** The active extension's ledger entry, for "remove extension". */
  extensionEntryId: z.uuid().nullable(),
  /** In the order recorded; removed entries stay, marked, and do not count. */
  ledger: z.array(clockLedgerEntrySchema),
});
export type RequestClocks = z.infer<typeof requestClocksSchema>;

/** How a closed request ended against its clocks (closure.ts): null while it is open. */
export const requestClosureSchema = z.object({
  closedAt: z.iso.datetime(),
  closedOn: dateOnlySchema,
  against: z.enum(['statutory', 'company']),
  dueOn: dateOnlySchema,
  daysLate: z.int().min(0),
  statutoryMet: z.boolean(),
  companySlaMet: z.boolean(),
});
export type RequestClosure = z.infer<typeof requestClosureSchema>;

const requestDetailShape = {
  id: z.uuid(),
  reference: referenceSchema,
  version: z.number().int(),
  type: requestTypeFieldSchema,
  regime: regimeFieldSchema,
  channel: requestChannelSchema,
  status: requestStatusSchema,
  priority: requestPrioritySchema,
  minor: z.boolean(),
  requesterLocation: z.string().nullable(),
  customer: linkedCustomerSchema.nullable(),
  /** The linked account's standing flags, with who set each, when and why; empty without an account. */
  customerFlags: z.array(customerFlagSchema),
  /** How the linked account compared with the requester at intake; null without one (intake-rules.ts). */
  customerLinkCheck: z.enum(customerLinkChecks).nullable(),
  description: z.string(),
  receivedAt: z.iso.datetime(),
  loggedAt: z.iso.datetime(),
  assignee: staffRefSchema.nullable(),
  outcome: requestOutcomeSchema.nullable(),
  reasonCode: requestReasonCodeSchema.nullable(),
  denialExplanation: z.string().nullable(),
  due: z.object({
    dueOn: dateOnlySchema,
    companyDueOn: dateOnlySchema,
    statutoryDueOn: dateOnlySchema,
    effectiveDueOn: dateOnlySchema,
    calendar: z.string(),
    timeZone: z.string(),
  }),
  updatedAt: z.iso.datetime(),
  updatedBy: staffRefSchema.nullable(),
  /** When the requester's personal data was removed after the retention period (issue 18); null if never. */
  scrubbedAt: z.iso.datetime().nullable(),
  /** The lifecycle moves this person may make now (from the shared table). */
  allowedMoves: z.array(allowedMoveSchema),
  canAssign: z.boolean(),
  clocks: requestClocksSchema,
  closure: requestClosureSchema.nullable(),
  /** Other requests from the same requester (same email or same linked account), newest first. */
  related: z.array(requestSummarySchema),
  /** The level of identity verification needed, what is gathered and what is missing (issue 13). */
  verification: requestVerificationSchema,
};
const agentShape = { permissionNote: z.string() };
/** The request page: requester and agent in clear, or both masked (the agent is a person too). */
export const requestDetailSchema = z.discriminatedUnion('requesterMasked', [
  z.object({
    ...requestDetailShape,
    ...clearPersonFields,
    agent: z.object({ ...agentShape, name: z.string(), email: z.string() }).nullable(),
  }),
  z.object({
    ...requestDetailShape,
    ...maskedPersonFields,
    agent: z.object({ ...agentShape, name: maskedNameSchema, email: maskedEmailSchema }).nullable(),
  }),
]);
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const summaryForCustomerInputSchema = z.object({ customerId: idSchema });
export const summaryForCustomerOutputSchema = z.object({
  items: z.array(
    requestSummarySchema.pick({
      id: true,
      reference: true,
      type: true,
      status: true,
      dueOn: true,
      receivedAt: true,
    }),
  ),
});

// --- changes ---------------------------------------------------------------------------------------------

const versionSchema = z.number({ message: 'Give the version you saw.' }).int().min(0);

const moveDetailsShape = {
  to: requestStatusSchema,
  reasonCode: requestReasonCodeSchema.nullable().optional(),
  explanation: longText(5000, 'The explanation').nullable().optional(),
  outcome: completionOutcomeSchema.nullable().optional(),
  message: longText(5000, 'The message').nullable().optional(),
  note: longText(2000, 'The note').nullable().optional(),
  /**
   * "Ask the requester": what is asked for, recorded on the clock ledger as `<kind>_asked` (and the resume as
   * `<kind>_received`). Defaults to identity information from verification and to clarification otherwise.
   */
  askFor: z.enum(askRequesterKinds, { message: 'Choose identity information or clarification.' }).optional(),
};

export const requestTransitionInputSchema = z.object({
  id: idSchema,
  version: versionSchema,
  ...moveDetailsShape,
});
export type RequestTransitionInput = z.input<typeof requestTransitionInputSchema>;

/**
 * Merging a duplicate into the open request it repeats (product.md §3): the duplicate closes as denied
 * with reason `duplicate` and this explanation to its requester; the survivor's clocks run from the earlier
 * receipt. Verification is never carried over.
 */
export const requestMergeInputSchema = z.object({
  id: idSchema,
  version: versionSchema,
  intoId: idSchema,
  intoVersion: versionSchema,
  explanation: requiredText(5000, 'Explanation'),
});
export type RequestMergeInput = z.input<typeof requestMergeInputSchema>;
export const requestMergeOutputSchema = z.object({
  merged: z.object({ id: z.uuid(), version: z.int() }),
  into: z.object({ id: z.uuid(), version: z.int(), receivedAt: z.iso.datetime() }),
});

export const requestAssignInputSchema = z.object({
  id: idSchema,
  version: versionSchema,
  /** Null unassigns. */
  assigneeId: idSchema.nullable(),
});
export type RequestAssignInput = z.input<typeof requestAssignInputSchema>;

/** What a change returns: enough to refresh the row without a reload. */
export const requestChangeOutputSchema = z.object({
  id: z.uuid(),
  reference: referenceSchema,
  version: z.number().int(),
  status: requestStatusSchema,
  assignee: staffRefSchema.nullable(),
  outcome: requestOutcomeSchema.nullable(),
  reasonCode: requestReasonCodeSchema.nullable(),
  updatedAt: z.iso.datetime(),
});
export type RequestChangeOutput = z.infer<typeof requestChangeOutputSchema>;

const bulkItemsSchema = z
  .array(z.object({ id: idSchema, version: versionSchema }))
  .min(1, 'Select at least one request.')
  .max(maxBulkRows, `Select at most ${maxBulkRows} requests at once.`);

/**
 * "All N matching": the queue's filters and the exact count the person confirmed. The server finds the
 * requests that match now; if that is not the confirmed number, nothing is done (the queue moved meanwhile).
 */
export const bulkMatchingSchema = z.object({
  /**
   * Filters only, no search term: a search goes through the queue (audited and rate-limited as a search), and
   * a bulk change that re-counted its matches would be a search without either.
   */
  filters: requestFiltersSchema.superRefine(checkFilterRanges).refine((f) => !f.search?.trim(), {
    message: 'Clear the search to act on all matching requests, or select the rows to change.',
    path: ['search'],
  }),
  count: z
    .int({ message: 'Give the number of requests you confirmed.' })
    .min(1, 'Select at least one request.')
    .max(maxBulkRows, `Act on at most ${maxBulkRows} requests at once: narrow the filters.`),
});
export type BulkMatching = z.input<typeof bulkMatchingSchema>;

/** A bulk change names its requests one way: the selected rows (each with the version seen) or a filter. */
function oneTarget(value: { items?: unknown; matching?: unknown }, ctx: z.RefinementCtx): void {
  if ((value.items === undefined) === (value.matching === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['items'],
      message: 'Choose the requests: the selected rows, or all that match the filters.',
    });
  }
}

export const requestBulkAssignInputSchema = z
  .object({
    items: bulkItemsSchema.optional(),
    matching: bulkMatchingSchema.optional(),
    assigneeId: idSchema.nullable(),
  })
  .superRefine(oneTarget);
export type RequestBulkAssignInput = z.input<typeof requestBulkAssignInputSchema>;
export const requestBulkTransitionInputSchema = z
  .object({ items: bulkItemsSchema.optional(), matching: bulkMatchingSchema.optional(), ...moveDetailsShape })
  .superRefine(oneTarget);
export type RequestBulkTransitionInput = z.input<typeof requestBulkTransitionInputSchema>;

export const bulkRowResultSchema = z.object({
  id: z.uuid(),
  /** Null when no request has this id. */
  reference: referenceSchema.nullable(),
  ok: z.boolean(),
  /** Done, but it was already so (the same assignee): nothing was written or audited. */
  unchanged: z.boolean().optional(),
  /** Why this row failed, for a person. */
  error: z.string().optional(),
  version: z.number().int().optional(),
});
export const requestBulkOutputSchema = z.object({
  results: z.array(bulkRowResultSchema),
  /** Rows changed. */
  succeeded: z.number().int(),
  /** Rows that were already as asked. */
  unchanged: z.number().int(),
  failed: z.number().int(),
});
export type RequestBulkOutput = z.infer<typeof requestBulkOutputSchema>;

export const requestAddNoteInputSchema = z.object({ id: idSchema, text: requiredText(5000, 'Note') });

// --- clock ledger changes ----------------------------------------------------------------------------------

const ledgerDateSchema = dateOnlySchema.optional();

/** Every ledger change names the request and the version it was based on. */
const ledgerChangeBase = z.object({ id: idSchema, version: versionSchema });

/**
 * How a notice reaches the requester: written and sent by us now (the ledger records the day it leaves), or
 * already sent another way (a letter, a call), recorded with the day it was sent.
 */
export const noticeWays = ['send_email', 'sent_another_way'] as const;
export type NoticeWay = (typeof noticeWays)[number];
const noticeWaySchema = z.enum(noticeWays).default('send_email');

export const requestAcknowledgeInputSchema = ledgerChangeBase
  .extend({
    notice: noticeWaySchema,
    /** Sent another way: the day it was sent; defaults to today in the handling entity's time zone. */
    on: ledgerDateSchema,
  })
  .refine((v) => v.notice === 'sent_another_way' || v.on === undefined, {
    path: ['on'],
    message: 'A date is for a notice already sent another way: one we send now is dated the day it leaves.',
  });
export type RequestAcknowledgeInput = z.input<typeof requestAcknowledgeInputSchema>;

export const requestExtendInputSchema = ledgerChangeBase
  .extend({
    /** The reasons given to the requester in the notice. */
    reason: requiredText(1000, 'The reasons'),
    notice: noticeWaySchema,
    /** Sent another way: the day it was sent; defaults to today in the handling entity's time zone. */
    noticeSentOn: ledgerDateSchema,
  })
  .refine((v) => v.notice === 'sent_another_way' || v.noticeSentOn === undefined, {
    path: ['noticeSentOn'],
    message: 'A date is for a notice already sent another way: one we send now is dated the day it leaves.',
  });
export type RequestExtendInput = z.input<typeof requestExtendInputSchema>;

export const requestRemoveExtensionInputSchema = ledgerChangeBase.extend({
  /** Why it is removed (recorded mistakenly, notice never sent…), for the timeline and the audit log. */
  reason: reasonSchema,
});
export type RequestRemoveExtensionInput = z.input<typeof requestRemoveExtensionInputSchema>;

export const requestUpdateReceivedAtInputSchema = ledgerChangeBase.extend({
  receivedAt: isoInstantSchema,
  reason: reasonSchema,
});
export type RequestUpdateReceivedAtInput = z.input<typeof requestUpdateReceivedAtInputSchema>;

export const requestPauseInputSchema = ledgerChangeBase.extend({
  reason: requiredText(1000, 'The reason'),
  on: ledgerDateSchema,
});
export type RequestPauseInput = z.input<typeof requestPauseInputSchema>;

export const requestResumeInputSchema = ledgerChangeBase.extend({
  on: ledgerDateSchema,
});
export type RequestResumeInput = z.input<typeof requestResumeInputSchema>;

/** What a ledger change returns: the row's new version and dates, and the engine's warnings. */
export const requestClockChangeOutputSchema = requestChangeOutputSchema.extend({
  receivedAt: z.iso.datetime(),
  dueOn: dateOnlySchema,
  companyDueOn: dateOnlySchema,
  statutoryDueOn: dateOnlySchema,
  effectiveDueOn: dateOnlySchema,
  clockState: z.enum(clockStates),
  /** Non-blocking: e.g. a pause recorded on a clock the law does not stop. */
  warnings: z.array(z.string()),
});
export type RequestClockChangeOutput = z.infer<typeof requestClockChangeOutputSchema>;

// --- the timeline ----------------------------------------------------------------------------------------

/** An identity check on the timeline: its facts and what the request met after it. */
const verificationEventShape = {
  verificationId: z.uuid(),
  method: z.enum(verificationMethods),
  outcome: z.enum(verificationOutcomes),
  matchedPoints: z.array(z.enum(dataPointFields)),
  comparedPoints: z.int().min(0),
  toAccountEmail: z.boolean(),
  declarationSigned: z.boolean(),
  documentType: z.enum(documentTypes).nullable(),
  met: z.enum(verificationLevels),
  satisfied: z.boolean(),
};
/** A merge, on both requests: the other one, and which side this one is. */
const mergedEventShape = {
  otherId: z.uuid(),
  otherReference: referenceSchema,
  side: z.enum(['survivor', 'duplicate']),
};
/** A message on the timeline, as stored: which one and what happened to it (its text is the message's own). */
const messageEventShape = {
  messageId: z.uuid(),
  messageKind: z.enum(messageKinds),
  event: z.enum(['queued', 'sent', 'failed', 'cancelled']),
};
/** The requester's personal data removed once the request was kept the retention period (issue 18). */
const retentionEventShape = {
  /** The setting the removal followed: months kept after closing. */
  months: z.int().min(1),
};
const verificationScopeEventShape = {
  knowScope: z.enum(knowScopes).nullable(),
  sensitiveData: z.boolean(),
  required: z.enum(verificationLevels),
};

/**
 * A timeline entry as stored (`request_events.kind` + `data`): the one shape writers produce and readers
 * parse, so a row that does not fit fails loudly instead of being read through casts. Staff are ids here;
 * `timelineEventSchema` below is what a reader sees, with names.
 */
export const storedTimelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('intake'),
    data: z.object({ channel: requestChannelSchema, receivedAt: z.iso.datetime() }),
  }),
  z.object({
    kind: z.literal('status_changed'),
    data: z.object({
      from: requestStatusSchema,
      to: requestStatusSchema,
      outcome: requestOutcomeSchema.nullable(),
      reasonCode: requestReasonCodeSchema.nullable(),
      explanation: z.string().nullable(),
      message: z.string().nullable(),
      note: z.string().nullable(),
    }),
  }),
  z.object({
    kind: z.literal('assigned'),
    data: z.object({ from: z.uuid().nullable(), to: z.uuid().nullable() }),
  }),
  z.object({ kind: z.literal('note'), data: z.object({ text: z.string() }) }),
  z.object({
    kind: z.literal('clock'),
    data: z.object({
      action: z.enum(['recorded', 'removed']),
      entryId: z.uuid(),
      event: clockEventKindSchema,
      on: dateOnlySchema,
      reason: z.string().nullable(),
    }),
  }),
  z.object({
    kind: z.literal('received_at_changed'),
    data: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), reason: z.string() }),
  }),
  z.object({
    kind: z.literal('verification'),
    data: z.object(verificationEventShape),
  }),
  z.object({
    kind: z.literal('verification_scope'),
    data: z.object(verificationScopeEventShape),
  }),
  z.object({ kind: z.literal('merged'), data: z.object(mergedEventShape) }),
  z.object({ kind: z.literal('message'), data: z.object(messageEventShape) }),
  z.object({ kind: z.literal('erasure_plan'), data: z.object(planEventShape) }),
  z.object({ kind: z.literal('mail_received'), data: z.object(mailReceivedEventShape) }),
  z.object({ kind: z.literal('drp'), data: z.object(drpEventShape) }),
  z.object({ kind: z.literal('retention'), data: z.object(retentionEventShape) }),
]);
export type StoredTimelineEntry = z.infer<typeof storedTimelineEntrySchema>;

const eventBase = { id: z.uuid(), at: z.iso.datetime(), actor: staffRefSchema.nullable() };

export const timelineEventSchema = z.discriminatedUnion('kind', [
  z.object({
    ...eventBase,
    kind: z.literal('intake'),
    channel: requestChannelSchema,
    receivedAt: z.iso.datetime(),
  }),
  z.object({
    ...eventBase,
    kind: z.literal('status_changed'),
    from: requestStatusSchema,
    to: requestStatusSchema,
    outcome: requestOutcomeSchema.nullable(),
    reasonCode: requestReasonCodeSchema.nullable(),
    explanation: z.string().nullable(),
    message: z.string().nullable(),
    note: z.string().nullable(),
  }),
  z.object({
    ...eventBase,
    kind: z.literal('assigned'),
    from: staffRefSchema.nullable(),
    to: staffRefSchema.nullable(),
  }),
  z.object({ ...eventBase, kind: z.literal('note'), text: z.string() }),
  z.object({
    ...eventBase,
    kind: z.literal('clock'),
    /** Recorded (added to the ledger) or removed (an extension taken back). */
    action: z.enum(['recorded', 'removed']),
    entryId: z.uuid(),
    event: clockEventKindSchema,
    on: dateOnlySchema,
    /** The entry's reason; for a removal, why it was removed. */
    reason: z.string().nullable(),
  }),
  z.object({
    ...eventBase,
    kind: z.literal('received_at_changed'),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    reason: z.string(),
  }),
  z.object({ ...eventBase, kind: z.literal('verification'), ...verificationEventShape }),
  z.object({ ...eventBase, kind: z.literal('verification_scope'), ...verificationScopeEventShape }),
  z.object({ ...eventBase, kind: z.literal('merged'), ...mergedEventShape }),
  z.object({
    ...eventBase,
    kind: z.literal('message'),
    ...messageEventShape,
    /** The message as sent, for readers who see requesters in clear; null for everyone else. */
    text: z
      .object({ to: z.string(), subject: z.string(), body: z.string(), serverAnswer: z.string().nullable() })
      .nullable(),
  }),
  z.object({ ...eventBase, kind: z.literal('erasure_plan'), ...planEventShape }),
  z.object({
    ...eventBase,
    kind: z.literal('mail_received'),
    ...mailReceivedEventShape,
    /** When it arrived, who sent it and its subject, for readers who see requesters in clear; else null. */
    mail: z.object({ receivedAt: z.iso.datetime(), from: z.string(), subject: z.string() }).nullable(),
  }),
  z.object({ ...eventBase, kind: z.literal('drp'), ...drpEventShape }),
  z.object({ ...eventBase, kind: z.literal('retention'), ...retentionEventShape }),
]);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export const requestTimelineOutputSchema = z.object({ items: z.array(timelineEventSchema) });

// --- reveal ----------------------------------------------------------------------------------------------

export const revealRequesterInputSchema = z.object({ id: idSchema, reason: revealReasonSchema });
export const revealRequesterOutputSchema = z.object({
  requesterName: z.string(),
  requesterEmail: z.string(),
  agentName: z.string().nullable(),
  agentEmail: z.string().nullable(),
});

// --- saved views -----------------------------------------------------------------------------------------

/** A saved view stores filters and sort, never a page. */
export const savedViewFiltersSchema = requestFiltersSchema;

export const savedViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: savedViewFiltersSchema,
  createdAt: z.iso.datetime(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const viewsFindOutputSchema = z.object({
  builtIn: z.array(z.object({ key: z.string(), label: z.string(), filters: savedViewFiltersSchema })),
  saved: z.array(savedViewSchema),
});
export const viewCreateInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the view.').max(80, 'A view name has at most 80 characters.'),
  filters: savedViewFiltersSchema,
});
export type ViewCreateInput = z.input<typeof viewCreateInputSchema>;
export const viewDeleteInputSchema = z.object({ id: idSchema });

// --- customers -------------------------------------------------------------------------------------------

export const assignableStaffOutputSchema = z.object({ items: z.array(staffRefSchema) });

/** What the intake form needs beyond the form: where each regime is handled (its zone reads the receipt time). */
export const intakeContextInputSchema = z.void();
export const intakeContextOutputSchema = z.object({
  handling: z.record(z.enum(regimes), z.object({ calendar: z.string(), timeZone: z.string() })),
});
export type IntakeContext = z.infer<typeof intakeContextOutputSchema>;
