import { sql, type SQL } from 'drizzle-orm';
import {
  inboundMailFlags,
  inboundMailStatuses,
  notRequestReasons,
  threadedVia,
  type InboundMailFlag,
  type InboundMailStatus,
  type MailAuthVerdict,
  type NotRequestReason,
  type ThreadedVia,
  auditActions,
  auditEntityTypes,
  dataCategories,
  iso3166Alpha2,
  noticeChannels,
  transferMechanisms,
  objectionOutcomes,
  subprocessorCategories,
  subprocessorEventKinds,
  subprocessorStatuses,
  subscriberStatuses,
  type DataCategory,
  type LineAction,
  type LineForcedBy,
  type LineStatus,
  type PlatformRetentionScope,
  type RetentionGround,
  lineActions,
  lineForcedBy,
  lineStatuses,
  platformRetentionScopes,
  retentionGrounds,
  type ConnectorKind,
  connectorKinds,
  type StoredConnector,
  type RetentionRule,
  type NoticeChannel,
  type ObjectionOutcome,
  type SubprocessorCategory,
  type SubprocessorEventKind,
  type SubprocessorFields,
  type SubprocessorStatus,
  type SubscriberStatus,
  challengeMethods,
  challengeStatuses,
  messageKinds,
  messageStatuses,
  templateKinds,
  type ChallengeMethod,
  type ChallengeStatus,
  type MessageKind,
  type TemplateKind,
  type MessageLedgerEvent,
  type MessageStatus,
  clockEventKinds,
  clockStates,
  customerEventKinds,
  customerFlagKinds,
  customerLinkChecks,
  customerNoticeChannels,
  customerStatuses,
  dataPointFields,
  documentTypes,
  knowScopes,
  notificationKinds,
  openRequestStatuses,
  piiViewSurfaces,
  regimes,
  requestChannels,
  requestOutcomes,
  requestPriorities,
  requestReasonCodes,
  requestStatuses,
  requestTypes,
  roleGrantStatuses,
  roles,
  timelineEventKinds,
  verificationMethods,
  verificationOutcomes,
  type AuditAction,
  type AuditEntityType,
  type ClockEventKind,
  type ClockState,
  type CustomerEventKind,
  type CustomerFlagKind,
  type CustomerLinkCheck,
  type CustomerNoticeChannel,
  type CustomerStatus,
  type DataPointField,
  type DocumentType,
  type KnowScope,
  type NotificationKind,
  type PiiViewSurface,
  type Regime,
  type RequestChannel,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestStatus,
  type RequestType,
  type Role,
  type RoleGrantStatus,
  type TimelineEventKind,
  type VerificationMethod,
  type VerificationOutcome,
  drpAgentSources,
  drpAgentStatuses,
  drpExercises,
  type DrpAgentSource,
  type DrpAgentStatus,
  type DrpExercise,
  type DrpExerciseStatus,
} from '@privdesk/shared';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { jobKinds, jobStatuses, type JobKind, type JobStatus } from './job-kinds.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A SQL string literal. The values are our own constants, but a quote in one must still not end it. */
function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The values as a literal list, inlined rather than bound: drizzle-kit writes a constraint's or an index's
 * SQL into the migration as it is, so a bound parameter would come out as `$1`.
 */
function literalList(values: readonly string[]): SQL {
  if (values.length === 0) throw new Error('a CHECK list needs at least one value');
  return sql.raw(values.map(sqlLiteral).join(', '));
}

/**
 * The column holds one of a shared `as const` list's values. Built from the list itself, so adding a value
 * there and running `npm run db:generate` writes the migration that allows it. A null passes, as in every
 * SQL CHECK (`null in (…)` is unknown, not false), so a nullable column stays nullable.
 */
function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  return check(name, sql`${column} in (${literalList(values)})`);
}

/** Every element of a text[] column is one of the list's values (an empty array passes). */
function eachOneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  return check(name, sql`${column} <@ array[${literalList(values)}]::text[]`);
}

/** mfa: password accepted, code awaited; enrol: must enrol MFA first; active: signed in. */
export const sessionStates = ['mfa', 'enrol', 'active'] as const;
export type SessionState = (typeof sessionStates)[number];

export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    passwordHash: text('password_hash'),
    /** TOTP secret, encrypted with the app secret (AES-256-GCM). */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnrolledAt: ts('totp_enrolled_at'),
    /** Last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    disabledAt: ts('disabled_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    lastSignInAt: ts('last_sign_in_at'),
    version: integer('version').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_email_key').on(t.email), eachOneOf('staff_roles_check', t.roles, roles)],
);

/**
 * A role that lets its holder read personal data or approve outcomes (`secondAdminRoles`) is granted in two
 * steps: one admin asks (after an MFA step-up), a second admin confirms. Nobody confirms a grant they asked
 * for or one made out to themselves; a grant not confirmed by `expires_at` lapses.
 */
export const staffRoleGrants = pgTable(
  'staff_role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    status: text('status').$type<RoleGrantStatus>().notNull().default('pending'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => staff.id),
    requestedAt: ts('requested_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    uniqueIndex('staff_role_grants_one_pending')
      .on(t.staffId, t.role)
      .where(sql`${t.status} = 'pending'`),
    index('staff_role_grants_pending_idx')
      .on(t.requestedAt)
      .where(sql`${t.status} = 'pending'`),
    oneOf('staff_role_grants_role_check', t.role, roles),
    oneOf('staff_role_grants_status_check', t.status, roleGrantStatuses),
  ],
);

export const recoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.codeHash] })],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    state: text('state', { enum: sessionStates }).notNull(),
    mfaAt: ts('mfa_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_staff_idx').on(t.staffId),
    oneOf('sessions_state_check', t.state, sessionStates),
  ],
);

export const passwordTokens = pgTable(
  'password_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('password_tokens_hash_key').on(t.tokenHash)],
);

/** Failed sign-ins, by key (`ip:…` or `email:<sha256>`), for throttling. Pruned as it is read. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_at_idx').on(t.key, t.at)],
);

/**
 * Append-only, hash-chained. `seq` is assigned by the writer under a lock (no gaps), `hash` is
 * SHA-256 over the previous hash and this event's canonical form. A trigger refuses UPDATE and DELETE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').$type<AuditAction>().notNull(),
    entityType: text('entity_type').$type<AuditEntityType>().notNull(),
    entityId: text('entity_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    reason: text('reason'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** How `hash` was made (audit-chain.ts): 1 plain SHA-256 (events before keys), 2 keyed HMAC. */
    chain: smallint('chain').$type<1 | 2>().notNull().default(1),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    check('audit_events_chain_check', sql`${t.chain} in (1, 2)`),
    index('audit_events_actor_idx').on(t.actorId, t.seq),
    index('audit_events_action_idx').on(t.action, t.seq),
    index('audit_events_entity_idx').on(t.entityType, t.entityId, t.seq),
    // An action or entity type no build knows would be an event no reader can explain.
    oneOf('audit_events_action_check', t.action, auditActions),
    oneOf('audit_events_entity_type_check', t.entityType, auditEntityTypes),
  ],
);

/**
 * Every view of personal data in clear (product.md §9): who saw which records, from where, why when a reason
 * was asked. Written in the reading transaction without the audit chain's lock, so reads never queue
 * behind each other on it; the view chainer (features/audit/view-chainer.ts) then appends each to the
 * audit chain as a `pii.viewed` event and notes the event's `seq` here. Append-only: a trigger refuses
 * deletes and any update but that one note (null → seq, once).
 */
export const piiAccessLog = pgTable(
  'pii_access_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => staff.id),
    ip: text('ip'),
    requestId: text('request_id'),
    surface: text('surface').$type<PiiViewSurface>().notNull(),
    entityType: text('entity_type').$type<'request' | 'customer' | 'inbound_mail'>().notNull(),
    /** The records shown (capped like search audits); `results` counts them all. */
    recordIds: uuid('record_ids').array().notNull(),
    results: integer('results').notNull(),
    /** A search term as a keyed hash, never the term. */
    termHash: text('term_hash'),
    reason: text('reason'),
    chainedSeq: bigint('chained_seq', { mode: 'number' }),
  },
  (t) => [
    index('pii_access_log_unchained_idx')
      .on(t.id)
      .where(sql`${t.chainedSeq} is null`),
    index('pii_access_log_actor_idx').on(t.actorId, t.at),
    oneOf('pii_access_log_surface_check', t.surface, piiViewSurfaces),
    oneOf('pii_access_log_entity_type_check', t.entityType, ['request', 'customer', 'inbound_mail']),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at')
    .notNull()
    .default(sql`now()`),
  /** Optimistic concurrency for the admin form, as on requests. */
  version: integer('version').notNull().default(0),
  updatedBy: uuid('updated_by').references(() => staff.id),
});

/**
 * Syncronis's customers as organisations (product.md §10): the companies accounts belong to, with the
 * person who speaks for them on privacy — the registry's change notices and objections go to and come from
 * them.
 */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** ISO 3166 country of the organisation's seat. */
    country: text('country').notNull(),
    privacyContactName: text('privacy_contact_name'),
    /** Lower-cased. */
    privacyContactEmail: text('privacy_contact_email'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_name_key').on(sql`lower(${t.name})`),
    index('organisations_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    check(
      'organisations_contact_check',
      sql`(${t.privacyContactName} is null) = (${t.privacyContactEmail} is null)`,
    ),
  ],
);

/**
 * An account's name as the search by close words reads it (features/customers/customer-search.ts): lower-cased,
 * split into words where the search's `wordsOf` splits a name (white space, - ' ’ . , _ + @ ( )), each word
 * between single spaces (` john smith `), so that the pattern `% j_hn %` means one whole word of four letters.
 */
function nameWordsOf(name: AnyPgColumn): SQL {
  return sql`(' ' || regexp_replace(lower(${name}), '[[:space:]\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff''’.,_+@()-]+', ' ', 'g') || ' ')`;
}

/** The fictional customer directory of Syncronis accounts (product.md §10). */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The account id support agents quote: `SYN-104233`. */
    accountNumber: text('account_number').notNull(),
    name: text('name').notNull(),
    /**
     * The name's words as the search by close words matches them (` john smith `, see nameWordsOf), kept by
     * the database: its patterns are checked against each candidate, a few dozen times a row, and working the
     * words out each time cost more than the rest of the search.
     */
    nameWords: text('name_words')
      .notNull()
      .generatedAlwaysAs((): SQL => nameWordsOf(customers.name)),
    /** Lower-cased. */
    email: text('email').notNull(),
    /** The organisation the account belongs to; none for a personal account. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** ISO 3166 country, with a subdivision where it decides the law (`US-CA`). */
    country: text('country').notNull(),
    plan: text('plan').notNull(),
    signupAt: ts('signup_at').notNull(),
    lastActiveAt: ts('last_active_at'),
    /** Only the year, and only where it was collected: enough to flag a minor. */
    birthYear: integer('birth_year'),
    status: text('status').$type<CustomerStatus>().notNull().default('active'),
    /** The day a pending deletion purges the account: set exactly while its deletion is pending. */
    purgeOn: date('purge_on', { mode: 'string' }),
    /** The tombstone of an erased account: when, and by which request (its certificate says what went). */
    erasedAt: ts('erased_at'),
    erasureRequestId: uuid('erasure_request_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Optimistic concurrency for changes to the account (its flags): a change based on an older one is refused. */
    version: integer('version').notNull().default(0),
    updatedAt: ts('updated_at'),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('customers_account_number_key').on(t.accountNumber),
    // Account numbers typed in part ("SYN-1042"): a prefix, read from the index whatever the collation.
    index('customers_account_number_prefix_idx').on(t.accountNumber.op('text_pattern_ops')),
    index('customers_email_idx').on(t.email.op('text_pattern_ops')),
    index('customers_name_idx').on(t.name),
    // Substring searches (`ilike '%…%'`, the intake's and the support agent's lookup) read these instead of
    // the whole table: pg_trgm's trigram GIN answers any substring of three letters or more.
    index('customers_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    // The search by close words: whole words within a letter of the typed ones (`% j_hn %`, see nameWordsOf).
    index('customers_name_words_trgm_idx').using('gin', t.nameWords.op('gin_trgm_ops')),
    index('customers_organisation_idx').on(t.organisationId),
    oneOf('customers_status_check', t.status, customerStatuses),
    check('customers_purge_on_check', sql`(${t.status} = 'deletion_pending') = (${t.purgeOn} is not null)`),
  ],
);

/**
 * What stands or stood on a customer account (restriction, legal hold, objection to marketing, consent
 * withdrawn): who set it, when and why, and once lifted who lifted it, when and why — rows are lifted, never
 * deleted, so the history stays. At most one of each kind stands at a time.
 */
export const customerFlags = pgTable(
  'customer_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<CustomerFlagKind>().notNull(),
    setAt: ts('set_at').notNull(),
    setBy: uuid('set_by').references(() => staff.id),
    setReason: text('set_reason').notNull(),
    liftedAt: ts('lifted_at'),
    liftedBy: uuid('lifted_by').references(() => staff.id),
    liftedReason: text('lifted_reason'),
    /** Lifting a restriction: when and how the customer was told beforehand (GDPR Art. 18(3)). */
    customerToldAt: ts('customer_told_at'),
    customerToldBy: text('customer_told_by').$type<CustomerNoticeChannel>(),
  },
  (t) => [
    uniqueIndex('customer_flags_standing_key')
      .on(t.customerId, t.kind)
      .where(sql`${t.liftedAt} is null`),
    index('customer_flags_customer_idx').on(t.customerId, t.setAt),
    oneOf('customer_flags_kind_check', t.kind, customerFlagKinds),
    oneOf('customer_flags_told_by_check', t.customerToldBy, customerNoticeChannels),
    check(
      'customer_flags_lifted_check',
      sql`(${t.liftedAt} is null) = (${t.liftedReason} is null) and (${t.liftedAt} is null or ${t.liftedAt} >= ${t.setAt})`,
    ),
  ],
);

/** A customer account's own timeline: flags set and lifted (more kinds as the customer work grows). */
export const customerEvents = pgTable(
  'customer_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => staff.id),
    kind: text('kind').$type<CustomerEventKind>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('customer_events_customer_idx').on(t.customerId, t.at),
    oneOf('customer_events_kind_check', t.kind, customerEventKinds),
  ],
);

const openStatusList = literalList(openRequestStatuses);

function openRequestIndexes(t: {
  receivedAt: AnyPgColumn;
  companyDueOn: AnyPgColumn;
  effectiveDueOn: AnyPgColumn;
  reference: AnyPgColumn;
  type: AnyPgColumn;
  regime: AnyPgColumn;
  status: AnyPgColumn;
  priority: AnyPgColumn;
  requesterName: AnyPgColumn;
  assigneeId: AnyPgColumn;
  id: AnyPgColumn;
}) {
  const open = sql`${t.status} in (${openStatusList})`;
  return [
    index('requests_open_received_idx').on(t.receivedAt, t.id).where(open),
    index('requests_open_company_due_idx').on(t.companyDueOn, t.id).where(open),
    index('requests_open_effective_due_idx').on(t.effectiveDueOn, t.id).where(open),
    index('requests_open_reference_idx').on(t.reference).where(open),
    index('requests_open_type_idx').on(t.type, t.id).where(open),
    index('requests_open_regime_idx').on(t.regime, t.id).where(open),
    index('requests_open_status_idx').on(t.status, t.id).where(open),
    index('requests_open_priority_idx').on(t.priority, t.id).where(open),
    index('requests_open_requester_idx').on(t.requesterName, t.id).where(open),
    index('requests_open_assignee_idx').on(t.assigneeId, t.id).where(open),
    // Triage: open, nobody on it, by regime and type. Open and unassigned go together (new requests), so the
    // planner's guess from two separate indexes is several times too low, and their bitmaps cost 20 ms at
    // 1,000,000 requests where this small index answers in a few (bench/RESULTS.md, speed step 4).
    index('requests_open_unassigned_idx')
      .on(t.regime, t.type, t.id)
      .where(sql`${t.assigneeId} is null and ${open}`),
  ];
}

/**
 * A data-subject request (product.md §3). The three due dates are derived by `deriveDueDates` (shared)
 * whenever the receipt, type or regime is written, and stored only so the queue can filter and sort on them.
 */
export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    type: text('type').$type<RequestType>().notNull(),
    regime: text('regime').$type<Regime>().notNull(),
    channel: text('channel').$type<RequestChannel>().notNull(),
    status: text('status').$type<RequestStatus>().notNull(),
    /** Index into `requestPriorities` (low … urgent), so sorting sorts by urgency. */
    priority: smallint('priority').notNull().default(1),
    minor: boolean('minor').notNull().default(false),
    requesterName: text('requester_name').notNull(),
    /** Lower-cased. */
    requesterEmail: text('requester_email').notNull(),
    requesterLocation: text('requester_location'),
    agentName: text('agent_name'),
    agentEmail: text('agent_email'),
    agentPermissionNote: text('agent_permission_note'),
    customerId: uuid('customer_id').references(() => customers.id),
    /**
     * How the linked account compares with the requester as typed at intake (`checkCustomerLink`): null
     * without an account; anything but `match` is flagged on the request for an officer to check.
     */
    customerLinkCheck: text('customer_link_check').$type<CustomerLinkCheck>(),
    receivedAt: ts('received_at').notNull(),
    loggedAt: ts('logged_at').notNull(),
    description: text('description').notNull().default(''),
    assigneeId: uuid('assignee_id').references(() => staff.id),
    outcome: text('outcome').$type<RequestOutcome>(),
    reasonCode: text('reason_code').$type<RequestReasonCode>(),
    denialExplanation: text('denial_explanation'),
    companyDueOn: date('company_due_on', { mode: 'string' }).notNull(),
    statutoryDueOn: date('statutory_due_on', { mode: 'string' }).notNull(),
    effectiveDueOn: date('effective_due_on', { mode: 'string' }).notNull(),
    /** initial | extended | paused: the statutory clock's state, derived with the dates. */
    clockState: text('clock_state').$type<ClockState>().notNull().default('initial'),
    /** A CCPA "know" request: categories or specific pieces (specific pieces need high verification). */
    knowScope: text('know_scope').$type<KnowScope>(),
    /** An officer's flag: the deletion reaches sensitive data, so it needs high verification. */
    sensitiveData: boolean('sensitive_data').notNull().default(false),
    /**
     * When it closed (completed, denied, withdrawn, closed unverified), and that instant's calendar day where
     * it is handled — the day its due dates are compared with. Set by the change writer on the closing move
     * (issue 18); null while open.
     */
    closedAt: ts('closed_at'),
    closedOn: date('closed_on', { mode: 'string' }),
    /**
     * Calendar days from receipt to closing where the request is handled: `closed_on` less the day of receipt
     * in the same time zone, stamped with it (the dashboard's and §7102's days to respond).
     */
    closedDays: integer('closed_days'),
    /**
     * Copies kept by triggers (migration 0035) for the dashboard's roll-up: an extension noticed and not
     * removed (`request_clock_events`), and an identity check that passed (`request_verifications`). The
     * queue's filters read the source tables; the drill test holds the two equal.
     */
    extended: boolean('extended').notNull().default(false),
    verified: boolean('verified').notNull().default(false),
    /**
     * When the requester's personal data was removed, the retention period after closing having passed
     * (issue 18; `requests.retention_scrub`). Set once: a scrubbed request is never scrubbed again, and
     * never changes again.
     */
    scrubbedAt: ts('scrubbed_at'),
    /** A duplicate merged into another request (closed as denied, reason `duplicate`): the survivor. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => requests.id),
    version: integer('version').notNull().default(0),
    createdBy: uuid('created_by').references(() => staff.id),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('requests_reference_key').on(t.reference),
    // Open requests are the queue's everyday view (and every due filter): small partial indexes, one per sort.
    ...openRequestIndexes(t),
    // Every sortable column with the id as tiebreak, so a page is stable and read in index order.
    index('requests_received_idx').on(t.receivedAt, t.id),
    index('requests_company_due_idx').on(t.companyDueOn, t.id),
    index('requests_effective_due_idx').on(t.effectiveDueOn, t.id),
    index('requests_statutory_due_idx').on(t.statutoryDueOn),
    index('requests_status_idx').on(t.status, t.id),
    index('requests_type_idx').on(t.type, t.id),
    index('requests_regime_idx').on(t.regime, t.id),
    // A type filter sorted by regime, and a regime filter sorted by type: the two are correlated (each regime
    // grants its own rights), so walking the sort column's own index crosses every row of the regimes that
    // lack the type (all of CCPA for "erasure") before the first match.
    index('requests_type_regime_idx').on(t.type, t.regime, t.id),
    index('requests_regime_type_idx').on(t.regime, t.type, t.id),
    index('requests_channel_idx').on(t.channel, t.id),
    index('requests_priority_idx').on(t.priority, t.id),
    index('requests_requester_name_idx').on(t.requesterName, t.id),
    index('requests_assignee_idx').on(t.assigneeId, t.id),
    index('requests_customer_idx').on(t.customerId),
    index('requests_email_idx').on(t.requesterEmail.op('text_pattern_ops')),
    index('requests_minor_idx')
      .on(t.receivedAt, t.id)
      .where(sql`${t.minor}`),
    // The dashboard's answered-in-a-period figures and the §7101 log read closed requests by closing time.
    index('requests_closed_idx')
      .on(t.closedAt, t.id)
      .where(sql`${t.closedAt} is not null`),
    // The retention job: closed requests not yet scrubbed, oldest closing first — only those it may still
    // have to do, so the index stays small however many scrubbed requests pile up.
    index('requests_retention_due_idx')
      .on(t.closedAt, t.id)
      .where(sql`${t.closedAt} is not null and ${t.scrubbedAt} is null`),
    // The nightly recompute walks the open requests in id order (keyset batches).
    index('requests_open_id_idx')
      .on(t.id)
      .where(sql`${t.status} in (${openStatusList})`),
    oneOf('requests_type_check', t.type, requestTypes),
    oneOf('requests_regime_check', t.regime, regimes),
    oneOf('requests_channel_check', t.channel, requestChannels),
    oneOf('requests_status_check', t.status, requestStatuses),
    oneOf('requests_outcome_check', t.outcome, requestOutcomes),
    oneOf('requests_reason_code_check', t.reasonCode, requestReasonCodes),
    oneOf('requests_clock_state_check', t.clockState, clockStates),
    oneOf('requests_customer_link_check', t.customerLinkCheck, customerLinkChecks),
    oneOf('requests_know_scope_check', t.knowScope, knowScopes),
    check(
      'requests_priority_check',
      sql`${t.priority} between 0 and ${sql.raw(String(requestPriorities.length - 1))}`,
    ),
  ],
);

/**
 * The queue's search box: word-start prefixes of the requester's name and email, and the reference number
 * (see `searchTermsFor`). A table of its own, so the terms do not double the width of every request row
 * that the queue reads; GIN without fast update, so a search never scans a pending list (PGlite has no
 * autovacuum to flush one).
 */
export const requestSearchTerms = pgTable(
  'request_search_terms',
  {
    requestId: uuid('request_id')
      .primaryKey()
      .references(() => requests.id, { onDelete: 'cascade' }),
    terms: text('terms').array().notNull(),
    /**
     * The whole words of the requester's name, folded: what a reader who sees names masked may match
     * (never a prefix, which would rebuild a masked name letter by letter). Null on rows written before it
     * existed, until the start-up backfill derives them.
     */
    words: text('words').array(),
  },
  (t) => [
    index('request_search_terms_idx').using('gin', t.terms).with({ fastupdate: false }),
    index('request_search_words_idx').using('gin', t.words).with({ fastupdate: false }),
  ],
);

/** The timeline: intake, status changes, assignments and notes, with who and when. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: events written in one transaction share `at` and must still read in order. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => staff.id),
    kind: text('kind').$type<TimelineEventKind>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('request_events_request_idx').on(t.requestId, t.at),
    oneOf('request_events_kind_check', t.kind, timelineEventKinds),
  ],
);

/**
 * Identity checks of a request, one row an attempt, passed or failed (issue 13, item 2): the facts only —
 * which data points matched (never the values supplied), the document's type (never the document), whether
 * the address proven is the account's own. What they prove together is `assessVerification`'s to say.
 */
export const requestVerifications = pgTable(
  'request_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    method: text('method').$type<VerificationMethod>().notNull(),
    outcome: text('outcome').$type<VerificationOutcome>().notNull(),
    toAccountEmail: boolean('to_account_email').notNull().default(false),
    matchedPoints: text('matched_points')
      .array()
      .$type<DataPointField[]>()
      .notNull()
      .default(sql`'{}'`),
    comparedPoints: smallint('compared_points').notNull().default(0),
    declarationSigned: boolean('declaration_signed').notNull().default(false),
    subjectConfirmed: boolean('subject_confirmed').notNull().default(false),
    documentType: text('document_type').$type<DocumentType>(),
    /** The officer's words: what was seen or said (no identity numbers; the form says so). */
    note: text('note'),
    recordedAt: ts('recorded_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
  },
  (t) => [
    index('request_verifications_request_idx').on(t.requestId, t.recordedAt),
    oneOf('request_verifications_method_check', t.method, verificationMethods),
    oneOf('request_verifications_outcome_check', t.outcome, verificationOutcomes),
    oneOf('request_verifications_document_type_check', t.documentType, documentTypes),
    check(
      'request_verifications_points_check',
      sql`${t.matchedPoints} <@ array[${sql.raw(dataPointFields.map((f) => `'${f}'`).join(', '))}]::text[] and cardinality(${t.matchedPoints}) <= ${t.comparedPoints}`,
    ),
  ],
);

/**
 * The dashboard's roll-up (issue 18): counts of requests per cell, kept exact by statement triggers on
 * `requests` (migration 0035) — every insert, update or delete adds its rows' new cells and takes away their
 * old ones, in the writer's own transaction, whoever the writer is. Three families:
 * - `received`: by day and by piece (an ISO week within a month) of receipt (UTC), for anyone (`*`) and per
 *   assignee, by passed check and closed unverified (`status` is 'closed_unverified' or '');
 * - `answered`: answered requests (see `respondedStatuses`) by day, month and year of closing (UTC), for anyone
 *   (`*`) and per assignee, by status, reason code and extension;
 * - `timely`: the same by day and month of closing, by on time against each clock (effective, statutory,
 *   company: `eff`, `stat`, `comp`);
 * - `days`: the same by day, month and year of closing, by days to close.
 * A period's figures read the whole years, months or pieces in it and the days at its edges (`coverPeriod`).
 * `assignee` is a staff id, `-` for nobody, `*` for anyone; unused key columns hold '' / false / 0 so the key
 * needs no nulls.
 */
export const dashboardCells = pgTable(
  'dashboard_cells',
  {
    family: text('family').$type<'received' | 'answered' | 'timely' | 'days'>().notNull(),
    grain: text('grain').$type<'day' | 'piece' | 'month' | 'year'>().notNull(),
    assignee: text('assignee').notNull(),
    period: date('period', { mode: 'string' }).notNull(),
    regime: text('regime').$type<Regime>().notNull(),
    type: text('type').$type<RequestType>().notNull(),
    status: text('status').notNull(),
    reasonCode: text('reason_code').notNull(),
    eff: boolean('eff').notNull(),
    stat: boolean('stat').notNull(),
    comp: boolean('comp').notNull(),
    extended: boolean('extended').notNull(),
    verified: boolean('verified').notNull(),
    days: integer('days').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'dashboard_cells_pkey',
      columns: [
        t.family,
        t.grain,
        t.assignee,
        t.period,
        t.regime,
        t.type,
        t.status,
        t.reasonCode,
        t.eff,
        t.stat,
        t.comp,
        t.extended,
        t.verified,
        t.days,
      ],
    }),
  ],
);

/** One row per year: `update … set last = last + 1 returning last` hands out references without gaps or races. */
export const requestReferenceCounters = pgTable('request_reference_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_views_staff_name_key').on(t.staffId, t.name)],
);

/**
 * A request's clock ledger (product.md §4): the events the deadlines are derived from. Entries are never
 * edited; a removed extension keeps its row with who removed it, when and why. `seq` is the order in which
 * entries were recorded (the engine keeps that order for events of the same day).
 */
export const requestClockEvents = pgTable(
  'request_clock_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ClockEventKind>().notNull(),
    /** The day it happened in the handling entity's time zone (the notice sent, the ask, the pause). */
    on: date('on', { mode: 'string' }).notNull(),
    reason: text('reason'),
    recordedAt: ts('recorded_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    removedAt: ts('removed_at'),
    removedBy: uuid('removed_by').references(() => staff.id),
    removalReason: text('removal_reason'),
  },
  (t) => [
    index('request_clock_events_request_idx').on(t.requestId, t.seq),
    oneOf('request_clock_events_kind_check', t.kind, clockEventKinds),
  ],
);

/**
 * Durable background work (server/src/jobs). A job is claimed with FOR UPDATE SKIP LOCKED and held by a
 * lease (`locked_until`); a worker that dies loses the lease and another takes the job over, resuming from
 * `progress`. `key` makes scheduling idempotent (one nightly run per day, one recompute per settings version).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<JobKind>().notNull(),
    key: text('key'),
    runAt: ts('run_at').notNull(),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedUntil: ts('locked_until'),
    /** Set on each claim; a worker writes only while its token is still the job's (its lease is not lost). */
    claimToken: uuid('claim_token'),
    lastError: text('last_error'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** Where a resumable job got to (e.g. the last request id a recompute finished). */
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_key_key').on(t.key),
    index('jobs_due_idx')
      .on(t.runAt, t.id)
      .where(sql`${t.status} in ('queued', 'running')`),
    index('jobs_kind_idx').on(t.kind, t.createdAt),
    oneOf('jobs_kind_check', t.kind, jobKinds),
    oneOf('jobs_status_check', t.status, jobStatuses),
  ],
);

/**
 * In-app notifications for staff. Title and body hold references and counts only, never requesters' data.
 * `dedupe_key` makes a daily reminder idempotent per person and day.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<NotificationKind>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_key').on(t.dedupeKey),
    index('notifications_staff_idx').on(t.staffId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.staffId)
      .where(sql`${t.readAt} is null`),
    oneOf('notifications_kind_check', t.kind, notificationKinds),
  ],
);

/**
 * What a message's leaving records (issue 13): a clock-ledger entry dated the day it left (the notice of an
 * extension, an acknowledgement, a question to the requester), or the identity check it carries (whose link
 * or code is made again from the challenge when the mail leaves, and never stored).
 */
export type MessageEffect =
  | { kind: 'ledger'; event: MessageLedgerEvent; reason: string | null }
  | { kind: 'challenge'; challengeId: string };

/**
 * The outbox, and the record of every message to a requester (issue 13, item 4). A row is written in the
 * transaction of the action that causes it and sent by the `mail.send` job: `sent` once the SMTP server
 * accepted it (that instant is `sent_at`, the date the ledger records), `failed` with the server's answer
 * after the last retry. The exact text is kept, with the requester's link or code as a stand-in: those are
 * made again from the message's challenge when it leaves. `message_id` is fixed when queued, so a resend
 * after a crash is the same message to every mail system that sees both.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').references(() => requests.id),
    /** A registry message: the change notice it delivers, or the subscription it confirms (issue 14). */
    noticeId: uuid('notice_id').references((): AnyPgColumn => subprocessorNotices.id),
    subscriberId: uuid('subscriber_id').references((): AnyPgColumn => registrySubscribers.id),
    kind: text('kind').$type<MessageKind>().notNull(),
    regime: text('regime').$type<Regime>(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    messageId: text('message_id').notNull(),
    replyTo: text('reply_to').notNull(),
    status: text('status').$type<MessageStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Bumped by a retry from the request page: the next `mail.send` job's key. */
    generation: integer('generation').notNull().default(0),
    serverAnswer: text('server_answer'),
    failure: text('failure'),
    effect: jsonb('effect').$type<MessageEffect>(),
    queuedAt: ts('queued_at').notNull(),
    queuedBy: uuid('queued_by').references(() => staff.id),
    sentAt: ts('sent_at'),
    failedAt: ts('failed_at'),
  },
  (t) => [
    uniqueIndex('messages_message_id_key').on(t.messageId),
    index('messages_request_idx').on(t.requestId, t.queuedAt),
    index('messages_notice_idx').on(t.noticeId),
    index('messages_queued_idx').on(t.queuedAt, t.id),
    index('messages_status_idx').on(t.status, t.queuedAt),
    oneOf('messages_kind_check', t.kind, messageKinds),
    oneOf('messages_status_check', t.status, messageStatuses),
    oneOf('messages_regime_check', t.regime, regimes),
    check('messages_sent_check', sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
    check('messages_failed_check', sql`(${t.status} = 'failed') = (${t.failedAt} is not null)`),
  ],
);

/**
 * Templates an admin changed (issue 13, item 4): one per kind for every law (`regime` null) and at most one
 * per kind and law. A kind without a row sends the shipped text (`defaultMessageTemplates`).
 */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<TemplateKind>().notNull(),
    regime: text('regime').$type<Regime>(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('message_templates_kind_regime_key').on(t.kind, sql`coalesce(${t.regime}, '')`),
    oneOf('message_templates_kind_check', t.kind, templateKinds),
    oneOf('message_templates_regime_check', t.regime, regimes),
  ],
);

/**
 * An identity check sent by email (product.md §5): a link (single use, 7 days) or a one-time code (10
 * minutes, 5 attempts). Only a hash is kept: of the link's token, or a keyed hash of the code. The secret
 * itself is derived from the row's id under the app secret when its message leaves, so it is in no table.
 */
export const verificationChallenges = pgTable(
  'verification_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    method: text('method').$type<ChallengeMethod>().notNull(),
    /** Whether the address it went to is the linked account's own email (then it proves the account). */
    toAccountEmail: boolean('to_account_email').notNull(),
    secretHash: text('secret_hash').notNull(),
    declarationRequired: boolean('declaration_required').notNull().default(false),
    status: text('status').$type<ChallengeStatus>().notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    usedAt: ts('used_at'),
  },
  (t) => [
    index('verification_challenges_request_idx').on(t.requestId, t.createdAt),
    oneOf('verification_challenges_method_check', t.method, challengeMethods),
    oneOf('verification_challenges_status_check', t.status, challengeStatuses),
    check('verification_challenges_used_check', sql`(${t.status} = 'used') = (${t.usedAt} is not null)`),
  ],
);

/**
 * The embedded demo's capture inbox: what its local SMTP server received (no SMTP_URL set), so that mail
 * really leaves the outbox and can be read in the app. Never written where a real SMTP server is set.
 */
export const capturedMail = pgTable(
  'captured_mail',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receivedAt: ts('received_at').notNull(),
    envelopeFrom: text('envelope_from').notNull(),
    envelopeTo: text('envelope_to').array().notNull(),
    messageId: text('message_id'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('captured_mail_received_idx').on(t.receivedAt)],
);

/** Raw bytes (PGlite gives a Uint8Array, node-postgres a Buffer): both read back as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The privacy mailbox (issue 16): every message our SMTP listener accepted, stored before its 250 answer,
 * with the real arrival time. Nothing here is deleted by triage; `raw` is kept only until the sender checks
 * (SPF, DKIM, DMARC) have read it, so identity documents sent as attachments do not pile up.
 */
export const inboundMail = pgTable(
  'inbound_mail',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** When the message arrived: a request made of it is received then. */
    receivedAt: ts('received_at').notNull(),
    envelopeFrom: text('envelope_from').notNull(),
    envelopeTo: text('envelope_to').array().notNull(),
    remoteIp: text('remote_ip').notNull(),
    helo: text('helo').notNull(),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    references: text('references')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Lower-cased; null when the message had no usable From. */
    fromAddress: text('from_address'),
    fromName: text('from_name').notNull(),
    subject: text('subject').notNull(),
    /** The header lines as received (name and value), the first 200, each cut at 2,000 characters. */
    headers: jsonb('headers').$type<{ name: string; value: string }[]>().notNull(),
    /** The text body (HTML turned into text; nothing remote ever fetched), cut at inboundTextLimit. */
    text: text('text').notNull(),
    attachments: jsonb('attachments').$type<{ name: string; type: string; size: number }[]>().notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    flags: text('flags').array().$type<InboundMailFlag[]>().notNull(),
    /** The message as received, until the sender checks have run (then null). */
    raw: bytea('raw'),
    auth: jsonb('auth').$type<InboundMailAuth>(),
    authCheckedAt: ts('auth_checked_at'),
    status: text('status').$type<InboundMailStatus>().notNull().default('new'),
    /** The request it became (`request`) or is on (`reply`). */
    requestId: uuid('request_id').references(() => requests.id),
    threadedVia: text('threaded_via').$type<ThreadedVia>(),
    notRequestReason: text('not_request_reason').$type<NotRequestReason>(),
    notRequestNote: text('not_request_note'),
    handledBy: uuid('handled_by').references(() => staff.id),
    handledAt: ts('handled_at'),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('inbound_mail_status_idx').on(t.status, t.receivedAt),
    index('inbound_mail_received_idx').on(t.receivedAt),
    index('inbound_mail_request_idx').on(t.requestId, t.receivedAt),
    index('inbound_mail_unchecked_idx')
      .on(t.receivedAt)
      .where(sql`${t.authCheckedAt} is null`),
    oneOf('inbound_mail_status_check', t.status, inboundMailStatuses),
    oneOf('inbound_mail_threaded_via_check', t.threadedVia, threadedVia),
    oneOf('inbound_mail_not_request_reason_check', t.notRequestReason, notRequestReasons),
    eachOneOf('inbound_mail_flags_check', t.flags, inboundMailFlags),
    check(
      'inbound_mail_request_check',
      sql`(${t.status} in ('request', 'reply')) = (${t.requestId} is not null)`,
    ),
    check(
      'inbound_mail_not_request_check',
      sql`(${t.status} = 'not_request') = (${t.notRequestReason} is not null)`,
    ),
  ],
);

/**
 * Attachments kept for a short time (issue 16, item 1): only when INBOUND_KEEP_ATTACHMENT_DAYS allows it, each
 * under INBOUND_ATTACHMENT_MAX_BYTES; the `inbox.purge` job empties `content` at `kept_until` (the row stays,
 * saying what was kept and when it went).
 */
export const inboundAttachments = pgTable(
  'inbound_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailId: uuid('mail_id')
      .notNull()
      .references(() => inboundMail.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content'),
    keptUntil: ts('kept_until').notNull(),
    purgedAt: ts('purged_at'),
  },
  (t) => [
    uniqueIndex('inbound_attachments_mail_position_key').on(t.mailId, t.position),
    check('inbound_attachments_purged_check', sql`(${t.purgedAt} is null) = (${t.content} is not null)`),
  ],
);

export interface InboundMailAuth {
  spf: { verdict: MailAuthVerdict; domain: string | null };
  dkim: { verdict: MailAuthVerdict; domain: string | null };
  dmarc: { verdict: MailAuthVerdict; domain: string | null };
}

/**
 * The systems that hold personal data (product.md §10, the data inventory). The registry links subprocessors
 * to them (issue 14, item 8); the erasure work adds what it needs (owner, connector, retention) to this table.
 */
export const dataSystems = pgTable(
  'data_systems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A stable key the seed and the connectors name it by (`platform_db`). */
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    dataCategories: text('data_categories').array().$type<DataCategory[]>().notNull(),
    /** The staff member who answers for it and receives its manual erasure tasks (issue 15, item 1). */
    ownerId: uuid('owner_id').references(() => staff.id),
    connectorKind: text('connector_kind').$type<ConnectorKind>().notNull().default('manual'),
    /** The connector as configured, without its secret: { kind, target | url | instructions }. */
    connector: jsonb('connector')
      .$type<StoredConnector>()
      .notNull()
      .default(
        sql`'{"kind":"manual","instructions":"Ask the owner to erase the person’s data by hand."}'::jsonb`,
      ),
    /** A webhook's signing secret, sealed with the app secret (as TOTP secrets are); never sent to a browser. */
    webhookSecretSealed: text('webhook_secret_sealed'),
    webhookSecretSetAt: ts('webhook_secret_set_at'),
    /** What an erasure keeps and on which legal ground (retentionRuleSchema), in the order shown. */
    retentionRules: jsonb('retention_rules')
      .$type<RetentionRule[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('data_systems_key_key').on(t.key),
    uniqueIndex('data_systems_name_key').on(sql`lower(${t.name})`),
    eachOneOf('data_systems_data_categories_check', t.dataCategories, dataCategories),
    oneOf('data_systems_connector_kind_check', t.connectorKind, connectorKinds),
    check('data_systems_connector_matches_check', sql`${t.connector}->>'kind' = ${t.connectorKind}`),
    check(
      'data_systems_secret_check',
      sql`${t.webhookSecretSealed} is null or ${t.connectorKind} = 'webhook'`,
    ),
  ],
);

/**
 * The subprocessor registry (product.md §7, issue 14). `fields` is what a person edits, exactly as its
 * schema parsed it (subprocessorFieldsSchema); the columns beside it are what the lifecycle and the table's
 * filters and sorts read. Every version of `fields` is kept in subprocessor_events.
 */
export const subprocessors = pgTable(
  'subprocessors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    legalName: text('legal_name').notNull(),
    category: text('category').$type<SubprocessorCategory>().notNull(),
    countries: text('countries').array().notNull(),
    mechanisms: text('mechanisms').array().notNull(),
    fields: jsonb('fields').$type<SubprocessorFields>().notNull(),
    replacesId: uuid('replaces_id').references((): AnyPgColumn => subprocessors.id),
    status: text('status').$type<SubprocessorStatus>().notNull().default('proposed'),
    proposedOn: date('proposed_on', { mode: 'string' }).notNull(),
    objectionDeadline: date('objection_deadline', { mode: 'string' }),
    activeFrom: date('active_from', { mode: 'string' }),
    activatedEarlyReason: text('activated_early_reason'),
    retiredOn: date('retired_on', { mode: 'string' }),
    retiredReason: text('retired_reason'),
    version: integer('version').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('subprocessors_name_key')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.status} <> 'retired'`),
    index('subprocessors_status_idx').on(t.status, t.name),
    index('subprocessors_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    oneOf('subprocessors_category_check', t.category, subprocessorCategories),
    eachOneOf('subprocessors_countries_check', t.countries, iso3166Alpha2),
    eachOneOf('subprocessors_mechanisms_check', t.mechanisms, transferMechanisms),
    oneOf('subprocessors_status_check', t.status, subprocessorStatuses),
    check('subprocessors_active_check', sql`(${t.status} = 'active') <= (${t.activeFrom} is not null)`),
    check('subprocessors_retired_check', sql`(${t.status} = 'retired') = (${t.retiredOn} is not null)`),
  ],
);

/** Which data systems send data to or hold data at a subprocessor. */
export const subprocessorDataSystems = pgTable(
  'subprocessor_data_systems',
  {
    subprocessorId: uuid('subprocessor_id')
      .notNull()
      .references(() => subprocessors.id),
    dataSystemId: uuid('data_system_id')
      .notNull()
      .references(() => dataSystems.id),
  },
  (t) => [
    primaryKey({ columns: [t.subprocessorId, t.dataSystemId] }),
    index('subprocessor_data_systems_system_idx').on(t.dataSystemId),
  ],
);

/**
 * A subprocessor's history, one row a version: who, when, what kind of change, and for edits the fields as
 * they were before and after (the history view compares them field by field). Never updated or deleted.
 */
export const subprocessorEvents = pgTable(
  'subprocessor_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    subprocessorId: uuid('subprocessor_id')
      .notNull()
      .references(() => subprocessors.id),
    version: integer('version').notNull(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => staff.id),
    system: text('system'),
    kind: text('kind').$type<SubprocessorEventKind>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
  },
  (t) => [
    index('subprocessor_events_subprocessor_idx').on(t.subprocessorId, t.seq),
    oneOf('subprocessor_events_kind_check', t.kind, subprocessorEventKinds),
  ],
);

/** The change notice (SCC Clause 9(a)): the date it went, by which channel, its text, and the deadline it set. */
export const subprocessorNotices = pgTable(
  'subprocessor_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subprocessorId: uuid('subprocessor_id')
      .notNull()
      .references(() => subprocessors.id),
    channel: text('channel').$type<NoticeChannel>().notNull(),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    objectionDeadline: date('objection_deadline', { mode: 'string' }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    sentBy: uuid('sent_by').references(() => staff.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('subprocessor_notices_subprocessor_key').on(t.subprocessorId),
    oneOf('subprocessor_notices_channel_check', t.channel, noticeChannels),
    check('subprocessor_notices_deadline_check', sql`${t.objectionDeadline} >= ${t.sentOn}`),
  ],
);

/** An objection from a customer organisation to a change, and what became of it. */
export const subprocessorObjections = pgTable(
  'subprocessor_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subprocessorId: uuid('subprocessor_id')
      .notNull()
      .references(() => subprocessors.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    summary: text('summary').notNull(),
    outcome: text('outcome').$type<ObjectionOutcome>().notNull().default('pending'),
    note: text('note'),
    recordedAt: ts('recorded_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('subprocessor_objections_org_key').on(t.subprocessorId, t.organisationId),
    oneOf('subprocessor_objections_outcome_check', t.outcome, objectionOutcomes),
    check(
      'subprocessor_objections_decided_check',
      sql`(${t.outcome} = 'pending') = (${t.decidedAt} is null) and (${t.decidedAt} is null) = (${t.note} is null)`,
    ),
  ],
);

/**
 * Customers' privacy contacts who receive change notices: confirmed by the link mailed to them (double
 * opt-in from the public page), or added by staff on a customer's behalf. Only a hash of the link's token is
 * kept. Unsubscribing keeps the row (the record of who was told what).
 */
export const registrySubscribers = pgTable(
  'registry_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name'),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** The organisation as the person typed it on the public page, for staff to match. */
    organisationAsGiven: text('organisation_as_given'),
    status: text('status').$type<SubscriberStatus>().notNull().default('pending'),
    source: text('source').$type<'public_page' | 'staff'>().notNull(),
    tokenHash: text('token_hash'),
    tokenExpiresAt: ts('token_expires_at'),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    confirmedAt: ts('confirmed_at'),
    unsubscribedAt: ts('unsubscribed_at'),
  },
  (t) => [
    uniqueIndex('registry_subscribers_email_key')
      .on(t.email)
      .where(sql`${t.status} <> 'unsubscribed'`),
    uniqueIndex('registry_subscribers_token_key').on(t.tokenHash),
    oneOf('registry_subscribers_status_check', t.status, subscriberStatuses),
    oneOf('registry_subscribers_source_check', t.source, ['public_page', 'staff']),
    check(
      'registry_subscribers_confirmed_check',
      sql`(${t.status} = 'confirmed') <= (${t.confirmedAt} is not null)`,
    ),
  ],
);

/**
 * An erasure request's plan (product.md §6; issue 15, item 3): one a request, its lines below. Where it
 * stands is the request's status (in progress: being prepared; awaiting approval; approved: in its grace
 * period; fulfilling; completed), never a second status here. `version` moves with every change of the plan
 * or its lines: an approval names the version reviewed, and a changed plan cannot be approved unseen.
 */
export const erasurePlans = pgTable(
  'erasure_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    version: integer('version').notNull().default(1),
    preparedBy: uuid('prepared_by').references(() => staff.id),
    preparedAt: ts('prepared_at').notNull(),
    /** Who prepared or changed the plan: four eyes means none of them approves it. */
    editorIds: uuid('editor_ids').array().notNull(),
    submittedBy: uuid('submitted_by').references(() => staff.id),
    submittedAt: ts('submitted_at'),
    submittedVersion: integer('submitted_version'),
    decision: text('decision').$type<'approved' | 'rejected'>(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    graceEndsAt: ts('grace_ends_at'),
    executionStartedAt: ts('execution_started_at'),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('erasure_plans_request_key').on(t.requestId),
    oneOf('erasure_plans_decision_check', t.decision, ['approved', 'rejected']),
    check(
      'erasure_plans_decision_complete_check',
      sql`(${t.decision} is null) = (${t.decidedAt} is null) and (${t.decision} is null) = (${t.decisionNote} is null)`,
    ),
    check('erasure_plans_grace_check', sql`${t.graceEndsAt} is null or ${t.decision} = 'approved'`),
  ],
);

/** One line of a plan: a system's data (or what one of its retention rules keeps) and what happens to it. */
export const erasurePlanLines = pgTable(
  'erasure_plan_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => erasurePlans.id),
    position: integer('position').notNull(),
    dataSystemId: uuid('data_system_id')
      .notNull()
      .references(() => dataSystems.id),
    /**
     * A notification line's recipient (GDPR Art. 19): the subprocessor told of the erasure; its system is the
     * one it received the data from. Null on every other line.
     */
    recipientId: uuid('recipient_id').references(() => subprocessors.id),
    /** Null for the system's data; a retention rule's scope ("Invoices and their lines") for what it keeps. */
    scope: text('scope'),
    platformScope: text('platform_scope').$type<PlatformRetentionScope>(),
    action: text('action').$type<LineAction>().notNull(),
    ground: text('ground').$type<RetentionGround>(),
    /** The law a retention rule cites, copied when the plan was made (the inventory may change later). */
    law: text('law'),
    forcedBy: text('forced_by').$type<LineForcedBy>(),
    note: text('note'),
    status: text('status').$type<LineStatus>().notNull().default('pending'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** Who closed a manual task (its evidence below); null where a connector did the work. */
    finishedBy: uuid('finished_by').references(() => staff.id),
    /** What the connector reported: rows per table (internal), the receiver's answer (webhook). No personal data. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** A manual task's evidence, written by whoever closed it. */
    evidence: text('evidence'),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
  },
  (t) => [
    uniqueIndex('erasure_plan_lines_position_key').on(t.planId, t.position),
    index('erasure_plan_lines_system_idx').on(t.dataSystemId),
    oneOf('erasure_plan_lines_action_check', t.action, lineActions),
    oneOf('erasure_plan_lines_ground_check', t.ground, retentionGrounds),
    oneOf('erasure_plan_lines_forced_by_check', t.forcedBy, lineForcedBy),
    oneOf('erasure_plan_lines_platform_scope_check', t.platformScope, platformRetentionScopes),
    oneOf('erasure_plan_lines_status_check', t.status, lineStatuses),
    check(
      'erasure_plan_lines_retain_ground_check',
      sql`(${t.action} = 'retain') = (${t.ground} is not null)`,
    ),
    check('erasure_plan_lines_forced_check', sql`${t.forcedBy} is null or ${t.action} = 'retain'`),
    check(
      'erasure_plan_lines_recipient_check',
      sql`(${t.action} = 'notify') = (${t.recipientId} is not null)`,
    ),
  ],
);

/**
 * Accounts erased from the platform (CCPA §7022(d)): a backup restored later brings their rows back, and the
 * re-apply job erases them again from this list, keeping what the original plan kept. No personal data: the
 * account number, when, the request that erased it, and the platform scopes its retention rules kept.
 */
export const erasureSuppressions = pgTable(
  'erasure_suppressions',
  {
    accountNumber: text('account_number').primaryKey(),
    erasedAt: ts('erased_at').notNull(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    retained: text('retained').array().$type<PlatformRetentionScope[]>().notNull(),
    /** The last time a restored copy was found and erased again. */
    reappliedAt: ts('reapplied_at'),
  },
  (t) => [eachOneOf('erasure_suppressions_retained_check', t.retained, platformRetentionScopes)],
);

// --- authorised agents over the Data Rights Protocol (issue 17) ------------------------------------------

/**
 * The agents we trust, from the service-directory file (seeded at start-up) and the admin page. What an
 * admin changes is kept here and wins over the file: a disabled agent stays disabled across restarts, and a
 * key an admin rotated is not put back by the file.
 */
export const drpAgents = pgTable(
  'drp_agents',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Base64 of the raw 32-byte Ed25519 public key. */
    verifyKey: text('verify_key').notNull(),
    webUrl: text('web_url'),
    identityAssuranceUrl: text('identity_assurance_url'),
    technicalContact: text('technical_contact'),
    businessContact: text('business_contact'),
    status: text('status').$type<DrpAgentStatus>().notNull().default('active'),
    source: text('source').$type<DrpAgentSource>().notNull(),
    /** Set once an admin changed the agent: from then on the file no longer touches it. */
    changedByAdmin: boolean('changed_by_admin').notNull().default(false),
    keyChangedAt: ts('key_changed_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => staff.id),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    oneOf('drp_agents_status_check', t.status, drpAgentStatuses),
    oneOf('drp_agents_source_check', t.source, drpAgentSources),
  ],
);

/** Bearer tokens from the pair-wise key setup: only their SHA-256 is kept. A new setup replaces the old. */
export const drpTokens = pgTable(
  'drp_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => drpAgents.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('drp_tokens_agent_idx').on(t.agentId)],
);

/**
 * Every signed message accepted, by its signature's hash, until it expires: a replay is refused in any
 * process. Pruned once expired (a message past `expires-at` is refused on its own).
 */
export const drpSeenMessages = pgTable(
  'drp_seen_messages',
  {
    signatureHash: text('signature_hash').primaryKey(),
    agentId: text('agent_id').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('drp_seen_messages_expires_idx').on(t.expiresAt)],
);

/** A request an agent filed: which agent, its own id for it, the action, and the claims it attested. */
export const drpRequests = pgTable(
  'drp_requests',
  {
    requestId: uuid('request_id')
      .primaryKey()
      .references(() => requests.id),
    agentId: text('agent_id')
      .notNull()
      .references(() => drpAgents.id),
    agentRequestId: text('agent_request_id'),
    exercise: text('exercise').$type<DrpExercise>().notNull(),
    voluntary: boolean('voluntary').notNull(),
    relationships: text('relationships').array().notNull(),
    statusCallback: text('status_callback'),
    /** Our page where the consumer is told how to confirm who they are (`user_verification_url`). */
    verificationUrl: text('verification_url').notNull(),
    /** The identity claims as the agent attested them (§3.04): personal data, shown like the requester's. */
    claims: jsonb('claims').$type<DrpClaims>().notNull(),
    /** The last status the agent was sent (or answered at filing): a change from it queues a callback. */
    lastStatus: jsonb('last_status').$type<DrpExerciseStatus>().notNull(),
    /** How many status changes were queued for the callback: each delivery's key. */
    statusSeq: integer('status_seq').notNull().default(0),
  },
  (t) => [
    uniqueIndex('drp_requests_agent_request_key')
      .on(t.agentId, t.agentRequestId)
      .where(sql`${t.agentRequestId} is not null`),
    index('drp_requests_agent_idx').on(t.agentId),
    oneOf('drp_requests_exercise_check', t.exercise, drpExercises),
  ],
);

export interface DrpClaims {
  name: string;
  email: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
  address?: Record<string, string>;
  address_verified?: boolean;
  power_of_attorney?: string;
}
