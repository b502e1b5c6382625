import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  addDaysIso,
  calendarDateIn,
  closedDaysOf,
  checkCustomerLink,
  clockRuleFor,
  defaultSettings,
  isOpenStatus,
  regimeTypes,
  requestPriorities,
  requestStatuses,
  type Regime,
  type RequestChannel,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestStatus,
  type ClockEvent,
  type RequestType,
  permissionsOf,
} from '@privdesk/shared';
import { storedColumnsOf } from '../features/requests/clock-ledger.js';
import {
  deriveFor,
  formatReference,
  nameWordsOf,
  searchTermsFor,
} from '../features/requests/request-derived.js';
import type { DbOrTx } from '../db/client.js';
import { movePath } from './move-path.js';
import {
  customers,
  organisations,
  requestClockEvents,
  requestEvents,
  requestReferenceCounters,
  requestSearchTerms,
  requests,
} from '../db/schema.js';

/**
 * Fictional customers and requests with a realistic spread (regimes weighted like a mostly EU/US customer
 * base; old requests mostly closed, recent ones open; some due soon, some overdue), deterministic for a
 * seed. Used by the demo seed (a few hundred) and the benchmark generator (100,000+). Every name is
 * invented and every email is on a reserved example domain.
 */

export type CustomerRow = typeof customers.$inferInsert;
export type RequestRow = typeof requests.$inferInsert;
export type EventRow = typeof requestEvents.$inferInsert;

// Mulberry32: small, fast, deterministic.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded choices for generated data (the demo's, the bench's, the platform stand-in's). */
export class Picker {
  constructor(readonly random: () => number) {}
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('empty list');
    return item;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.random() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('empty list');
    return last[0];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
}

const firstNames = [
  'Amara',
  'Bjorn',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ines',
  'Jonas',
  'Keiko',
  'Lars',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Soren',
  'Tariq',
  'Ulla',
  'Valentina',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Aoife',
  'Bruno',
  'Camille',
  'Diego',
  'Emeka',
  'Freya',
  'Giulia',
  'Hamza',
  'Ingrid',
  'Joao',
  'Kofi',
  'Leila',
  'Milan',
  'Noor',
  'Olga',
  'Pedro',
  'Rania',
  'Sakura',
  'Tomas',
  'Uma',
  'Viktor',
  'Wanjiru',
  'Yara',
  'Zainab',
];
/** Exported for the check that no test log holds a seeded person's name (scripts/vitest-ci.mjs). */
export const lastNames = [
  'Abernathy',
  'Brannigan',
  'Castellanos',
  'Delacroix',
  'Eriksen',
  'Fontaine',
  'Grigoriev',
  'Halloran',
  'Ishikawa',
  'Jankowski',
  'Kowalczyk',
  'Lindgren',
  'Moreau',
  'Nakagawa',
  'Oyelaran',
  'Petrakis',
  'Quispe',
  'Rautio',
  'Szabo',
  'Takahashi',
  'Urquhart',
  'Vasquez',
  'Wojcik',
  'Xavier',
  'Yamamoto',
  'Zielinski',
  'Achterberg',
  'Bellweather',
  'Cordova',
  'Dunmore',
  'Esposito',
  'Falkenrath',
  'Gallagher',
  'Hargreaves',
  'Ivanova',
  'Jablonski',
  'Kettering',
  'Lombardi',
  'Marchetti',
  'Novak',
  'Okonkwo',
  'Pellegrini',
  'Rasmussen',
  'Sorensen',
  'Thorvaldsen',
  'Valdivia',
];
/** Customer organisations, seated where the law they answer to is, each with a (fictional) privacy contact. */
const organisationSeeds: readonly (readonly [name: string, country: string, contact: string | null])[] = [
  ['Brightwater Analytics', 'IE', 'Niamh Calloway'],
  ['Cobalt Harbour Ltd', 'GB', 'Oliver Penhaligon'],
  ['Driftwood Studios', 'US-CA', 'Marisol Avendaño'],
  ['Emberline GmbH', 'DE', 'Katrin Vogelsang'],
  ['Fernhill Logistics', 'NL', 'Pieter van Dalen'],
  ['Glasshouse Media', 'FR', 'Élodie Marchand'],
  ['Hollowpine Foods', 'CA-ON', null],
  ['Ironbark Consulting', 'US-VA', 'Deshawn Whitlock'],
  ['Juniper Row SA', 'ES', 'Lucía Ferrándiz'],
  ['Kestrel Robotics', 'SE', 'Astrid Lindqvist'],
  ['Lumen & Loom', 'US-CO', null],
  ['Marigold Health BV', 'NL', 'Femke Oosterhuis'],
  ['Northwind Cartography', 'CA-QC', 'Geneviève Lachance'],
  ['Orchard Lane Legal', 'GB', 'Harriet Ashdown'],
  ['Pebblestone Retail', 'BR', 'Thiago Albuquerque'],
  ['Quillfeather Press', 'IT', 'Beatrice Santangelo'],
];
export type OrganisationRow = typeof organisations.$inferInsert & { id: string };

/** The customer organisations, with fresh ids: the same names and contacts on every run. */
export function makeOrganisations(): OrganisationRow[] {
  return organisationSeeds.map(([name, country, contact]) => {
    const slug = name
      .toLowerCase()
      .replace(/&/g, 'and')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return {
      id: randomUUID(),
      name,
      country,
      privacyContactName: contact,
      privacyContactEmail: contact === null ? null : `privacy@${slug}.example`,
    };
  });
}
const emailDomains = ['example.com', 'example.org', 'example.net', 'mail.example', 'inbox.example'];
const plans = ['free', 'starter', 'team', 'business', 'enterprise'] as const;

const regimeMix: readonly (readonly [Regime, number])[] = [
  ['gdpr', 34],
  ['uk_gdpr', 13],
  ['ccpa', 25],
  ['lgpd', 6],
  ['vcdpa', 6],
  ['cpa', 5],
  ['pipeda', 6],
  ['quebec', 5],
];
const locationsByRegime: Record<Regime, readonly string[]> = {
  gdpr: ['DE', 'FR', 'IE', 'NL', 'ES', 'IT', 'PL', 'SE'],
  uk_gdpr: ['GB'],
  ccpa: ['US-CA'],
  lgpd: ['BR'],
  vcdpa: ['US-VA'],
  cpa: ['US-CO'],
  pipeda: ['CA-ON', 'CA-BC'],
  quebec: ['CA-QC'],
};
const channelMix: readonly (readonly [RequestChannel, number])[] = [
  ['web_form', 34],
  ['email', 30],
  ['in_app', 13],
  ['support', 12],
  ['phone', 5],
  ['authorised_agent', 6],
];
const typeWeights: Partial<Record<RequestType, number>> = {
  access: 30,
  know: 28,
  erasure: 22,
  delete: 24,
  opt_out_sale: 18,
  rectification: 6,
  correct: 6,
  portability: 6,
  objection: 4,
  restriction: 3,
  withdraw_consent: 5,
  limit_sensitive: 6,
  confirmation: 8,
};
const openMix: readonly (readonly [RequestStatus, number])[] = [
  ['received', 18],
  ['verifying', 20],
  ['in_progress', 30],
  ['awaiting_requester', 12],
  ['awaiting_approval', 8],
  ['approved', 4],
  ['fulfilling', 8],
];
const closedMix: readonly (readonly [RequestStatus, number])[] = [
  ['completed', 72],
  ['denied', 11],
  ['withdrawn', 7],
  ['closed_unverified', 10],
];
const denialCodes: readonly RequestReasonCode[] = [
  'no_match',
  'not_covered',
  'outside_jurisdiction',
  'manifestly_unfounded',
  'excessive',
  'exemption',
  'suspected_fraud',
  'duplicate',
];
const DAY_MS = 86_400_000;
const officerPermissions = permissionsOf(['privacy_officer']);

/** Whether a person can bring a request of this type to this status by the lifecycle's manual moves. */
function reachable(status: RequestStatus, type: RequestType): boolean {
  return movePath('received', status, type, officerPermissions) !== undefined;
}

/**
 * Every status a request of some type reaches by hand, from the lifecycle's table: the plan statuses
 * (awaiting approval, approved, fulfilling) need an erasure plan, which a later issue builds, so the data
 * stops erasures before them, and no erasure is completed yet.
 */
export const seedableStatuses: readonly RequestStatus[] = requestStatuses.filter((s) =>
  reachable(s, 'access'),
);

export interface DatasetOptions {
  seed: number;
  customers: number;
  requests: number;
  now: Date;
  /** Receipts spread over this many days before now; the last ~45 days hold most open requests. */
  spanDays: number;
  /** Privacy officers to assign to, and the actors of timeline events. */
  officerIds: readonly string[];
  /** Timeline events per request: 'full' (intake, assignment, each status change) or 'intake' only. */
  timeline: 'full' | 'intake';
}

/**
 * The customer directory: most accounts active, a few minors (product.md §10), about one in sixty with its
 * deletion pending (purged 30 days after it was asked for, some days from now) and one in a hundred erased
 * (only the account number and dates kept, the proof that it was). Restricted accounts are made by the
 * demo's flags, through the flag rules, never here.
 */
export function makeCustomers(
  opts: Pick<DatasetOptions, 'seed' | 'customers' | 'now'>,
  orgs: readonly OrganisationRow[],
): CustomerRow[] {
  const p = new Picker(prng(opts.seed));
  const rows: CustomerRow[] = [];
  const year = opts.now.getUTCFullYear();
  for (let i = 0; i < opts.customers; i += 1) {
    const first = p.pick(firstNames);
    const last = p.pick(lastNames);
    const regime = p.weighted(regimeMix);
    const signupAt = new Date(opts.now.getTime() - p.int(30, 2000) * DAY_MS);
    // A few minors (product.md §10): born 10–15 years ago.
    const minor = i % 37 === 5;
    const org = orgs.length > 0 && p.chance(0.55) ? p.pick(orgs) : null;
    const fate = i % 100 === 42 ? 'erased' : i % 60 === 17 ? 'deletion_pending' : 'active';
    const lastActiveAt = new Date(
      Math.min(opts.now.getTime() - DAY_MS, signupAt.getTime() + p.int(0, 900) * DAY_MS),
    );
    const purgeOn =
      fate === 'deletion_pending'
        ? new Date(opts.now.getTime() + p.int(1, 29) * DAY_MS).toISOString().slice(0, 10)
        : null;
    rows.push({
      id: randomUUID(),
      accountNumber: `SYN-${100000 + i}`,
      name: fate === 'erased' ? 'Erased account' : `${first} ${last}`,
      email:
        fate === 'erased'
          ? `erased-${100000 + i}@erased.invalid`
          : `${first}.${last}${i}@${p.pick(emailDomains)}`.toLowerCase(),
      organisationId: org?.id ?? null,
      country: org && p.chance(0.6) ? org.country : p.pick(locationsByRegime[regime]),
      plan: p.pick(plans),
      signupAt,
      lastActiveAt,
      birthYear:
        fate === 'erased' ? null : minor ? year - p.int(10, 15) : p.chance(0.3) ? year - p.int(18, 75) : null,
      status: fate,
      purgeOn,
      createdAt: signupAt,
    });
  }
  return rows;
}

export type SearchRow = typeof requestSearchTerms.$inferInsert;

export type ClockRow = typeof requestClockEvents.$inferInsert;

/**
 * What happened to one generated request, for the demo to replay through the services: its row as the
 * generator pictures it at the end (status, outcome, assignee, dates), its clock ledger, when it was last
 * changed and whether someone left a note.
 */
export interface RequestPlan {
  row: RequestRow & { id: string; receivedAt: Date; loggedAt: Date };
  ledger: ClockEvent[];
  lastChange: Date;
  note: boolean;
}

export interface RequestBatch {
  requests: RequestRow[];
  search: SearchRow[];
  events: EventRow[];
  clock: ClockRow[];
  plans: RequestPlan[];
}

const extensionReason = 'The request covers several systems; the requester was told why and by when.';
const counselPause = 'Waiting for counsel on another person’s data in the records.';

/**
 * A plausible clock ledger for a generated request (product.md §10: some extended, some paused, some
 * acknowledged), dated in the regime's handling time zone, never after today there. Every ledger is one the
 * engine accepts: notices fall inside the first period, and each pause starts after receipt.
 */
type LedgerShowcase = 'open_pause' | 'extension' | 'acknowledged' | 'identity_wait';

/** One request of every type, under the first regime that has it, so that even a small demo shows each type. */
const typeShowcase: readonly { regime: Regime; type: RequestType }[] = Object.keys(typeWeights).map(
  (type) => {
    const regime = regimeMix.map(([r]) => r).find((r) => regimeTypes[r].includes(type as RequestType));
    if (regime === undefined) throw new Error(`no regime has ${type}`);
    return { regime, type: type as RequestType };
  },
);

/** Requests that show each clock state in even the smallest demo. */
const clockShowcase: readonly {
  regime: Regime;
  type: RequestType;
  status: RequestStatus;
  ageDays: number;
  ledger?: LedgerShowcase;
}[] = [
  // Two GDPR erasures left open past their date, received 80 and 110 days ago: whatever the day, one of them
  // came in last quarter (the dashboard's "GDPR erasures, last quarter, overdue" is never empty in the demo).
  { regime: 'gdpr', type: 'erasure', status: 'in_progress', ageDays: 80 },
  { regime: 'gdpr', type: 'erasure', status: 'verifying', ageDays: 110 },
  { regime: 'uk_gdpr', type: 'access', status: 'in_progress', ageDays: 12, ledger: 'open_pause' },
  { regime: 'uk_gdpr', type: 'rectification', status: 'in_progress', ageDays: 20, ledger: 'identity_wait' },
  { regime: 'gdpr', type: 'access', status: 'in_progress', ageDays: 26, ledger: 'extension' },
  { regime: 'ccpa', type: 'delete', status: 'in_progress', ageDays: 18, ledger: 'extension' },
  { regime: 'ccpa', type: 'know', status: 'verifying', ageDays: 4, ledger: 'acknowledged' },
];

function makeLedger(
  p: Picker,
  input: {
    regime: Regime;
    type: RequestType;
    status: RequestStatus;
    receivedAt: Date;
    now: Date;
    force?: LedgerShowcase | undefined;
  },
): ClockEvent[] {
  const zone = defaultSettings.handling[input.regime].timeZone;
  const receivedOn = calendarDateIn(input.receivedAt, zone);
  const age = Math.round((Date.parse(calendarDateIn(input.now, zone)) - Date.parse(receivedOn)) / DAY_MS);
  const on = (days: number) => addDaysIso(receivedOn, Math.max(0, Math.min(age, days)));
  const rule = clockRuleFor(input.regime, input.type);
  const events: ClockEvent[] = [];
  switch (input.force) {
    case 'open_pause':
      return [{ kind: 'paused', on: on(4), reason: counselPause }];
    case 'identity_wait':
      return [
        { kind: 'identity_asked', on: on(2) },
        { kind: 'identity_received', on: on(9) },
      ];
    case 'extension':
      return [
        ...(rule?.acknowledge ? [{ kind: 'acknowledged' as const, on: on(1) }] : []),
        { kind: 'extension_noticed', on: on(15), reason: extensionReason },
      ];
    case 'acknowledged':
      return [{ kind: 'acknowledged', on: on(1) }];
    case undefined:
      break;
  }
  if (input.status === 'received') return events;
  if (rule?.acknowledge && p.chance(0.8)) events.push({ kind: 'acknowledged', on: on(p.int(0, 8)) });
  if (input.regime === 'uk_gdpr' && age >= 6 && input.status !== 'awaiting_requester' && p.chance(0.3)) {
    const asked = p.int(1, 3);
    events.push({ kind: 'identity_asked', on: on(asked) });
    events.push({ kind: 'identity_received', on: on(asked + p.int(2, Math.min(10, age - asked))) });
  }
  if (input.regime === 'uk_gdpr' && input.status === 'in_progress' && age >= 8 && p.chance(0.15)) {
    events.push({ kind: 'paused', on: on(4), reason: counselPause });
    // Some are still paused today: the clock stands still until the advice comes.
    if (p.chance(0.6)) events.push({ kind: 'resumed', on: on(4 + p.int(2, Math.min(8, age - 4))) });
  }
  if (input.status === 'awaiting_requester') {
    const kind = input.regime === 'uk_gdpr' || p.chance(0.5) ? 'identity_asked' : 'clarification_asked';
    events.push({ kind, on: on(p.int(1, 10)) });
  }
  if (rule?.extension && age >= 10 && p.chance(0.15)) {
    events.push({ kind: 'extension_noticed', on: on(p.int(5, 25)), reason: extensionReason });
  }
  return events;
}

/**
 * Generates requests in batches (so 100,000 never sit in memory at once) and the reference counters to
 * store afterwards. References are numbered per logging year in receipt order.
 */
export function* makeRequests(
  opts: DatasetOptions,
  customerRows: readonly CustomerRow[],
  batchSize: number,
): Generator<RequestBatch, Map<number, number>> {
  const p = new Picker(prng(opts.seed + 1));
  // An erased account keeps no one to link a request to.
  const linkable = customerRows.filter((c) => c.status !== 'erased');
  const counters = new Map<number, number>();
  const now = opts.now.getTime();
  // Receipt times, oldest first, so references rise with time like real intake.
  const offsets: number[] = [];
  for (let i = 0; i < opts.requests; i += 1) {
    const recent = p.chance(0.3);
    const days = recent ? p.random() * 45 : p.random() * opts.spanDays;
    offsets.push(days * DAY_MS);
  }
  offsets.sort((a, b) => b - a);

  let batch: RequestBatch = { requests: [], search: [], events: [], clock: [], plans: [] };
  for (let i = 0; i < opts.requests; i += 1) {
    // Just before those, a few show each clock state, however small the demo.
    const shown = clockShowcase[i - (opts.requests - seedableStatuses.length - clockShowcase.length)];
    // Never in the last three hours, so that even the newest request's history fits before now.
    const receivedAt = new Date(
      Math.min(now - 3 * 3_600_000, now - (shown ? shown.ageDays * DAY_MS : (offsets[i] ?? 0))),
    );
    const ageDays = (now - receivedAt.getTime()) / DAY_MS;
    const customer = linkable.length > 0 && p.chance(0.7) ? p.pick(linkable) : undefined;
    // The newest few take every status in turn, so that even a small demo shows each one.
    const forced = seedableStatuses[i - (opts.requests - seedableStatuses.length)] ?? shown?.status;
    const typed =
      shown ??
      typeShowcase[
        i - (opts.requests - seedableStatuses.length - clockShowcase.length - typeShowcase.length)
      ];
    const regime = typed?.regime ?? p.weighted(regimeMix);
    const types = regimeTypes[regime];
    const type = typed?.type ?? p.weighted(types.map((t) => [t, typeWeights[t] ?? 1] as const));
    const channel = p.weighted(channelMix);
    // Older requests are mostly closed; a few stay open well past their due date (the overdue ones).
    const open = ageDays < 35 ? p.chance(0.85) : ageDays < 60 ? p.chance(0.25) : p.chance(0.02);
    // Only statuses this type reaches by hand (an erasure stops before its plan's approval).
    const mix = (open ? openMix : closedMix).filter(([s]) => reachable(s, type));
    const status = forced !== undefined && reachable(forced, type) ? forced : p.weighted(mix);
    const loggedAt = new Date(Math.min(now - 2 * 3_600_000, receivedAt.getTime() + p.int(0, 36) * 3_600_000));
    const year = loggedAt.getUTCFullYear();
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    const reference = formatReference(year, n);
    // Now and then the person logging a request links an account that is not the requester's (same first
    // name, another surname): the intake rule flags it, as it would for them. No extra draw, so the rest of
    // the demo is unchanged.
    const misLinked = customer !== undefined && i % 37 === 5;
    const name =
      customer && misLinked
        ? `${customer.name.split(' ')[0] ?? ''} ${lastNames[i % lastNames.length] ?? 'Xavier'}`
        : (customer?.name ?? `${p.pick(firstNames)} ${p.pick(lastNames)}`);
    const email =
      customer?.email ?? `${name.replace(' ', '.')}.${p.int(1, 9999)}@${p.pick(emailDomains)}`.toLowerCase();
    // New requests wait for triage; everything past it has someone on it.
    const unassigned =
      status === 'received' ? p.chance(0.7) : status === 'verifying' ? p.chance(0.15) : false;
    const assigneeId = unassigned || opts.officerIds.length === 0 ? null : p.pick(opts.officerIds);
    let outcome: RequestOutcome | null = null;
    let reasonCode: RequestReasonCode | null = null;
    let denialExplanation: string | null = null;
    if (status === 'completed') {
      outcome = p.chance(0.9) ? 'fulfilled' : 'partially_fulfilled';
      if (outcome === 'partially_fulfilled') {
        reasonCode = 'exemption';
        denialExplanation =
          'Some records are kept under a legal obligation (invoices); the rest was provided.';
      }
    } else if (status === 'denied') {
      outcome = 'denied';
      reasonCode = p.pick(denialCodes);
      denialExplanation =
        'We explained the reason for the decision and how to complain to the supervisory authority.';
    } else if (status === 'withdrawn') {
      outcome = 'withdrawn';
      reasonCode = 'withdrawn';
    } else if (status === 'closed_unverified') {
      outcome = 'closed_unverified';
      reasonCode = p.chance(0.6) ? 'identity_unverified' : 'insufficient_verification';
      denialExplanation = 'We could not verify your identity within 21 days; you may submit a new request.';
    }
    const id = randomUUID();
    const minor =
      (customer?.birthYear !== undefined &&
        customer.birthYear !== null &&
        receivedAt.getUTCFullYear() - customer.birthYear < 16) ||
      p.chance(0.02);
    const priority = minor
      ? 'urgent'
      : p.weighted([
          ['normal', 70],
          ['low', 10],
          ['high', 15],
          ['urgent', 5],
        ] as const);
    const agent = channel === 'authorised_agent';
    const lastChange = new Date(Math.min(now, loggedAt.getTime() + p.int(1, 20) * DAY_MS));
    const ledger = makeLedger(p, { regime, type, status, receivedAt, now: opts.now, force: shown?.ledger });
    const moves = movePath('received', status, type, officerPermissions) ?? [];
    const note = p.chance(0.25);
    // Entries made by hand (not the lifecycle's asks) each made a new version.
    const handMade = ledger.filter((e) => !e.kind.endsWith('_asked') && !e.kind.endsWith('_received')).length;
    for (const event of ledger) {
      // Recorded around mid-morning of the day, never before logging or after now.
      const at = new Date(Math.min(now, Math.max(loggedAt.getTime(), Date.parse(`${event.on}T10:00:00Z`))));
      const row: ClockRow = {
        id: randomUUID(),
        requestId: id,
        kind: event.kind,
        on: event.on,
        reason: event.reason ?? null,
        recordedAt: at,
        recordedBy: assigneeId,
      };
      batch.clock.push(row);
      if (opts.timeline === 'full') {
        batch.events.push({
          id: randomUUID(),
          requestId: id,
          at,
          actorId: assigneeId,
          kind: 'clock',
          data: { action: 'recorded', entryId: row.id, event: row.kind, on: row.on, reason: row.reason },
        });
      }
    }
    const row = {
      id,
      reference,
      type,
      regime,
      channel,
      status,
      priority: requestPriorities.indexOf(priority),
      minor,
      requesterName: name,
      requesterEmail: email,
      requesterLocation: customer?.country ?? p.pick(locationsByRegime[regime]),
      agentName: agent ? 'Harbourlight Privacy Agents' : null,
      agentEmail: agent ? 'requests@agents.example' : null,
      agentPermissionNote: agent ? 'Signed authorisation on file (fictional).' : null,
      customerId: customer?.id ?? null,
      customerLinkCheck: customer ? checkCustomerLink({ name, email }, customer) : null,
      receivedAt,
      loggedAt,
      description: `Fictional ${type.replace(/_/g, ' ')} request received by ${channel.replace(/_/g, ' ')}.`,
      assigneeId,
      outcome,
      reasonCode,
      denialExplanation,
      // As the server stores them: an open pause counted up to today (see storedColumnsOf).
      ...storedColumnsOf(
        { regime, type, receivedAt, minor },
        ledger,
        deriveFor({ regime, type, receivedAt, minor, ledger }),
        defaultSettings,
        calendarDateIn(opts.now, defaultSettings.handling[regime].timeZone),
      ),
      // The closing move's instant is the last change (see the timeline below).
      closedAt: isOpenStatus(status) ? null : lastChange,
      ...(isOpenStatus(status)
        ? { closedOn: null, closedDays: null }
        : closedDaysOf(receivedAt, lastChange, defaultSettings.handling[regime].timeZone)),
      version: moves.length + (assigneeId ? 1 : 0) + handMade,
      createdBy: null,
      updatedAt: status === 'received' && !assigneeId ? loggedAt : lastChange,
      updatedBy: status === 'received' && !assigneeId ? null : assigneeId,
    } satisfies RequestRow;
    batch.requests.push(row);
    batch.search.push({
      requestId: id,
      terms: searchTermsFor({ name, email, reference }),
      words: nameWordsOf(name),
    });
    batch.events.push({
      id: randomUUID(),
      requestId: id,
      at: loggedAt,
      actorId: null,
      kind: 'intake',
      data: { channel, receivedAt: receivedAt.toISOString() },
    });
    if (opts.timeline === 'full') {
      const steps = moves.map((m) => m.to);
      const span = Math.max(1, lastChange.getTime() - loggedAt.getTime());
      if (assigneeId) {
        batch.events.push({
          id: randomUUID(),
          requestId: id,
          at: new Date(loggedAt.getTime() + span / (steps.length + 2)),
          actorId: assigneeId,
          kind: 'assigned',
          data: { from: null, to: assigneeId },
        });
      }
      let from: RequestStatus = 'received';
      steps.forEach((to, k) => {
        const last = k === steps.length - 1;
        batch.events.push({
          id: randomUUID(),
          requestId: id,
          at: new Date(loggedAt.getTime() + (span * (k + 2)) / (steps.length + 1)),
          actorId: assigneeId,
          kind: 'status_changed',
          data: {
            from,
            to,
            outcome: last ? outcome : null,
            reasonCode: last ? reasonCode : null,
            explanation: last ? denialExplanation : null,
            message:
              to === 'awaiting_requester' ? 'Could you confirm which account this request is about?' : null,
            note: to === 'withdrawn' ? 'The requester wrote to withdraw the request.' : null,
          },
        });
        from = to;
      });
      if (note) {
        batch.events.push({
          id: randomUUID(),
          requestId: id,
          at: lastChange,
          actorId: assigneeId,
          kind: 'note',
          data: { text: 'Checked the platform database and the support desk; nothing unusual.' },
        });
      }
    }
    batch.plans.push({ row, ledger, lastChange, note });
    if (batch.requests.length >= batchSize) {
      yield batch;
      batch = { requests: [], search: [], events: [], clock: [], plans: [] };
    }
  }
  if (batch.requests.length > 0) yield batch;
  return counters;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Inserts customers, then requests and their events batch by batch, then the reference counters. */
export async function insertDataset(
  db: DbOrTx,
  opts: DatasetOptions,
  onBatch?: (done: number) => void,
): Promise<{ customers: number; requests: number; events: number }> {
  const orgRows = makeOrganisations();
  await db.insert(organisations).values(orgRows);
  const customerRows = makeCustomers(opts, orgRows);
  // Parameters per statement stay well under PostgreSQL's 65,535.
  for (const part of chunks(customerRows, 2000)) await db.insert(customers).values(part);
  let requestCount = 0;
  let eventCount = 0;
  const generator = makeRequests(opts, customerRows, 1000);
  let next = generator.next();
  while (!next.done) {
    const batch = next.value;
    await db.insert(requests).values(batch.requests);
    await db.insert(requestSearchTerms).values(batch.search);
    for (const part of chunks(batch.clock, 5000)) await db.insert(requestClockEvents).values(part);
    for (const part of chunks(batch.events, 5000)) await db.insert(requestEvents).values(part);
    requestCount += batch.requests.length;
    eventCount += batch.events.length;
    onBatch?.(requestCount);
    next = generator.next();
  }
  for (const [year, last] of next.value) {
    await db
      .insert(requestReferenceCounters)
      .values({ year, last })
      .onConflictDoUpdate({
        target: requestReferenceCounters.year,
        set: { last: sql`greatest(${requestReferenceCounters.last}, excluded.last)` },
      });
  }
  return { customers: customerRows.length, requests: requestCount, events: eventCount };
}
