/**
 * Fills a database with N fictional customer accounts and their organisations for the directory search
 * benchmark (issue 12), and a few requests on some of them (for the customer page with and without requests).
 *
 *   npm run bench:customers:generate -- --url postgres://postgres@127.0.0.1:5432/privdesk_customers_1m [--n 1000000]
 *   npm run bench:customers:generate -- --pglite bench/.out/customers-pglite --n 100000
 *
 * The database must hold no customers yet (PostgreSQL: a new database; PGlite: a new or empty directory); it
 * is migrated first and vacuumed and analysed at the end. Deterministic for a seed (`--seed`, default
 * 20261212) apart from the row ids.
 *
 * The spread: names drawn Zipf-like from common first names × surnames (the common pairs repeat, hundreds
 * of "John Smith" in a million), one in eight with a middle initial, a few double surnames; unique emails in
 * the usual shapes (first.last, flast, first_last, a number when taken) on `.example` domains, an
 * organisation's own domain for most of its accounts; account numbers `SYN-` and six digits in signup order;
 * an organisation for 55 % of accounts (one per 200 accounts, sizes Zipf-like: a few with thousands of
 * accounts, most with tens); about 0.3 % minors, 1.5 % with their deletion pending (purge_on set), 1 % erased.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import {
  requestClockEvents,
  requestEvents,
  requestReferenceCounters,
  requestSearchTerms,
  requests,
  staff,
} from '../../server/src/db/schema.js';
import { makeRequests, prng, type CustomerRow } from '../../server/src/demo/request-dataset.js';
import { argOf, connect, parseCustomersArgs, type BenchConnection } from './customers-db.js';
import { firstNames, lastNames, organisationForms, organisationTrades, organisationWords } from './names.js';

const argv = process.argv.slice(2);
const args = parseCustomersArgs(argv, 1_000_000);
const seed = Number(argOf(argv, 'seed') ?? 20261212);
if (!(args.n >= 1000 && args.n <= 1_000_000)) throw new Error('--n between 1,000 and 1,000,000');

const DAY_MS = 86_400_000;
const now = new Date();
const random = prng(seed);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const chance = (p: number) => random() < p;
/** The item at i, which must exist. */
function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i} of ${items.length}`);
  return item;
}
const pick = <T>(items: readonly T[]): T => nth(items, Math.floor(random() * items.length));

/** Draws index i with weight 1 / (i + offset): the first entries are the common ones. */
function zipf(count: number, offset: number): () => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    total += 1 / (i + offset);
    cumulative[i] = total;
  }
  return () => {
    const r = random() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function weighted<T>(entries: readonly (readonly [T, number])[]): () => T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = random() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return nth(entries, entries.length - 1)[0];
  };
}

/** ASCII letters for an address: accents dropped, spaces and apostrophes out. */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

// --- organisations --------------------------------------------------------------------------------------

interface Org {
  id: string;
  name: string;
  country: string;
  domain: string;
  privacy_contact_name: string | null;
  privacy_contact_email: string | null;
}

function makeOrganisations(count: number): Org[] {
  const orgs: Org[] = [];
  const taken = new Set<string>();
  for (let k = 0; orgs.length < count; k += 1) {
    const [suffix, countries] = pick(organisationForms);
    // Mostly "<Word> <Trade> <form>", sometimes "<Word><word> <Trade>" or "<Word> & <Word>".
    const shape = random();
    const a = pick(organisationWords);
    const b = pick(organisationWords);
    const base =
      shape < 0.7
        ? `${a} ${pick(organisationTrades)}`
        : shape < 0.9
          ? `${a}${b.toLowerCase()} ${pick(organisationTrades)}`
          : `${a} & ${b}`;
    const name = `${base} ${suffix}`;
    if (taken.has(name.toLowerCase()) || a === b) continue;
    taken.add(name.toLowerCase());
    const domain = `${ascii(base)}.example`;
    const contact = chance(0.8) ? `${pick(firstNames)} ${pick(lastNames)}` : null;
    orgs.push({
      id: randomUUID(),
      name,
      country: pick(countries),
      domain,
      privacy_contact_name: contact,
      privacy_contact_email: contact ? `privacy@${domain}` : null,
    });
    if (k > count * 50) throw new Error('Not enough distinct organisation names');
  }
  return orgs;
}

// --- customers ------------------------------------------------------------------------------------------

const personalDomains = weighted([
  ['example.com', 30],
  ['example.org', 12],
  ['example.net', 12],
  ['mail.example', 14],
  ['inbox.example', 10],
  ['post.example', 8],
  ['webmail.example', 6],
  ['home.example', 4],
  ['online.example', 4],
] as const);
const countries = weighted([
  ['DE', 10],
  ['FR', 8],
  ['IE', 3],
  ['NL', 4],
  ['ES', 5],
  ['IT', 5],
  ['PL', 3],
  ['SE', 2],
  ['GB', 13],
  ['US-CA', 25],
  ['US-VA', 6],
  ['US-CO', 5],
  ['BR', 6],
  ['CA-ON', 4],
  ['CA-BC', 2],
  ['CA-QC', 5],
] as const);
const plans = weighted([
  ['free', 40],
  ['starter', 25],
  ['team', 18],
  ['business', 12],
  ['enterprise', 5],
] as const);
const firstOf = zipf(firstNames.length, 15);
const lastOf = zipf(lastNames.length, 15);
const emails = new Set<string>();
const initials = 'ABCDEFGHIJKLMNOPRSTVW';

/** A unique address in one of the usual shapes, numbered when the plain one is taken. */
function emailFor(first: string, last: string, domain: string): string {
  const f = ascii(first);
  const l = ascii(last);
  const shape = random();
  const local =
    shape < 0.45
      ? `${f}.${l}`
      : shape < 0.6
        ? `${f[0] ?? ''}${l}`
        : shape < 0.7
          ? `${f}_${l}`
          : shape < 0.8
            ? `${f}${l}`
            : shape < 0.9
              ? `${l}.${f}`
              : `${f}.${l}${int(60, 99)}`;
  let email = `${local}@${domain}`;
  for (let tries = 0; emails.has(email); tries += 1)
    email = `${local}${tries < 3 ? int(1, 99) : int(100, 99_999)}@${domain}`;
  emails.add(email);
  return email;
}

interface CustomerJson {
  id: string;
  account_number: string;
  name: string;
  email: string;
  organisation_id: string | null;
  country: string;
  plan: string;
  signup_at: string;
  last_active_at: string;
  birth_year: number | null;
  status: string;
  purge_on: string | null;
  created_at: string;
  version: number;
}

/** Account numbers: six digits, in signup order (from 100000 where they fit, as the demo's). */
const firstNumber = Math.min(100_000, 1_000_000 - args.n);
const spanDays = 2000;

function makeCustomer(i: number, orgs: readonly Org[], orgOf: () => number): CustomerJson {
  const digits = String(firstNumber + i).padStart(6, '0');
  const first = nth(firstNames, firstOf());
  let last = nth(lastNames, lastOf());
  if (chance(0.03)) last = `${last}-${nth(lastNames, lastOf())}`;
  const name = chance(0.12) ? `${first} ${pick([...initials])}. ${last}` : `${first} ${last}`;
  const org = chance(0.55) ? nth(orgs, orgOf()) : null;
  // Signups in account-number order over the last ~5.5 years, the newest a month ago.
  const signupAt = new Date(now.getTime() - (30 + (spanDays - 30) * (1 - i / args.n) + random()) * DAY_MS);
  const lastActiveAt = new Date(Math.min(now.getTime() - DAY_MS, signupAt.getTime() + int(0, 900) * DAY_MS));
  const fate = random();
  const status = fate < 0.01 ? 'erased' : fate < 0.025 ? 'deletion_pending' : 'active';
  const erased = status === 'erased';
  const minor = !erased && chance(0.003);
  const year = now.getUTCFullYear();
  return {
    id: randomUUID(),
    account_number: `SYN-${digits}`,
    name: erased ? 'Erased account' : name,
    email: erased
      ? `erased-${digits}@erased.invalid`
      : emailFor(first, last, org && chance(0.7) ? org.domain : personalDomains()),
    organisation_id: org?.id ?? null,
    country: org && chance(0.6) ? org.country : countries(),
    plan: plans(),
    signup_at: signupAt.toISOString(),
    last_active_at: lastActiveAt.toISOString(),
    birth_year: erased ? null : minor ? year - int(10, 15) : chance(0.3) ? year - int(18, 75) : null,
    status,
    purge_on:
      status === 'deletion_pending'
        ? new Date(now.getTime() + int(1, 29) * DAY_MS).toISOString().slice(0, 10)
        : null,
    created_at: signupAt.toISOString(),
    version: 0,
  };
}

const customerColumns = [
  'id',
  'account_number',
  'name',
  'email',
  'organisation_id',
  'country',
  'plan',
  'signup_at',
  'last_active_at',
  'birth_year',
  'status',
  'purge_on',
  'created_at',
  'version',
].join(', ');

/** One statement per batch: the rows as one JSON parameter, spread into columns by the database. */
async function insertJson(conn: BenchConnection, table: string, columns: string, rows: readonly unknown[]) {
  await conn.query(
    `insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, $1::json)`,
    [JSON.stringify(rows)],
  );
}

// --- the run --------------------------------------------------------------------------------------------

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const conn = await connect(args);
try {
  const [existing] = await conn.query('select count(*)::int as n from customers');
  if (Number(existing?.n ?? 0) > 0) throw new Error('The database already holds customers; use a new one.');
  const db = conn.db;
  const [officer] = await db
    .insert(staff)
    .values({
      email: 'customers-bench-officer@bench.example',
      name: 'Bench Officer',
      roles: ['privacy_officer'],
    })
    .returning({ id: staff.id });
  await db.insert(staff).values({
    email: 'customers-bench-agent@bench.example',
    name: 'Bench Agent',
    roles: ['support_agent'],
  });

  const orgs = makeOrganisations(Math.max(20, Math.round(args.n / 200)));
  for (let i = 0; i < orgs.length; i += 5000)
    await insertJson(
      conn,
      'organisations',
      'id, name, country, privacy_contact_name, privacy_contact_email',
      orgs.slice(i, i + 5000),
    );
  process.stdout.write(`${orgs.length} organisations (${elapsed()})\n`);

  // Some accounts have requests: every 50th account that is not erased, about 1.4 requests each.
  const withRequests: CustomerRow[] = [];
  const orgOf = zipf(orgs.length, 20);
  const batch = conn.kind === 'pglite' ? 10_000 : 20_000;
  for (let i = 0; i < args.n; i += batch) {
    const rows: CustomerJson[] = [];
    for (let k = i; k < Math.min(args.n, i + batch); k += 1) {
      const row = makeCustomer(k, orgs, orgOf);
      rows.push(row);
      if (k % 50 === 7 && row.status !== 'erased')
        withRequests.push({
          id: row.id,
          accountNumber: row.account_number,
          name: row.name,
          email: row.email,
          country: row.country,
          plan: row.plan,
          signupAt: new Date(row.signup_at),
          birthYear: row.birth_year,
          status: row.status as CustomerRow['status'],
        });
    }
    await insertJson(conn, 'customers', customerColumns, rows);
    if ((i + batch) % 100_000 === 0 || i + batch >= args.n)
      process.stdout.write(`  ${Math.min(args.n, i + batch)} customers (${elapsed()})\n`);
  }

  const requestCount = Math.round(args.n / 25);
  const generator = makeRequests(
    {
      seed,
      customers: withRequests.length,
      requests: requestCount,
      now,
      spanDays: 730,
      officerIds: officer ? [officer.id] : [],
      timeline: 'full',
    },
    withRequests,
    2000,
  );
  let next = generator.next();
  let events = 0;
  while (!next.done) {
    const b = next.value;
    await db.insert(requests).values(b.requests);
    await db.insert(requestSearchTerms).values(b.search);
    for (let i = 0; i < b.clock.length; i += 3000)
      await db.insert(requestClockEvents).values(b.clock.slice(i, i + 3000));
    for (let i = 0; i < b.events.length; i += 3000)
      await db.insert(requestEvents).values(b.events.slice(i, i + 3000));
    events += b.events.length;
    next = generator.next();
  }
  for (const [year, last] of next.value) await db.insert(requestReferenceCounters).values({ year, last });
  process.stdout.write(`${requestCount} requests, ${events} timeline events (${elapsed()})\n`);

  // What autovacuum would have done after a bulk load (statistics, and the visibility map for index-only
  // scans): PGlite has none, and this machine's PostgreSQL runs without it.
  await db.execute(sql`vacuum analyze`);
  const [stats] = await conn.query(
    `select count(*)::int as n,
       count(*) filter (where status = 'deletion_pending')::int as pending,
       count(*) filter (where status = 'erased')::int as erased,
       count(distinct name)::int as names,
       count(*) filter (where organisation_id is not null)::int as in_orgs,
       count(*) filter (where birth_year > extract(year from now()) - 16)::int as minors
     from customers`,
  );
  process.stdout.write(
    `Generated ${String(stats?.n)} customers (${String(stats?.names)} distinct names, ${String(stats?.in_orgs)} in organisations, ${String(stats?.minors)} minors, ${String(stats?.pending)} deletion pending, ${String(stats?.erased)} erased) on ${conn.kind} in ${elapsed()}\n`,
  );
} finally {
  await conn.close();
}
