import { eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable, getTableConfig, type PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  challengeMethods,
  challengeStatuses,
  messageKinds,
  messageStatuses,
  templateKinds,
  dataCategories,
  connectorKinds,
  lineActions,
  lineForcedBy,
  lineStatuses,
  platformRetentionScopes,
  retentionGrounds,
  iso3166Alpha2,
  noticeChannels,
  objectionOutcomes,
  subprocessorCategories,
  subprocessorEventKinds,
  subprocessorStatuses,
  subscriberStatuses,
  transferMechanisms,
  auditActions,
  inboundMailFlags,
  inboundMailStatuses,
  notRequestReasons,
  threadedVia,
  auditEntityTypes,
  clockEventKinds,
  clockStates,
  customerLinkChecks,
  notificationKinds,
  regimes,
  requestChannels,
  requestOutcomes,
  requestReasonCodes,
  requestStatuses,
  requestTypes,
  piiViewSurfaces,
  roleGrantStatuses,
  roles,
  timelineEventKinds,
  customerEventKinds,
  customerFlagKinds,
  customerStatuses,
  customerNoticeChannels,
  documentTypes,
  knowScopes,
  verificationMethods,
  verificationOutcomes,
  drpAgentSources,
  drpAgentStatuses,
  drpExercises,
} from '@privdesk/shared';
import { jobKinds, jobStatuses } from './job-kinds.js';
import { openTestDatabase } from '../testing/test-db.js';
import { rowsOf, type Database } from './client.js';
import * as schema from './schema.js';
import { jobs, notifications, requestEvents, requests, sessionStates, staff } from './schema.js';

/**
 * Every text column of the schema, sorted into the two kinds there are. A new text column fails the walk
 * below until it is listed here: an enumeration with its CHECK (and the list it comes from), or free text.
 */
const enumColumns: Record<string, { check: string; values: readonly string[] }> = {
  'staff.roles': { check: 'staff_roles_check', values: roles },
  'sessions.state': { check: 'sessions_state_check', values: sessionStates },
  'audit_events.action': { check: 'audit_events_action_check', values: auditActions },
  'audit_events.entity_type': { check: 'audit_events_entity_type_check', values: auditEntityTypes },
  'requests.type': { check: 'requests_type_check', values: requestTypes },
  'inbound_mail.status': { check: 'inbound_mail_status_check', values: inboundMailStatuses },
  'inbound_mail.threaded_via': { check: 'inbound_mail_threaded_via_check', values: threadedVia },
  'inbound_mail.not_request_reason': {
    check: 'inbound_mail_not_request_reason_check',
    values: notRequestReasons,
  },
  'inbound_mail.flags': { check: 'inbound_mail_flags_check', values: inboundMailFlags },
  'drp_agents.status': { check: 'drp_agents_status_check', values: drpAgentStatuses },
  'drp_agents.source': { check: 'drp_agents_source_check', values: drpAgentSources },
  'drp_requests.exercise': { check: 'drp_requests_exercise_check', values: drpExercises },
  'requests.regime': { check: 'requests_regime_check', values: regimes },
  'requests.channel': { check: 'requests_channel_check', values: requestChannels },
  'requests.status': { check: 'requests_status_check', values: requestStatuses },
  'requests.outcome': { check: 'requests_outcome_check', values: requestOutcomes },
  'requests.reason_code': { check: 'requests_reason_code_check', values: requestReasonCodes },
  'requests.clock_state': { check: 'requests_clock_state_check', values: clockStates },
  'requests.customer_link_check': { check: 'requests_customer_link_check', values: customerLinkChecks },
  'request_events.kind': { check: 'request_events_kind_check', values: timelineEventKinds },
  'request_clock_events.kind': { check: 'request_clock_events_kind_check', values: clockEventKinds },
  'jobs.kind': { check: 'jobs_kind_check', values: jobKinds },
  'jobs.status': { check: 'jobs_status_check', values: jobStatuses },
  'notifications.kind': { check: 'notifications_kind_check', values: notificationKinds },
  'staff_role_grants.role': { check: 'staff_role_grants_role_check', values: roles },
  'staff_role_grants.status': { check: 'staff_role_grants_status_check', values: roleGrantStatuses },
  'pii_access_log.surface': { check: 'pii_access_log_surface_check', values: piiViewSurfaces },
  'pii_access_log.entity_type': {
    check: 'pii_access_log_entity_type_check',
    values: ['request', 'customer', 'inbound_mail'],
  },
  'customer_flags.kind': { check: 'customer_flags_kind_check', values: customerFlagKinds },
  'customers.status': { check: 'customers_status_check', values: customerStatuses },
  'customer_flags.customer_told_by': {
    check: 'customer_flags_told_by_check',
    values: customerNoticeChannels,
  },
  'customer_events.kind': { check: 'customer_events_kind_check', values: customerEventKinds },
  'requests.know_scope': { check: 'requests_know_scope_check', values: knowScopes },
  'request_verifications.method': {
    check: 'request_verifications_method_check',
    values: verificationMethods,
  },
  'request_verifications.outcome': {
    check: 'request_verifications_outcome_check',
    values: verificationOutcomes,
  },
  'request_verifications.document_type': {
    check: 'request_verifications_document_type_check',
    values: documentTypes,
  },
  'messages.kind': { check: 'messages_kind_check', values: messageKinds },
  'messages.status': { check: 'messages_status_check', values: messageStatuses },
  'messages.regime': { check: 'messages_regime_check', values: regimes },
  'message_templates.kind': { check: 'message_templates_kind_check', values: templateKinds },
  'message_templates.regime': { check: 'message_templates_regime_check', values: regimes },
  'verification_challenges.method': {
    check: 'verification_challenges_method_check',
    values: challengeMethods,
  },
  'verification_challenges.status': {
    check: 'verification_challenges_status_check',
    values: challengeStatuses,
  },
  // The subprocessor registry (issue 14); arrays held to their lists element by element.
  'data_systems.data_categories': { check: 'data_systems_data_categories_check', values: dataCategories },
  'data_systems.connector_kind': { check: 'data_systems_connector_kind_check', values: connectorKinds },
  'erasure_plans.decision': { check: 'erasure_plans_decision_check', values: ['approved', 'rejected'] },
  'erasure_plan_lines.action': { check: 'erasure_plan_lines_action_check', values: lineActions },
  'erasure_plan_lines.ground': { check: 'erasure_plan_lines_ground_check', values: retentionGrounds },
  'erasure_plan_lines.forced_by': { check: 'erasure_plan_lines_forced_by_check', values: lineForcedBy },
  'erasure_plan_lines.platform_scope': {
    check: 'erasure_plan_lines_platform_scope_check',
    values: platformRetentionScopes,
  },
  'erasure_plan_lines.status': { check: 'erasure_plan_lines_status_check', values: lineStatuses },
  'erasure_suppressions.retained': {
    check: 'erasure_suppressions_retained_check',
    values: platformRetentionScopes,
  },
  'subprocessors.category': { check: 'subprocessors_category_check', values: subprocessorCategories },
  'subprocessors.countries': { check: 'subprocessors_countries_check', values: iso3166Alpha2 },
  'subprocessors.mechanisms': { check: 'subprocessors_mechanisms_check', values: transferMechanisms },
  'subprocessors.status': { check: 'subprocessors_status_check', values: subprocessorStatuses },
  'subprocessor_events.kind': { check: 'subprocessor_events_kind_check', values: subprocessorEventKinds },
  'subprocessor_notices.channel': { check: 'subprocessor_notices_channel_check', values: noticeChannels },
  'subprocessor_objections.outcome': {
    check: 'subprocessor_objections_outcome_check',
    values: objectionOutcomes,
  },
  'registry_subscribers.status': { check: 'registry_subscribers_status_check', values: subscriberStatuses },
  'registry_subscribers.source': {
    check: 'registry_subscribers_source_check',
    values: ['public_page', 'staff'],
  },
};

const freeTextColumns = new Set([
  // The registry: names, texts and reasons; the data systems' keys are ours, the subscribers' addresses theirs.
  'data_systems.key',
  'data_systems.name',
  'data_systems.description',
  // Sealed (AES-GCM) text: its format is the secret box's, not an enumeration.
  'data_systems.webhook_secret_sealed',
  'erasure_plans.decision_note',
  'erasure_plan_lines.scope',
  'erasure_plan_lines.law',
  'erasure_plan_lines.note',
  'erasure_plan_lines.evidence',
  'erasure_suppressions.account_number',
  'subprocessors.name',
  'subprocessors.legal_name',
  'subprocessors.activated_early_reason',
  'subprocessors.retired_reason',
  'subprocessor_events.system',
  'subprocessor_events.reason',
  'subprocessor_notices.subject',
  'subprocessor_notices.body',
  'subprocessor_objections.summary',
  'subprocessor_objections.note',
  'registry_subscribers.email',
  'registry_subscribers.name',
  'registry_subscribers.organisation_as_given',
  'registry_subscribers.token_hash',
  // Mail to requesters: addresses, texts, the server's answers; the challenge's hash; the capture inbox.
  'messages.to_address',
  'messages.subject',
  'messages.body',
  'messages.message_id',
  'messages.reply_to',
  'messages.server_answer',
  'messages.failure',
  'message_templates.subject',
  'message_templates.body',
  'verification_challenges.secret_hash',
  'inbound_attachments.name',
  'inbound_attachments.type',
  // Authorised agents (issue 17): the directory's entries, token and message hashes, what an agent gave us.
  'drp_agents.id',
  'drp_agents.name',
  'drp_agents.verify_key',
  'drp_agents.web_url',
  'drp_agents.identity_assurance_url',
  'drp_agents.technical_contact',
  'drp_agents.business_contact',
  'drp_tokens.token_hash',
  'drp_tokens.agent_id',
  'drp_seen_messages.signature_hash',
  'drp_seen_messages.agent_id',
  'drp_requests.agent_id',
  'drp_requests.agent_request_id',
  'drp_requests.relationships',
  'drp_requests.status_callback',
  'drp_requests.verification_url',
  'inbound_mail.envelope_from',
  'inbound_mail.envelope_to',
  'inbound_mail.remote_ip',
  'inbound_mail.helo',
  'inbound_mail.message_id',
  'inbound_mail.in_reply_to',
  'inbound_mail.references',
  'inbound_mail.from_address',
  'inbound_mail.from_name',
  'inbound_mail.subject',
  'inbound_mail.text',
  'inbound_mail.not_request_note',
  'captured_mail.envelope_from',
  'captured_mail.envelope_to',
  'captured_mail.message_id',
  'captured_mail.subject',
  'captured_mail.text',
  'staff.email',
  'staff.name',
  'staff.password_hash',
  'staff.totp_secret',
  'staff.totp_pending_secret',
  'staff_recovery_codes.code_hash',
  'sessions.token_hash',
  'sessions.ip',
  'password_tokens.token_hash',
  'sign_in_failures.key',
  'audit_events.entity_id',
  'audit_events.ip',
  'audit_events.request_id',
  'audit_events.reason',
  'audit_events.prev_hash',
  'audit_events.hash',
  // One row today (`settingsKey`), but a key-value table is open by design.
  'settings.key',
  // The dashboard's roll-up: written only by its trigger, from the requests' checked columns ('' where a
  // family does not use a column; `assignee` is a staff id, '-' or '*').
  'dashboard_cells.family',
  'dashboard_cells.grain',
  'dashboard_cells.assignee',
  'dashboard_cells.regime',
  'dashboard_cells.type',
  'dashboard_cells.status',
  'dashboard_cells.reason_code',
  'customers.account_number',
  'customers.name',
  // Worked out by the database from the name (the search by close words).
  'customers.name_words',
  'customers.email',
  'customers.country',
  'organisations.name',
  'organisations.country',
  'organisations.privacy_contact_name',
  'organisations.privacy_contact_email',
  // The fictional directory's plans are the seed's own list, not a domain enumeration.
  'customers.plan',
  'requests.reference',
  'requests.requester_name',
  'requests.requester_email',
  'requests.requester_location',
  'requests.agent_name',
  'requests.agent_email',
  'requests.agent_permission_note',
  'requests.description',
  'requests.denial_explanation',
  'request_search_terms.terms',
  'request_search_terms.words',
  'saved_views.name',
  'request_clock_events.reason',
  'request_clock_events.removal_reason',
  'jobs.key',
  'jobs.last_error',
  'notifications.title',
  'notifications.body',
  'notifications.dedupe_key',
  'pii_access_log.ip',
  'pii_access_log.request_id',
  'pii_access_log.term_hash',
  'pii_access_log.reason',
  'customer_flags.set_reason',
  'customer_flags.lifted_reason',
  // An array of data-point fields, held to the list by request_verifications_points_check.
  'request_verifications.matched_points',
  'request_verifications.note',
]);

/** The CHECK a statement broke, by name; fails the test if the statement succeeded or failed otherwise. */
async function violatedCheck(statement: Promise<unknown>): Promise<string | undefined> {
  const error = await statement.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the database accepted the value').toBeDefined();
  // Drizzle wraps the driver's error; node-postgres and PGlite both carry the SQLSTATE and constraint name.
  let cause: unknown = error;
  while (cause instanceof Error) {
    if ('code' in cause && cause.code === '23514') {
      return 'constraint' in cause && typeof cause.constraint === 'string' ? cause.constraint : undefined;
    }
    cause = cause.cause;
  }
  throw new Error(`expected a check violation (23514), got ${String(error)}`);
}

/** The quoted literals of a constraint as PostgreSQL prints it: `CHECK ((status = ANY (ARRAY['a'::text, …])))`. */
function literalsOf(definition: string): string[] {
  return [...definition.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
}

let database: Database;
let requestId: string;
let staffId: string;

beforeAll(async () => {
  database = await openTestDatabase(inject('templateFile'), inject('runId'));
  const [person] = await database.db
    .insert(staff)
    .values({ email: 'checks@test.example', name: 'Check Person', roles: ['manager', 'auditor'] })
    .returning({ id: staff.id });
  // A row with outcome and reason code left null: the nullable columns' CHECKs must let null through.
  const [request] = await database.db
    .insert(requests)
    .values({
      reference: 'DSR-2025-000001',
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      status: 'received',
      requesterName: 'Ada Example',
      requesterEmail: 'ada@example.test',
      receivedAt: new Date('2025-03-03T09:00:00Z'),
      loggedAt: new Date('2025-03-03T09:05:00Z'),
      companyDueOn: '2025-04-02',
      statutoryDueOn: '2025-04-03',
      effectiveDueOn: '2025-04-02',
      updatedAt: new Date('2025-03-03T09:05:00Z'),
    })
    .returning({ id: requests.id, outcome: requests.outcome, reasonCode: requests.reasonCode });
  if (!person || !request) throw new Error('setup insert returned nothing');
  expect(request).toMatchObject({ outcome: null, reasonCode: null });
  staffId = person.id;
  requestId = request.id;
});
afterAll(() => database.close());

describe('the database refuses values outside the shared lists', () => {
  it('refuses an unknown request status on update, and keeps the row as it was', async () => {
    expect(
      await violatedCheck(
        database.db
          .update(requests)
          .set({ status: sql`'bogus'` })
          .where(eq(requests.id, requestId)),
      ),
    ).toBe('requests_status_check');
    const [row] = await database.db
      .select({ status: requests.status })
      .from(requests)
      .where(eq(requests.id, requestId));
    expect(row?.status).toBe('received');
  });

  it('refuses an unknown type, outcome, reason code and an out-of-range priority', async () => {
    const update = (set: PgUpdateSetSource<typeof requests>) =>
      database.db.update(requests).set(set).where(eq(requests.id, requestId));
    expect(await violatedCheck(update({ type: sql`'erase_everything'` }))).toBe('requests_type_check');
    expect(await violatedCheck(update({ outcome: sql`'Fulfilled'` }))).toBe('requests_outcome_check');
    expect(await violatedCheck(update({ reasonCode: sql`'because'` }))).toBe('requests_reason_code_check');
    expect(await violatedCheck(update({ priority: 4 }))).toBe('requests_priority_check');
    expect(await violatedCheck(update({ priority: -1 }))).toBe('requests_priority_check');
  });

  it('accepts a listed value in a nullable column and null again', async () => {
    await database.db
      .update(requests)
      .set({ outcome: 'withdrawn', reasonCode: 'withdrawn', priority: 3 })
      .where(eq(requests.id, requestId));
    await database.db
      .update(requests)
      .set({ outcome: null, reasonCode: null, priority: 1 })
      .where(eq(requests.id, requestId));
    const [row] = await database.db
      .select({ outcome: requests.outcome, reasonCode: requests.reasonCode, priority: requests.priority })
      .from(requests)
      .where(eq(requests.id, requestId));
    expect(row).toEqual({ outcome: null, reasonCode: null, priority: 1 });
  });

  it('refuses a staff member with a role that does not exist, on insert and on update', async () => {
    expect(
      await violatedCheck(
        database.db
          .insert(staff)
          .values({ email: 'root@test.example', name: 'Root', roles: sql`array['admin', 'superuser']` }),
      ),
    ).toBe('staff_roles_check');
    expect(
      await violatedCheck(
        database.db
          .update(staff)
          .set({ roles: sql`array['manager', 'Manager']` })
          .where(eq(staff.id, staffId)),
      ),
    ).toBe('staff_roles_check');
  });

  it('refuses unknown kinds of timeline event, job and notification, and an unknown job status', async () => {
    expect(
      await violatedCheck(
        database.db
          .insert(requestEvents)
          .values({ requestId, at: new Date('2025-03-03T09:05:00Z'), kind: sql`'gossip'`, data: {} }),
      ),
    ).toBe('request_events_kind_check');
    expect(
      await violatedCheck(
        database.db
          .insert(jobs)
          .values({ kind: sql`'mine.bitcoin'`, runAt: new Date('2025-03-04T02:00:00Z') }),
      ),
    ).toBe('jobs_kind_check');
    expect(
      await violatedCheck(
        database.db.insert(jobs).values({
          kind: 'reminders.daily',
          status: sql`'paused'`,
          runAt: new Date('2025-03-04T02:00:00Z'),
        }),
      ),
    ).toBe('jobs_status_check');
    expect(
      await violatedCheck(
        database.db.insert(notifications).values({
          staffId,
          kind: sql`'reminders.weekly'`,
          title: 'Weekly',
          body: 'Nothing',
          data: {},
          createdAt: new Date('2025-03-04T07:00:00Z'),
        }),
      ),
    ).toBe('notifications_kind_check');
  });
});

describe('every enumeration column has its CHECK, built from its shared list', () => {
  const tables = Object.values<unknown>(schema).filter((value): value is PgTable => is(value, PgTable));

  it('sorts every text column of the schema into enumerations and free text', () => {
    const unsorted: string[] = [];
    for (const table of tables) {
      for (const column of getTableConfig(table).columns) {
        if (column.getSQLType() !== 'text' && column.getSQLType() !== 'text[]') continue;
        const key = `${getTableName(table)}.${column.name}`;
        if (!(key in enumColumns) && !freeTextColumns.has(key)) unsorted.push(key);
      }
    }
    expect(unsorted, 'list each new text column as an enumeration (with its CHECK) or as free text').toEqual(
      [],
    );
  });

  it('declares each enumeration CHECK in the schema and has it in the migrated database, with the list', async () => {
    const declared = new Set(tables.flatMap((table) => getTableConfig(table).checks.map((c) => c.name)));
    const found = new Map(
      rowsOf<{ name: string; table: string; definition: string }>(
        await database.db.execute(sql`
          select conname as name, conrelid::regclass::text as table, pg_get_constraintdef(oid) as definition
          from pg_constraint
          where contype = 'c' and connamespace = 'public'::regnamespace`),
      ).map((row) => [row.name, row]),
    );
    for (const [key, { check, values }] of Object.entries(enumColumns)) {
      const [table = '', column = ''] = key.split('.');
      expect(declared.has(check), `${check} declared in schema.ts`).toBe(true);
      const constraint = found.get(check);
      // Missing or different here but declared above: the schema changed and `npm run db:generate` was not run.
      expect(constraint?.table, `${check} in the migrated database`).toBe(table);
      expect(constraint?.definition, check).toContain(column);
      expect(literalsOf(constraint?.definition ?? ''), `${check}'s values`).toEqual([...values]);
    }
  });

  it('allows exactly the eleven statuses of product.md §3', async () => {
    const [row] = rowsOf<{ definition: string }>(
      await database.db.execute(sql`
        select pg_get_constraintdef(oid) as definition from pg_constraint
        where conname = 'requests_status_check' and conrelid = 'requests'::regclass`),
    );
    expect(literalsOf(row?.definition ?? '')).toEqual([
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
    ]);
  });
});
