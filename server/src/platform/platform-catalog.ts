/**
 * What the stand-in Syncronis platform holds about a person, table by table and column by column: plain data
 * for the erasure plan (does the system hold the subject's data, what happens to each table) and the access
 * work (which columns go into a copy, which are redacted, what the person provided versus what was observed).
 * platform-catalog.test.ts keeps it in step with platform.schema.ts: a column added there fails until it is
 * described here.
 */

/**
 * Where a column's value comes from. The difference matters to the access work: portability covers what the
 * person provided and what was observed of their use, not what the platform worked out, and a secret is
 * never handed out, not even to its owner.
 */
export const platformColumnSources = ['provided', 'observed', 'derived', 'secret', 'system'] as const;
export type PlatformColumnSource = (typeof platformColumnSources)[number];

export const platformColumnSourceLabels = {
  provided: 'Provided by the person',
  observed: 'Observed from their use of the platform',
  derived: 'Worked out or assigned by the platform',
  secret: 'A credential: redacted in any copy',
  system: 'Platform bookkeeping, not about the person',
} as const satisfies Record<PlatformColumnSource, string>;

/** What an erasure may keep (a retention rule of the inventory names one): defined with the inventory. */
import type { PlatformRetentionScope } from '@privdesk/shared';
export {
  platformRetentionScopes,
  platformRetentionScopeLabels,
  type PlatformRetentionScope,
} from '@privdesk/shared';

/** The platform's tables, in the order every report lists them (parents before the rows that point at them). */
export const platformTableNames = [
  'accounts',
  'organisation_memberships',
  'api_keys',
  'usage_events',
  'invoices',
  'invoice_lines',
  'support_tickets',
] as const;
export type PlatformTableName = (typeof platformTableNames)[number];

/**
 * What an erasure does to a table's rows of the person: the account row becomes a tombstone; `delete` rows go;
 * `delete_or_anonymise` rows go, or stay cut off from the person when the erasure anonymises; `retainable`
 * rows go unless a retention scope keeps them, stripped of the columns listed in `strippedWhenRetained`.
 */
export const platformErasureTreatments = [
  'tombstone',
  'delete',
  'delete_or_anonymise',
  'retainable',
] as const;
export type PlatformErasureTreatment = (typeof platformErasureTreatments)[number];

export interface PlatformColumnDescription {
  /** Whether the value is about an identifiable person (a key that only links rows is not). */
  readonly personal: boolean;
  readonly source: PlatformColumnSource;
  readonly description: string;
}

export interface PlatformTableDescription {
  readonly label: string;
  readonly description: string;
  /** How a row reaches the person: it is their account, it names their account, or it belongs to a row that does. */
  readonly subjectLink:
    | { readonly kind: 'self' }
    | { readonly kind: 'account'; readonly column: 'account_id' }
    | { readonly kind: 'via'; readonly column: string; readonly table: PlatformTableName };
  readonly erasure: PlatformErasureTreatment;
  readonly retainedUnder: PlatformRetentionScope | null;
  /** Columns an erasure nulls on the rows a retention scope keeps: the law that keeps the row does not need them. */
  readonly strippedWhenRetained: readonly string[];
  /** Keyed by the SQL column name. */
  readonly columns: Readonly<Record<string, PlatformColumnDescription>>;
}

const key = (description: string) => ({ personal: false, source: 'system', description }) as const;

export const platformCatalog = {
  accounts: {
    label: 'Account',
    description: 'Sign-in, profile and plan of one person’s account.',
    subjectLink: { kind: 'self' },
    erasure: 'tombstone',
    retainedUnder: null,
    strippedWhenRetained: [],
    columns: {
      id: key('Internal key of the account.'),
      account_number: {
        personal: true,
        source: 'system',
        description: 'Account number the person and support quote (SYN-104233); kept on the tombstone.',
      },
      name: { personal: true, source: 'provided', description: 'Full name.' },
      email: { personal: true, source: 'provided', description: 'Sign-in email address.' },
      password_hash: { personal: true, source: 'secret', description: 'Hash of the sign-in password.' },
      country: { personal: true, source: 'provided', description: 'Country of residence.' },
      plan: { personal: true, source: 'provided', description: 'Subscription plan the person chose.' },
      signup_at: { personal: true, source: 'observed', description: 'When the account was opened.' },
      last_active_at: { personal: true, source: 'observed', description: 'When the person was last active.' },
      birth_year: { personal: true, source: 'provided', description: 'Year of birth, where it was asked.' },
      job_title: { personal: true, source: 'provided', description: 'Job title on the profile.' },
      phone: { personal: true, source: 'provided', description: 'Phone number on the profile.' },
      timezone: { personal: true, source: 'provided', description: 'Time zone chosen for the calendar.' },
      erased_at: key('When the account was erased; set on the tombstone only.'),
    },
  },
  organisation_memberships: {
    label: 'Organisation memberships',
    description: 'The organisations the account belongs to, and its role in each.',
    subjectLink: { kind: 'account', column: 'account_id' },
    erasure: 'delete',
    retainedUnder: null,
    strippedWhenRetained: [],
    columns: {
      id: key('Internal key of the membership.'),
      account_id: key('The account.'),
      organisation_name: { personal: true, source: 'provided', description: 'Organisation joined.' },
      role: { personal: true, source: 'derived', description: 'Role the organisation gave the person.' },
      joined_at: { personal: true, source: 'observed', description: 'When the person joined.' },
    },
  },
  api_keys: {
    label: 'API keys',
    description: 'Keys the person created to call the platform’s API.',
    subjectLink: { kind: 'account', column: 'account_id' },
    erasure: 'delete',
    retainedUnder: null,
    strippedWhenRetained: [],
    columns: {
      id: key('Internal key of the API key.'),
      account_id: key('The account.'),
      label: { personal: true, source: 'provided', description: 'Name the person gave the key.' },
      key_prefix: {
        personal: true,
        source: 'system',
        description: 'Visible start of the key, shown so the person can tell keys apart.',
      },
      secret_hash: { personal: true, source: 'secret', description: 'Hash of the key’s secret.' },
      created_at: { personal: true, source: 'observed', description: 'When the key was created.' },
      last_used_at: { personal: true, source: 'observed', description: 'When the key was last used.' },
    },
  },
  usage_events: {
    label: 'Usage events',
    description: 'What the platform recorded of the person’s use: sign-ins, API calls, exports.',
    subjectLink: { kind: 'account', column: 'account_id' },
    erasure: 'delete_or_anonymise',
    retainedUnder: null,
    strippedWhenRetained: [],
    columns: {
      id: key('Internal key of the event.'),
      account_id: key('The account; removed when the event is anonymised.'),
      occurred_at: { personal: true, source: 'observed', description: 'When it happened.' },
      kind: { personal: true, source: 'observed', description: 'What happened.' },
      ip_address: { personal: true, source: 'observed', description: 'IP address the request came from.' },
      user_agent: { personal: true, source: 'observed', description: 'Browser or client that made it.' },
      details: { personal: true, source: 'observed', description: 'Feature used and how long it took.' },
    },
  },
  invoices: {
    label: 'Invoices',
    description: 'Invoices issued to the account.',
    subjectLink: { kind: 'account', column: 'account_id' },
    erasure: 'retainable',
    retainedUnder: 'invoices',
    strippedWhenRetained: ['billing_email'],
    columns: {
      id: key('Internal key of the invoice.'),
      account_id: key('The account billed.'),
      number: { personal: true, source: 'system', description: 'Invoice number.' },
      issued_on: { personal: true, source: 'derived', description: 'Date of issue.' },
      currency: { personal: true, source: 'derived', description: 'Currency billed in.' },
      total_cents: { personal: true, source: 'derived', description: 'Amount billed.' },
      billing_name: { personal: true, source: 'provided', description: 'Name on the invoice.' },
      billing_address: { personal: true, source: 'provided', description: 'Postal address on the invoice.' },
      tax_id: { personal: true, source: 'provided', description: 'VAT or tax number, for a business.' },
      billing_email: { personal: true, source: 'provided', description: 'Where the invoice was sent.' },
    },
  },
  invoice_lines: {
    label: 'Invoice lines',
    description: 'What each invoice charged for.',
    subjectLink: { kind: 'via', column: 'invoice_id', table: 'invoices' },
    erasure: 'retainable',
    retainedUnder: 'invoices',
    strippedWhenRetained: ['ordered_by_email'],
    columns: {
      id: key('Internal key of the line.'),
      invoice_id: key('The invoice.'),
      description: { personal: true, source: 'derived', description: 'What was charged for.' },
      quantity: { personal: true, source: 'provided', description: 'Seats or units ordered.' },
      amount_cents: { personal: true, source: 'derived', description: 'Amount of the line.' },
      ordered_by_email: {
        personal: true,
        source: 'provided',
        description: 'Who ordered an add-on, where it was not the plan itself.',
      },
    },
  },
  support_tickets: {
    label: 'Support tickets',
    description: 'What the person asked support, in their own words.',
    subjectLink: { kind: 'account', column: 'account_id' },
    erasure: 'retainable',
    retainedUnder: 'support_tickets',
    strippedWhenRetained: [],
    columns: {
      id: key('Internal key of the ticket.'),
      account_id: key('The account.'),
      opened_at: { personal: true, source: 'observed', description: 'When the ticket was opened.' },
      subject: { personal: true, source: 'provided', description: 'Subject the person wrote.' },
      body: { personal: true, source: 'provided', description: 'Message the person wrote.' },
      status: { personal: true, source: 'derived', description: 'Where support is with it.' },
    },
  },
} as const satisfies Record<PlatformTableName, PlatformTableDescription>;
