import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  inet,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/**
 * A small stand-in for the Syncronis platform's own database (issue 15): the rows an erasure reaches and an
 * access request will read. It lives in its own Postgres schema so that it can share the app's embedded
 * database in the demo and still be a separate database anywhere else (PLATFORM_DATABASE_URL); nothing
 * here references the app's tables. What each column holds, personally, is described in platform-catalog.ts.
 */
export const platform = pgSchema('platform');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The values as an inlined literal list: drizzle-kit writes a CHECK's SQL into the migration as it is. */
function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return check(name, sql`${column} in (${sql.raw(list)})`);
}

export const membershipRoles = ['owner', 'admin', 'member', 'billing'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const usageEventKinds = [
  'sign_in',
  'project_created',
  'file_uploaded',
  'export_downloaded',
  'api_call',
  'settings_changed',
] as const;
export type UsageEventKind = (typeof usageEventKinds)[number];

export const supportTicketStatuses = ['open', 'pending', 'solved', 'closed'] as const;
export type SupportTicketStatus = (typeof supportTicketStatuses)[number];

/**
 * One person's account. An erased account stays as a tombstone (account number, sign-up date, erased_at) so
 * that invoices kept for the tax authorities still point at something, and a second erasure can tell that
 * the first one happened; the CHECKs make a half-erased row impossible to store.
 */
export const accounts = platform.table(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The number support agents quote and the privacy desk's customer directory holds: `SYN-104233`. */
    accountNumber: text('account_number').notNull(),
    name: text('name'),
    /** Lower-cased. */
    email: text('email'),
    passwordHash: text('password_hash'),
    /** ISO 3166 country, with a subdivision where it decides the law (`US-CA`). */
    country: text('country'),
    plan: text('plan'),
    signupAt: ts('signup_at').notNull(),
    lastActiveAt: ts('last_active_at'),
    /** Only the year, and only where it was collected. */
    birthYear: integer('birth_year'),
    jobTitle: text('job_title'),
    phone: text('phone'),
    /** IANA zone the person chose for their calendar. */
    timezone: text('timezone'),
    erasedAt: ts('erased_at'),
  },
  (t) => [
    uniqueIndex('accounts_account_number_key').on(t.accountNumber),
    check(
      'accounts_live_check',
      sql`${t.erasedAt} is not null or (${t.name} is not null and ${t.email} is not null and ${t.country} is not null and ${t.plan} is not null)`,
    ),
    check(
      'accounts_tombstone_check',
      sql`${t.erasedAt} is null or num_nonnulls(${t.name}, ${t.email}, ${t.passwordHash}, ${t.country}, ${t.plan}, ${t.lastActiveAt}, ${t.birthYear}, ${t.jobTitle}, ${t.phone}, ${t.timezone}) = 0`,
    ),
  ],
);

export const organisationMemberships = platform.table(
  'organisation_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    organisationName: text('organisation_name').notNull(),
    role: text('role').$type<MembershipRole>().notNull(),
    joinedAt: ts('joined_at').notNull(),
  },
  (t) => [
    index('organisation_memberships_account_idx').on(t.accountId),
    oneOf('organisation_memberships_role_check', t.role, membershipRoles),
  ],
);

export const apiKeys = platform.table(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    label: text('label').notNull(),
    /** The visible start of the key (`sk_live_3f9a0c12b7e4`): how a request is matched to its key. */
    keyPrefix: text('key_prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [
    index('api_keys_account_idx').on(t.accountId),
    uniqueIndex('api_keys_key_prefix_key').on(t.keyPrefix),
  ],
);

/**
 * What the platform observed the person do. An anonymised event has lost its account and everything that
 * could lead back to the person (IP address, browser), so product statistics survive an erasure.
 */
export const usageEvents = platform.table(
  'usage_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid('account_id').references(() => accounts.id),
    occurredAt: ts('occurred_at').notNull(),
    kind: text('kind').$type<UsageEventKind>().notNull(),
    ipAddress: inet('ip_address'),
    userAgent: text('user_agent'),
    /** The feature and how long it took; never free text the person typed. */
    details: jsonb('details').$type<{ feature: string; durationMs: number }>().notNull(),
  },
  (t) => [
    index('usage_events_account_idx').on(t.accountId),
    oneOf('usage_events_kind_check', t.kind, usageEventKinds),
    check(
      'usage_events_unlinked_check',
      sql`${t.accountId} is not null or (${t.ipAddress} is null and ${t.userAgent} is null)`,
    ),
  ],
);

/**
 * Invoices, kept for ten years by tax law (GDPR Art. 17(3)(b)) even after the account is erased. The account
 * link is optional because an invoice can outlive the platform's record of who bought it.
 */
export const invoices = platform.table(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').references(() => accounts.id),
    number: text('number').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** ISO 4217. */
    currency: text('currency').notNull(),
    totalCents: integer('total_cents').notNull(),
    billingName: text('billing_name').notNull(),
    billingAddress: text('billing_address').notNull(),
    taxId: text('tax_id'),
    /** Where the invoice was sent: not something the law requires on the invoice. */
    billingEmail: text('billing_email'),
  },
  (t) => [
    index('invoices_account_idx').on(t.accountId),
    uniqueIndex('invoices_number_key').on(t.number),
    check('invoices_total_check', sql`${t.totalCents} >= 0`),
  ],
);

export const invoiceLines = platform.table(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    amountCents: integer('amount_cents').notNull(),
    /** Who in the team ordered an add-on; the plan's own line has none. */
    orderedByEmail: text('ordered_by_email'),
  },
  (t) => [
    index('invoice_lines_invoice_idx').on(t.invoiceId),
    check('invoice_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);

export const supportTickets = platform.table(
  'support_tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    openedAt: ts('opened_at').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<SupportTicketStatus>().notNull(),
  },
  (t) => [
    index('support_tickets_account_idx').on(t.accountId),
    oneOf('support_tickets_status_check', t.status, supportTicketStatuses),
  ],
);

/**
 * What each erasure did, under the caller's idempotency key (the desk's plan line): a repeated call — a job
 * retried after a crash between this commit and the desk's — gets the first call's report back instead of
 * a second erasure's zeros. Written in the erasure's own transaction. No personal data: counts and a number.
 */
export const erasureReceipts = platform.table('erasure_receipts', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  accountNumber: text('account_number').notNull(),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  createdAt: ts('created_at').notNull(),
});
