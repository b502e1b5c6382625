import { z } from 'zod';
import { roles } from '../auth/roles.js';
import { clockStates, isoCalendarDateSchema, type ClockEventKind } from '../clocks/clock.schemas.js';
import { isKnownCalendar } from '../clocks/calendars.js';
import { regimes, requestTypes, type Regime } from '../clocks/regimes.js';
import {
  assigneeFilterKinds,
  closureBases,
  dueFilters,
  requestChannels,
  requestOutcomes,
  requestReasonCodes,
  requestSortKeys,
  requestStatuses,
  sortDirections,
  verificationFilterValues,
} from '../requests/requests.constants.js';
import {
  customerFlagKinds,
  customerNoticeChannels,
  customerStatuses,
} from '../customers/customers.constants.js';
import { customerLinkChecks } from '../requests/intake-rules.js';
import {
  dataPointFields,
  defaultVerificationLevels,
  documentTypes,
  knowScopes,
  verificationLevels,
  verificationMethods,
  verificationOutcomes,
} from '../verification/verification.constants.js';
import { referenceSchema } from '../requests/requests.schemas.js';
import { isValidTimeZone, settingsBounds } from '../settings/settings.constants.js';
import { connectorKinds, dataSystemFieldLabels, retentionGrounds } from '../inventory/inventory.constants.js';
import {
  justificationReasons,
  lineActions,
  lineStatuses,
  planAttempts,
} from '../erasure/erasure.constants.js';
import { inboundMailFlags, notRequestReasons, threadedVia } from '../inbox/inbox.constants.js';
import {
  drpAgentSources,
  drpAgentStatuses,
  drpExercises,
  drpReasons,
  drpStatuses,
} from '../drp/drp.constants.js';
import { auditActions, auditEntityTypes, piiViewSurfaces, type AuditAction } from './audit.constants.js';
import { messageKinds, messageLedgerEvents } from '../messages/messages.constants.js';
import {
  noticeChannels,
  objectionOutcomes,
  subprocessorFieldLabels,
  subprocessorStatuses,
} from '../registry/registry.constants.js';

/**
 * The `before` and `after` of every audit action, as allow-lists. The audit log is append-only and
 * hash-chained: a name, an email or a free-text reason written into it can never be taken out again, so
 * payloads carry ids, codes, dates, versions and counts only, and every object is strict — a key nobody
 * listed here fails the write instead of landing in the chain. Free text (reasons) goes in the event's own
 * `reason` column, never in a payload. An action that records no payload on a side has `z.null()` there.
 */

// --- building blocks: ids, codes, dates and counts only --------------------------------------------------

const id = z.uuid();
const version = z.int().min(0);
/** A version after a change: the first change of a row takes it from 0 to 1. */
const nextVersion = z.int().min(1);
const count = z.int().min(0);
/** A directory agent's id (an organisation's, not a person's) and a key's SHA-256 prefix. */
const drpAgentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const fingerprint = z.string().regex(/^[0-9a-f]{16}$/);
/** A move of the request made on its erasure plan: the status and both versions, before and after. */
const planMove = {
  before: z.strictObject({ status: z.enum(requestStatuses), version, planVersion: nextVersion }),
  after: z.strictObject({ status: z.enum(requestStatuses), version: nextVersion, planVersion: nextVersion }),
};
const dataSystemFields = Object.keys(dataSystemFieldLabels) as [
  keyof typeof dataSystemFieldLabels,
  ...(keyof typeof dataSystemFieldLabels)[],
];

/** The audit log's filters, as an export records them (ids, codes and dates only). */
const auditExportFilters = z.strictObject({
  actorId: id.optional(),
  action: z.enum(auditActions).optional(),
  entityType: z.enum(auditEntityTypes).optional(),
  entityId: z.string().max(100).optional(),
  record: z
    .string()
    .regex(/^(DSR-\d{4}-\d{6}|SYN-\d{6})$/)
    .optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

const positiveCount = z.int().min(1);
const calendarDate = isoCalendarDateSchema;
/** As `Date.prototype.toISOString()` writes it (UTC, `Z`): what the call sites pass. */
const instant = z.iso.datetime();

const role = z.enum(roles);
const roleList = z.array(role).min(1);
/** What a person holds: may be none while a second admin has yet to confirm the only role asked for. */
const heldRoles = z.array(role);
const requestStatus = z.enum(requestStatuses);
const requestOutcome = z.enum(requestOutcomes);
const requestReasonCode = z.enum(requestReasonCodes);
const clockState = z.enum(clockStates);
const subprocessorStatus = z.enum(subprocessorStatuses);
const subprocessorField = z.enum(
  Object.keys(subprocessorFieldLabels) as [
    keyof typeof subprocessorFieldLabels,
    ...(keyof typeof subprocessorFieldLabels)[],
  ],
);

/** Why a sign-in was refused, as `auth.sign_in_failed` records it (the person sees one message for all). */
export const signInRefusals = [
  'unknown_account',
  'disabled',
  'demo_account_refused',
  'bad_password',
] as const;
export type SignInRefusal = (typeof signInRefusals)[number];

/** How the MFA step of a sign-in was passed, as `auth.sign_in` records it. */
export const signInMethods = ['totp', 'recovery_code', 'totp_enrolment'] as const;
export type SignInMethod = (typeof signInMethods)[number];

/** The requester fields a reveal shows: the event names them, never their values. */
export const revealedRequesterFields = [
  'requesterName',
  'requesterEmail',
  'agentName',
  'agentEmail',
] as const;
export type RevealedRequesterField = (typeof revealedRequesterFields)[number];

/** The customer fields a reveal shows (issue 12, item 4): the account's own and its organisation's contact. */
export const revealedCustomerFields = ['name', 'email', 'contactName', 'contactEmail'] as const;

/** Where customers are searched: the intake's picker, and the directory (the Customers page and the palette). */
export const customerSearchSurfaces = ['customer_picker', 'customer_directory'] as const;
export type CustomerSearchSurface = (typeof customerSearchSurfaces)[number];

/** A clock-ledger entry as the audit log points at it: which one, what kind, which day (never its reason). */
function ledgerEntryRef<K extends z.ZodType<ClockEventKind>>(kind: K) {
  return z.strictObject({ id, kind, on: calendarDate });
}

/** The kinds a status change records on the ledger: an ask (ask_requester) or its answers (resume). */
const askKinds = [
  'identity_asked',
  'clarification_asked',
  'identity_received',
  'clarification_received',
] as const satisfies readonly ClockEventKind[];

/** The dates and state a clock change moves, on both sides of it. */
const clockSnapshot = {
  receivedAt: instant,
  statutoryDueOn: calendarDate,
  effectiveDueOn: calendarDate,
  clockState,
} as const;
const clockBefore = z.strictObject({ version, ...clockSnapshot });
const clockAfterShape = { version: nextVersion, ...clockSnapshot } as const;
/** An entry of one kind recorded by the change: acknowledge, extend, pause and resume each record exactly one. */
const clockAfterRecording = <K extends ClockEventKind>(kind: K) =>
  z.strictObject({ ...clockAfterShape, entries: z.tuple([ledgerEntryRef(z.literal(kind))]) });

const statusChangeShape = {
  status: requestStatus,
  outcome: requestOutcome.nullable(),
  reasonCode: requestReasonCode.nullable(),
  version: nextVersion,
  /** "Information received" from a reply in the privacy mailbox (issue 16): the mail it came in. */
  fromMailId: id.optional(),
} as const;

/** A regime's handling entity as settings store it: a holiday calendar code and an IANA zone name. */
const regimeHandling = z.strictObject({
  calendar: z.string().refine(isKnownCalendar, { message: 'Unknown holiday calendar code.' }),
  timeZone: z.string().refine(isValidTimeZone, { message: 'Unknown time zone.' }),
});
type HandlingChangeShape = { [R in Regime as `handling.${R}`]: z.ZodOptional<typeof regimeHandling> };
// The settings diff names a changed handling entity `handling.<regime>`; only the regimes that changed appear.
const handlingChangeShape = Object.fromEntries(
  regimes.map((regime) => [`handling.${regime}`, regimeHandling.optional()]),
) as HandlingChangeShape;
// A changed verification level is `verificationLevels.<regime>.<type>`, for the pairs the table has.
const levelChangeShape = Object.fromEntries(
  regimes.flatMap((regime) =>
    Object.keys(defaultVerificationLevels()[regime]).map((type) => [
      `verificationLevels.${regime}.${type}`,
      z.enum(verificationLevels).optional(),
    ]),
  ),
) as Record<
  `verificationLevels.${Regime}.${string}`,
  z.ZodOptional<z.ZodEnum<{ none: 'none'; standard: 'standard'; high: 'high' }>>
>;
const bounded = (bounds: { min: number; max: number }) => z.int().min(bounds.min).max(bounds.max);
/** Changed fields only: the settings diff leaves out every field that kept its value. */
const settingsChangeShape = {
  ...handlingChangeShape,
  ...levelChangeShape,
  companySlaDays: bounded(settingsBounds.companySlaDays).optional(),
  euPauseEnabled: z.boolean().optional(),
  minorTargetHours: bounded(settingsBounds.minorTargetHours).optional(),
  unverifiedCloseDays: bounded(settingsBounds.unverifiedCloseDays).optional(),
  registryObjectionDays: bounded(settingsBounds.registryObjectionDays).optional(),
  erasureGraceHours: bounded(settingsBounds.erasureGraceHours).optional(),
  requestRetentionMonths: bounded(settingsBounds.requestRetentionMonths).optional(),
} as const;

/** The queue filter an export ran under, as `auditableFilters` records it: the search term never appears. */
const exportedFilters = z.strictObject({
  statuses: z.array(requestStatus).optional(),
  type: z.enum(requestTypes).optional(),
  regime: z.enum(regimes).optional(),
  channel: z.enum(requestChannels).optional(),
  assignee: z.union([z.enum(assigneeFilterKinds), id]).optional(),
  due: z.enum(dueFilters).optional(),
  minor: z.boolean().optional(),
  customerId: id.optional(),
  receivedFrom: isoCalendarDateSchema.optional(),
  receivedTo: isoCalendarDateSchema.optional(),
  closedFrom: isoCalendarDateSchema.optional(),
  closedTo: isoCalendarDateSchema.optional(),
  responded: z.boolean().optional(),
  late: z.enum(closureBases).optional(),
  onTime: z.enum(closureBases).optional(),
  overdueMin: count.optional(),
  overdueMax: count.optional(),
  reasonCode: z.enum(requestReasonCodes).optional(),
  extended: z.boolean().optional(),
  verification: z.enum(verificationFilterValues).optional(),
  erasurePending: id.optional(),
  search: z.literal('(search term)').optional(),
  sort: z.enum(requestSortKeys),
  dir: z.enum(sortDirections),
});

/** The reports (issue 18): what was exported and with which parameters — codes, dates and ids only. */
const reportParameters = z.strictObject({
  from: isoCalendarDateSchema.nullable().optional(),
  to: isoCalendarDateSchema.nullable().optional(),
  regime: z.enum(regimes).optional(),
  type: z.enum(requestTypes).optional(),
  assignee: z.union([z.literal('nobody'), id]).optional(),
  year: count.optional(),
});
const reportKinds = ['dashboard', 'ccpa_7102', 'request_log'] as const;

const none = z.null();

/** How many result ids a search event lists (its count covers them all). */
export const maxSearchResultIds = 100;
function searchedShape<S extends string>(surfaces: readonly [S, ...S[]]) {
  return z.strictObject({
    surface: z.enum(surfaces),
    termHash: z.string().regex(/^[0-9a-f]{64}$/),
    results: count,
    ids: z.array(id).max(maxSearchResultIds),
  });
}

// --- the table -----------------------------------------------------------------------------------------

export const auditPayloads = {
  'auth.sign_in': { before: none, after: z.strictObject({ method: z.enum(signInMethods) }) },
  'auth.sign_in_failed': { before: none, after: z.strictObject({ why: z.enum(signInRefusals) }) },
  'auth.password_accepted': { before: none, after: z.strictObject({ next: z.enum(['mfa', 'enrol']) }) },
  'auth.mfa_enrolment_started': { before: none, after: none },
  // Not written by any call site today (a passed MFA step is recorded as `auth.sign_in` with its method).
  'auth.mfa_verified': { before: none, after: none },
  'auth.mfa_failed': { before: none, after: none },
  'auth.step_up': { before: none, after: none },
  'auth.sign_out': { before: none, after: none },
  'auth.password_set': { before: none, after: none },
  'auth.mfa_enrolled': { before: none, after: z.strictObject({ recoveryCodes: positiveCount }) },

  // `demo: true` marks the seeded demo staff.
  'staff.created': {
    before: none,
    after: z.strictObject({ roles: heldRoles, demo: z.literal(true).optional() }),
  },
  // Names are personal data: the event says that the name changed, never what it was or became.
  'staff.updated': {
    before: z.strictObject({ roles: heldRoles }),
    after: z.strictObject({ roles: heldRoles, nameChanged: z.boolean() }),
  },
  // Two admins for a role that reads personal data: one asks (after a step-up), another confirms.
  'staff.role_grant_requested': {
    before: none,
    after: z.strictObject({ grantId: id, role, expiresAt: z.iso.datetime() }),
  },
  'staff.role_granted': {
    before: z.strictObject({ roles: heldRoles }),
    after: z.strictObject({
      roles: roleList,
      role,
      // A second admin confirming a grant, or the server's operator (`npm run staff:grant`) while one admin exists.
      via: z.enum(['second_admin', 'operator']),
      grantId: id.nullable(),
      requestedBy: id.nullable(),
    }),
  },
  'staff.role_grant_cancelled': {
    before: none,
    after: z.strictObject({ grantId: id, role }),
  },
  'staff.disabled': {
    before: z.strictObject({ disabled: z.literal(false) }),
    after: z.strictObject({ disabled: z.literal(true) }),
  },
  'staff.enabled': {
    before: z.strictObject({ disabled: z.literal(true) }),
    after: z.strictObject({ disabled: z.literal(false) }),
  },
  'staff.mfa_reset': {
    before: z.strictObject({ mfaEnrolled: z.boolean() }),
    after: z.strictObject({ mfaEnrolled: z.literal(false) }),
  },
  'staff.password_link_issued': { before: none, after: none },

  'requests.created': {
    before: none,
    after: z.strictObject({
      reference: referenceSchema,
      type: z.enum(requestTypes),
      regime: z.enum(regimes),
      channel: z.enum(requestChannels),
      status: z.literal('received'),
      customerId: id.nullable(),
      /** Since the daily-tool work: how the linked account compared with the requester (intake-rules.ts). */
      customerLinkCheck: z.enum(customerLinkChecks).nullable().optional(),
      minor: z.boolean(),
      /** Made of a message in the privacy mailbox (issue 16). */
      fromMailId: id.optional(),
      /** Filed by an authorised agent over the Data Rights Protocol (issue 17): the agent and the action. */
      drp: z
        .strictObject({ agentId: drpAgentId, exercise: z.enum(drpExercises), voluntary: z.boolean() })
        .optional(),
    }),
  },
  'requests.assigned': {
    before: z.strictObject({ assigneeId: id.nullable(), version }),
    after: z.strictObject({ assigneeId: id.nullable(), version: nextVersion }),
  },
  // Codes only: a denial's explanation and a message to the requester are free text and stay out.
  'requests.status_changed': {
    before: z.strictObject({ status: requestStatus, version }),
    after: z.union([
      z.strictObject(statusChangeShape),
      // A move that asks the requester, or resumes after an answer, also moves the clock.
      z.strictObject({
        ...statusChangeShape,
        clockEntries: z.array(ledgerEntryRef(z.enum(askKinds))).min(1),
        effectiveDueOn: calendarDate,
        statutoryDueOn: calendarDate,
        clockState,
      }),
    ]),
  },
  // The note's text is on the timeline; the audit event points at it.
  'requests.note_added': { before: none, after: z.strictObject({ eventId: id }) },
  'requests.requester_revealed': {
    before: none,
    after: z.strictObject({ fields: z.array(z.enum(revealedRequesterFields)).min(1) }),
  },
  'requests.export_started': {
    before: none,
    after: z.strictObject({ exportId: z.uuid(), format: z.literal('csv'), filters: exportedFilters }),
  },
  'requests.exported': {
    before: none,
    after: z.strictObject({
      exportId: z.uuid(),
      format: z.literal('csv'),
      filters: exportedFilters,
      rows: count,
      complete: z.boolean(),
    }),
  },
  'requests.acknowledged': { before: clockBefore, after: clockAfterRecording('acknowledged') },
  'requests.extended': { before: clockBefore, after: clockAfterRecording('extension_noticed') },
  'requests.extension_removed': {
    before: clockBefore,
    after: z.strictObject({
      ...clockAfterShape,
      removedEntry: ledgerEntryRef(z.literal('extension_noticed')),
    }),
  },
  'requests.received_at_changed': { before: clockBefore, after: z.strictObject(clockAfterShape) },
  'requests.paused': { before: clockBefore, after: clockAfterRecording('paused') },
  'requests.resumed': { before: clockBefore, after: clockAfterRecording('resumed') },
  // The facts of the check (which points matched, never their values), and what the request now meets.
  'requests.verification_recorded': {
    before: z.strictObject({ version, met: z.enum(verificationLevels) }),
    after: z.strictObject({
      version: nextVersion,
      verificationId: id,
      method: z.enum(verificationMethods),
      outcome: z.enum(verificationOutcomes),
      matchedPoints: z.array(z.enum(dataPointFields)),
      comparedPoints: count,
      toAccountEmail: z.boolean(),
      declarationSigned: z.boolean(),
      documentType: z.enum(documentTypes).nullable(),
      required: z.enum(verificationLevels),
      met: z.enum(verificationLevels),
      satisfied: z.boolean(),
    }),
  },
  'requests.verification_scope_changed': {
    before: z.strictObject({
      version,
      knowScope: z.enum(knowScopes).nullable(),
      sensitiveData: z.boolean(),
      required: z.enum(verificationLevels),
    }),
    after: z.strictObject({
      version: nextVersion,
      knowScope: z.enum(knowScopes).nullable(),
      sensitiveData: z.boolean(),
      required: z.enum(verificationLevels),
    }),
  },
  // On the survivor: which request was merged into it (the duplicate's own closing is its status change).
  'requests.merged': {
    before: z.strictObject({ version }),
    after: z.strictObject({ version: nextVersion, mergedId: id, mergedReference: referenceSchema }),
  },
  // Written by the recompute job for each batch that changed dates.
  'requests.clocks_recomputed': {
    before: none,
    after: z.strictObject({ jobId: id, changed: positiveCount, requestIds: z.array(id).min(1) }),
  },

  // Written by the retention job for each batch it scrubbed (issue 18): which requests, under which setting,
  // and how many records of each kind were emptied — counts only, never what they held.
  'requests.scrubbed': {
    before: none,
    after: z.strictObject({
      jobId: id,
      months: bounded(settingsBounds.requestRetentionMonths),
      cutoff: instant,
      requestIds: z.array(id).min(1).max(1000),
      counts: z.strictObject({
        requests: positiveCount,
        searchTerms: count,
        timelineEntries: count,
        clockEntries: count,
        verifications: count,
        messages: count,
        capturedMail: count,
        inboundMail: count,
        inboundAttachments: count,
        drpClaims: count,
        erasurePlans: count,
        erasureLines: count,
      }),
    }),
  },

  // A search by a reader who sees personal data masked: the term only as a keyed hash, and what it found.
  'requests.searched': { before: none, after: searchedShape(['queue', 'duplicates']) },
  'customers.searched': { before: none, after: searchedShape(customerSearchSurfaces) },
  // Which fields were shown, never their values; the reason is the event's own.
  'customers.pii_revealed': {
    before: none,
    after: z.strictObject({ fields: z.array(z.enum(revealedCustomerFields)).min(1) }),
  },
  // The reason is the event's own `reason`; the payload names the flag and the account's versions.
  'customers.flag_set': {
    before: z.strictObject({ version, status: z.enum(customerStatuses) }),
    after: z.strictObject({
      flagId: id,
      kind: z.enum(customerFlagKinds),
      version: nextVersion,
      status: z.enum(customerStatuses),
    }),
  },
  'customers.flag_lifted': {
    before: z.strictObject({ version, status: z.enum(customerStatuses) }),
    after: z.strictObject({
      flagId: id,
      kind: z.enum(customerFlagKinds),
      version: nextVersion,
      status: z.enum(customerStatuses),
      customerTold: z.strictObject({ at: instant, channel: z.enum(customerNoticeChannels) }).nullable(),
    }),
  },
  // A view of personal data in clear, chained from the access log (the event's time is the view's).
  'pii.viewed': {
    before: none,
    after: z.strictObject({
      accessId: z.number().int().positive(),
      surface: z.enum(piiViewSurfaces),
      results: z.number().int().min(0),
      ids: z.array(id).max(maxSearchResultIds),
      termHash: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    }),
  },
  // That reader ran into the limit: flagged to the admins (the entity is the searcher's staff account).
  'searches.burst_flagged': {
    before: none,
    after: z.strictObject({
      surface: z.enum(['queue', 'duplicates', ...customerSearchSurfaces]),
      searches: positiveCount,
      perMinute: positiveCount,
      flaggedTo: z.array(id).min(1),
    }),
  },

  'settings.updated': {
    before: z.strictObject({ ...settingsChangeShape, version }),
    after: z.strictObject({ ...settingsChangeShape, version: nextVersion, recomputeScheduled: z.boolean() }),
  },

  // Written by the daily reminders job when it sent at least one.
  'notifications.sent': { before: none, after: z.strictObject({ day: calendarDate, sent: positiveCount }) },
  'notifications.read': {
    before: none,
    after: z.strictObject({ ids: z.array(id).min(1), all: z.boolean() }),
  },

  // The audit log leaves the app: when it starts (before the first row) and how it ended.
  'audit.export_started': {
    before: none,
    after: z.strictObject({
      exportId: z.uuid(),
      format: z.enum(['csv', 'json']),
      filters: auditExportFilters,
    }),
  },
  'audit.exported': {
    before: none,
    after: z.strictObject({
      exportId: z.uuid(),
      format: z.enum(['csv', 'json']),
      filters: auditExportFilters,
      rows: count,
      complete: z.boolean(),
    }),
  },

  'reports.export_started': {
    before: none,
    after: z.strictObject({
      exportId: z.uuid(),
      report: z.enum(reportKinds),
      format: z.literal('csv'),
      parameters: reportParameters,
    }),
  },
  'reports.exported': {
    before: none,
    after: z.strictObject({
      exportId: z.uuid(),
      report: z.enum(reportKinds),
      format: z.literal('csv'),
      parameters: reportParameters,
      rows: count,
      complete: z.boolean(),
    }),
  },

  // A view's filters may hold a search term (an email, a name): the event records that it exists, not what it holds.
  'views.created': { before: none, after: none },
  'views.deleted': { before: none, after: none },

  // The privacy mailbox (issue 16): ids, sizes and codes — never an address, a subject or a text.
  'inbox.received': {
    before: none,
    after: z.strictObject({
      sizeBytes: count,
      attachments: count,
      flags: z.array(z.enum(inboundMailFlags)),
    }),
  },
  // On the request (entity): the mail it came in, and how it was put there.
  'inbox.threaded': {
    before: z.strictObject({ version }),
    after: z.strictObject({ version: nextVersion, mailId: id, via: z.enum(threadedVia) }),
  },
  'inbox.dismissed': {
    before: z.strictObject({ status: z.literal('new'), version }),
    after: z.strictObject({
      status: z.literal('not_request'),
      reason: z.enum(notRequestReasons),
      version: nextVersion,
    }),
  },
  // Authorised agents (issue 17): the directory's entries by id, key fingerprints, statuses — never a token.
  'drp.agent_added': {
    before: none,
    after: z.strictObject({
      source: z.enum(drpAgentSources),
      status: z.enum(drpAgentStatuses),
      keyFingerprint: fingerprint,
      version,
    }),
  },
  'drp.agent_changed': {
    before: z.strictObject({ status: z.enum(drpAgentStatuses), keyFingerprint: fingerprint, version }),
    after: z.strictObject({
      status: z.enum(drpAgentStatuses),
      keyFingerprint: fingerprint,
      version: nextVersion,
      tokensRevoked: count,
    }),
  },
  'drp.token_issued': { before: none, after: z.strictObject({ tokensRevoked: count }) },
  // On the request: what the agent was told, and how its server answered.
  'drp.status_sent': {
    before: none,
    after: z.strictObject({
      agentId: drpAgentId,
      status: z.enum(drpStatuses),
      reason: z.enum(drpReasons).nullable(),
      httpStatus: z.int().min(100).max(599),
      attempt: count,
    }),
  },
  // Mail to requesters (issue 13): kinds, ids and statuses only — never an address, a subject or a text.
  'requests.message_queued': {
    before: z.strictObject({ version }),
    after: z.strictObject({
      version: nextVersion,
      messageId: id,
      messageKind: z.enum(messageKinds),
      challengeId: id.optional(),
    }),
  },
  // With the clock-ledger entry its leaving recorded (an acknowledgement, an extension's notice, an ask).
  'messages.sent': {
    before: none,
    after: z.strictObject({
      messageId: id,
      messageKind: z.enum(messageKinds),
      requestId: id.nullable(),
      attempts: positiveCount,
      sentAt: instant,
      clockEntry: z
        .strictObject({
          id,
          kind: z.enum(messageLedgerEvents),
          on: calendarDate,
          effectiveDueOn: calendarDate,
          statutoryDueOn: calendarDate,
          clockState: z.enum(clockStates),
        })
        .optional(),
    }),
  },
  'messages.failed': {
    before: none,
    after: z.strictObject({
      messageId: id,
      messageKind: z.enum(messageKinds),
      requestId: id.nullable(),
      attempts: count,
      sent: z.literal(false),
    }),
  },
  'messages.retried': {
    before: z.strictObject({ status: z.literal('failed'), attempts: count }),
    after: z.strictObject({ status: z.literal('queued'), generation: positiveCount }),
  },
  // Which template changed and its versions; its text is the template's own (no requester's data in it).
  'messages.template_saved': {
    before: z.strictObject({ version, wasDefault: z.boolean() }),
    after: z.strictObject({
      version: nextVersion,
      kind: z.enum(messageKinds),
      regime: z.enum(regimes).nullable(),
    }),
  },
  'messages.template_reset': {
    before: z.strictObject({ version }),
    after: z.strictObject({ kind: z.enum(messageKinds), regime: z.enum(regimes).nullable() }),
  },

  // The subprocessor registry (issue 14): ids, statuses, dates, field names and counts. A vendor's details
  // are in the registry's own history (subprocessor_events); a subscriber's address never leaves its row.
  'erasure.plan_prepared': {
    before: none,
    after: z.strictObject({ planId: id, planVersion: nextVersion, lines: count, retained: count }),
  },
  'erasure.line_changed': {
    before: z.strictObject({
      planVersion: nextVersion,
      lineId: id,
      action: z.enum(lineActions),
      ground: z.enum(retentionGrounds).nullable(),
    }),
    after: z.strictObject({
      planVersion: nextVersion,
      action: z.enum(lineActions),
      ground: z.enum(retentionGrounds).nullable(),
      // A change after approval voids it: the request goes back to awaiting approval.
      status: requestStatus.optional(),
      version: nextVersion.optional(),
    }),
  },
  'erasure.submitted': planMove,
  'erasure.approved': {
    before: planMove.before,
    after: z.strictObject({
      status: requestStatus,
      version: nextVersion,
      planVersion: nextVersion,
      graceEndsAt: z.iso.datetime(),
    }),
  },
  'erasure.rejected': planMove,
  'erasure.cancelled': planMove,
  'erasure.refused': {
    before: none,
    after: z.strictObject({
      attempt: z.enum(planAttempts),
      planVersion: z.int().min(0).nullable(),
      code: z.string().min(1).max(40),
      reason: z.string().min(1).max(600),
    }),
  },
  'erasure.execution_started': {
    before: planMove.before,
    after: z.strictObject({
      status: z.enum(requestStatuses),
      version: nextVersion,
      planVersion: nextVersion,
      jobs: count,
    }),
  },
  'erasure.line_done': {
    before: z.strictObject({ lineId: id, status: z.enum(lineStatuses) }),
    after: z.strictObject({
      lineId: id,
      status: z.enum(lineStatuses),
      connector: z.enum(connectorKinds),
      rows: count.nullable(),
    }),
  },
  'erasure.line_failed': {
    before: z.strictObject({ lineId: id, status: z.enum(lineStatuses) }),
    after: z.strictObject({ lineId: id, status: z.enum(lineStatuses), connector: z.enum(connectorKinds) }),
  },
  'erasure.line_justified': {
    before: z.strictObject({ lineId: id, status: z.enum(lineStatuses) }),
    after: z.strictObject({ lineId: id, status: z.enum(lineStatuses), reason: z.enum(justificationReasons) }),
  },
  'erasure.task_opened': {
    before: z.strictObject({ lineId: id, status: z.enum(lineStatuses) }),
    after: z.strictObject({ lineId: id, ownerId: id.nullable() }),
  },
  'erasure.task_closed': {
    before: z.strictObject({ lineId: id, status: z.enum(lineStatuses) }),
    after: z.strictObject({ lineId: id, status: z.enum(lineStatuses) }),
  },
  'erasure.reapplied': {
    before: none,
    after: z.strictObject({ requestId: id, rows: count }),
  },
  'erasure.completed': {
    before: z.strictObject({ status: z.enum(requestStatuses), version }),
    after: z.strictObject({
      status: z.enum(requestStatuses),
      version: nextVersion,
      outcome: z.enum(['fulfilled', 'partially_fulfilled']),
      lines: count,
    }),
  },
  'inventory.created': {
    before: none,
    after: z.strictObject({
      version: nextVersion,
      key: z.string().min(1),
      connectorKind: z.enum(connectorKinds),
    }),
  },
  'inventory.updated': {
    before: z.strictObject({ version }),
    after: z.strictObject({
      version: nextVersion,
      fields: z.array(z.enum(dataSystemFields)).min(1),
      secretReplaced: z.boolean(),
    }),
  },
  'registry.created': {
    before: none,
    after: z.strictObject({ version: nextVersion, status: subprocessorStatus, replacesId: id.nullable() }),
  },
  'registry.updated': {
    before: z.strictObject({ version }),
    after: z.strictObject({ version: nextVersion, fields: z.array(subprocessorField).min(1) }),
  },
  'registry.notice_sent': {
    before: z.strictObject({ version, status: subprocessorStatus }),
    after: z.strictObject({
      version: nextVersion,
      status: subprocessorStatus,
      noticeId: id,
      channel: z.enum(noticeChannels),
      sentOn: calendarDate,
      objectionDeadline: calendarDate,
      messages: count,
    }),
  },
  'registry.window_opened': {
    before: z.strictObject({ version, status: subprocessorStatus }),
    after: z.strictObject({ version: nextVersion, status: subprocessorStatus, noticeId: id }),
  },
  'registry.activated': {
    before: z.strictObject({ version, status: subprocessorStatus }),
    after: z.strictObject({
      version: nextVersion,
      status: subprocessorStatus,
      activeFrom: calendarDate,
      early: z.boolean(),
    }),
  },
  'registry.retired': {
    before: z.strictObject({ version, status: subprocessorStatus }),
    after: z.strictObject({ version: nextVersion, status: subprocessorStatus, retiredOn: calendarDate }),
  },
  'registry.objection_recorded': {
    before: z.strictObject({ version }),
    after: z.strictObject({
      version: nextVersion,
      objectionId: id,
      organisationId: id,
      receivedOn: calendarDate,
    }),
  },
  'registry.objection_decided': {
    before: z.strictObject({ version, outcome: z.literal('pending') }),
    after: z.strictObject({ version: nextVersion, objectionId: id, outcome: z.enum(objectionOutcomes) }),
  },
  'registry.subscriber_added': {
    before: none,
    after: z.strictObject({
      subscriberId: id,
      organisationId: id.nullable(),
      source: z.enum(['public_page', 'staff']),
    }),
  },
  'registry.subscriber_confirmed': {
    before: z.strictObject({ status: z.literal('pending') }),
    after: z.strictObject({
      subscriberId: id,
      status: z.literal('confirmed'),
      organisationId: id.nullable(),
    }),
  },
  'registry.subscriber_removed': {
    before: z.strictObject({ status: z.enum(['pending', 'confirmed']) }),
    after: z.strictObject({ subscriberId: id, status: z.literal('unsubscribed'), bySubscriber: z.boolean() }),
  },
  'registry.imported': {
    before: none,
    after: z.strictObject({
      rows: count,
      created: count,
      updated: count,
      subprocessorIds: z.array(id).max(1000),
    }),
  },
  'registry.exported': {
    before: none,
    after: z.strictObject({ format: z.enum(['csv', 'json', 'markdown']), rows: count }),
  },
} satisfies Record<AuditAction, { before: z.ZodType; after: z.ZodType }>;

/** What a writer passes for an action (absent sides as `null`). */
export type AuditPayload<A extends AuditAction> = {
  before: z.input<(typeof auditPayloads)[A]['before']>;
  after: z.input<(typeof auditPayloads)[A]['after']>;
};

/** What the parse gives back for an action. */
export type ParsedAuditPayload<A extends AuditAction> = {
  before: z.output<(typeof auditPayloads)[A]['before']>;
  after: z.output<(typeof auditPayloads)[A]['after']>;
};

/** A payload the table refuses. Its message names the action and the key paths, never a value. */
export class AuditPayloadError extends Error {
  constructor(
    readonly action: string,
    /** Dotted key paths (`after.clockEntries[0].reason`) of what was refused. */
    readonly paths: readonly string[],
    problems: readonly string[],
  ) {
    super(`Audit payload refused for "${action}": ${problems.join('; ')}.`);
    this.name = 'AuditPayloadError';
  }
}

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** How many things are wrong: zod reports every unexpected key of an object in one issue. */
function problemCount(issues: readonly z.core.$ZodIssue[]): number {
  return issues.reduce((n, issue) => n + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0);
}

/**
 * The issues of the union branch that came closest (fewest problems), so an extra key on a payload that
 * otherwise fits one branch is reported as that key, not as every key the other branch does not know.
 */
function closestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] {
  let best: readonly z.core.$ZodIssue[] | undefined;
  for (const branch of branches)
    if (best === undefined || problemCount(branch) < problemCount(best)) best = branch;
  return best ?? [];
}

/**
 * Each problem as a key path and what was wrong with it, built from the issue's code rather than zod's
 * message, so no message can carry the refused value into a log or an error report.
 */
function describe(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[],
  out: { paths: string[]; problems: string[] },
): void {
  for (const issue of issues) {
    const at = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const path = pathOf([...at, key]);
          out.paths.push(path);
          out.problems.push(`unexpected key "${path}"`);
        }
        break;
      case 'invalid_union': {
        const branch = closestBranch(issue.errors);
        if (branch.length > 0) describe(branch, at, out);
        else {
          out.paths.push(pathOf(at));
          out.problems.push(`"${pathOf(at)}" matches no allowed shape`);
        }
        break;
      }
      case 'invalid_type': {
        const path = pathOf(at);
        out.paths.push(path);
        out.problems.push(`"${path}" should be ${issue.expected}`);
        break;
      }
      default: {
        const path = pathOf(at);
        out.paths.push(path);
        out.problems.push(`"${path}" is not an allowed value (${issue.code})`);
      }
    }
  }
}

/**
 * Checks an audit event's payloads against the table (a missing side counts as `null`) and returns them
 * parsed, or throws an AuditPayloadError naming the action and each offending key path.
 */
export function parseAuditPayload<A extends AuditAction>(
  action: A,
  before: unknown,
  after: unknown,
): ParsedAuditPayload<A> {
  if (!isAuditAction(action)) throw new AuditPayloadError(String(action), [], ['unknown action']);
  // Widened on purpose: TypeScript cannot call a method on a table entry picked by a generic key.
  const schemas: { before: z.ZodType; after: z.ZodType } = auditPayloads[action];
  const parsedBefore = schemas.before.safeParse(before ?? null);
  const parsedAfter = schemas.after.safeParse(after ?? null);
  const out = { paths: [] as string[], problems: [] as string[] };
  if (!parsedBefore.success) describe(parsedBefore.error.issues, ['before'], out);
  if (!parsedAfter.success) describe(parsedAfter.error.issues, ['after'], out);
  if (!parsedBefore.success || !parsedAfter.success)
    throw new AuditPayloadError(action, out.paths, out.problems);
  // The two values were just parsed by this action's own schemas.
  return { before: parsedBefore.data, after: parsedAfter.data } as ParsedAuditPayload<A>;
}
