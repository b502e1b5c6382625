/**
 * The customer directory's search and the customer page (issue 12, "Measured"), through the services
 * themselves (`searchCustomers`, `getCustomerPage`) as a privacy officer (clear) and a support agent (masked).
 *
 *   npm run bench:customers -- --url postgres://postgres@127.0.0.1:5432/privdesk_customers_1m [--terms 100]
 *   npm run bench:customers -- --pglite bench/.out/customers-pglite [--terms 100]
 *
 * Fill the database first with bench/customers/generate.ts. Each search shape runs once for each of its
 * distinct terms (taken deterministically from the data: accounts spread over the whole directory) as a
 * warm-up, then once more each, timed. Then `EXPLAIN (ANALYZE, BUFFERS)` of every statement the service
 * issued for the shape's term at the 95th percentile — captured from the ORM's logger, replayed with the
 * same parameters in one transaction (with the search's own `set_config` of the trigram thresholds where it
 * set them). Prints the plans (trimmed to the lines that show the indexes) and a Markdown table; writes
 * bench/.out/customers-search-<kind>-<n>.json (per-term times too) and the full plans beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { customerSearchInputSchema, type Role } from '@privdesk/shared';
import { staff } from '../../server/src/db/schema.js';
import { getCustomerPage } from '../../server/src/features/customers/customer-page.js';
import { searchCustomers } from '../../server/src/features/customers/customer-search.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { actorFrom, type ActorDeps } from '../../server/src/lib/service.js';
import { argOf, connect, parseCustomersArgs, type Statement } from './customers-db.js';
import { organisationForms } from './names.js';

const argv = process.argv.slice(2);
const args = parseCustomersArgs(argv, 0);
const TERMS = Number(argOf(argv, 'terms') ?? 100);
const log = createLogger('silent');

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
const f1 = (n: number) => n.toFixed(1);

/** Two neighbouring letters swapped in every word of four letters or more ("Jonh Smiht"). */
function typo(word: string, k: number): string {
  if (word.length < 4) return word;
  for (let step = 0; step < word.length - 2; step += 1) {
    // Never the first letter; where the two letters differ, so the word really changes.
    const j = 1 + ((k + step) % (word.length - 2));
    const a = word[j];
    const b = word[j + 1];
    if (a !== undefined && b !== undefined && a !== b && /\p{L}/u.test(a) && /\p{L}/u.test(b))
      return word.slice(0, j) + b + a + word.slice(j + 2);
  }
  return word;
}

/** First name and surname as people type them: no middle initial. */
function typedName(name: string): string[] {
  return name.split(' ').filter((w) => !/^\p{L}\.$/u.test(w));
}

interface Sample {
  id: string;
  account_number: string;
  name: string;
  email: string;
  org_name: string | null;
}

const conn = await connect(args);
try {
  const [officer] = await conn.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'customers-bench-officer@bench.example'));
  const [agent] = await conn.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'customers-bench-agent@bench.example'));
  if (!officer || !agent) throw new Error('Run bench/customers/generate.ts first.');
  const [{ n = 0, orgs = 0 } = {}] = (await conn.query(
    'select (select count(*)::int from customers) as n, (select count(*)::int from organisations) as orgs',
  )) as { n: number; orgs: number }[];
  const deps = (roles: Role[], staffId: string): ActorDeps => ({
    db: conn.db,
    log,
    now: new Date(),
    actor: actorFrom({ staffId, roles }),
  });
  const officerDeps = deps(['privacy_officer'], officer.id);
  const agentDeps = deps(['support_agent'], agent.id);

  // Active accounts spread evenly over the directory (every step-th in account-number order).
  const samples = (await conn.query(
    `select id, account_number, name, email, org_name from (
       select c.id, c.account_number, c.name, c.email, o.name as org_name,
              row_number() over (order by c.account_number) as rn
       from customers c left join organisations o on o.id = c.organisation_id
       where c.status = 'active') s
     where rn % $1 = 0 order by account_number limit $2`,
    [Math.max(1, Math.floor((n * 0.97) / (TERMS * 2))), TERMS * 2],
  )) as unknown as Sample[];
  const first = samples.slice(0, TERMS);
  const second = samples.slice(TERMS, TERMS * 2);
  const withOrg = samples.filter((s) => s.org_name !== null).slice(0, TERMS);
  const distinct = (terms: string[]) => [...new Set(terms)];

  const shapes: { name: string; who: 'officer' | 'agent'; target: number | null; terms: string[] }[] = [
    {
      name: 'officer: email prefix (6–10 chars)',
      who: 'officer',
      target: 30,
      terms: distinct(first.map((s, k) => s.email.slice(0, 6 + (k % 5)))),
    },
    { name: 'officer: exact email', who: 'officer', target: 10, terms: first.map((s) => s.email) },
    {
      name: 'officer: account number',
      who: 'officer',
      target: 10,
      terms: second.map((s) => s.account_number),
    },
    {
      name: 'officer: account number prefix (SYN-dddd)',
      who: 'officer',
      target: 10,
      terms: distinct(second.map((s) => s.account_number.slice(0, 8))),
    },
    {
      name: 'officer: typo name ("Jonh Smiht")',
      who: 'officer',
      target: 80,
      terms: distinct(
        first.map((s, k) =>
          typedName(s.name)
            .map((w) => typo(w, k))
            .join(' '),
        ),
      ),
    },
    {
      name: 'officer: partial name',
      who: 'officer',
      target: null,
      terms: distinct(
        second.map((s, k) => {
          const [given = '', ...rest] = typedName(s.name);
          const surname = rest.join(' ');
          // A surname's first letters ("fontai"), or a first name and the start of the surname ("gustavo fon").
          return k % 2 === 0
            ? surname.slice(0, 5 + (k % 3))
            : `${given} ${surname.slice(0, 3 + (k % 2))}`.toLowerCase();
        }),
      ),
    },
    {
      name: 'officer: organisation',
      who: 'officer',
      target: null,
      terms: distinct(
        withOrg.map((s, k) => {
          const name = s.org_name ?? '';
          const form = organisationForms.find(([suffix]) => name.endsWith(` ${suffix}`))?.[0];
          const bare = form ? name.slice(0, -form.length - 1) : name;
          // Its first word ("Beacon"), or its name without the legal form ("Beacon Energy", "Rock & Glen").
          return k % 2 === 0 ? (bare.split(' ')[0] ?? '') : bare;
        }),
      ).filter((t) => t.length >= 3),
    },
    { name: 'agent: exact email', who: 'agent', target: 10, terms: second.map((s) => s.email) },
    {
      name: 'agent: account number',
      who: 'agent',
      target: 10,
      terms: first.map((s) => s.account_number),
    },
    {
      name: 'agent: whole name ("John Smith")',
      who: 'agent',
      // Not a typo, but the same search (every typed word close to a word of the name).
      target: 80,
      terms: distinct(second.map((s) => typedName(s.name).join(' '))),
    },
    {
      name: 'agent: typo name ("Jonh Smiht")',
      who: 'agent',
      target: 80,
      terms: distinct(
        second.map((s, k) =>
          typedName(s.name)
            .map((w) => typo(w, k))
            .join(' '),
        ),
      ),
    },
  ];

  process.stdout.write(
    `\n${conn.kind}, ${n} customers, ${orgs} organisations; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n\n`,
  );
  const results: Record<string, unknown>[] = [];
  const plans: string[] = [];
  const trimmedPlans: string[] = [];
  const table: string[] = [
    '| shape | who | terms | results (mean) | p50 | p95 | max | target p95 | statements (p95 term) | indexes in its plans |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];

  /**
   * A plan cut to what shows index use: the plan nodes without their cost estimates, rows removed, heap
   * blocks and the execution time; runs of the same index scan (one per LIKE pattern) folded into one line.
   */
  function trim(lines: readonly string[]): string[] {
    const kept: { key: string; line: string; times: number }[] = [];
    for (const raw of lines) {
      if (
        !/(Scan|Limit|Sort|Nested Loop|Hash|Bitmap(And|Or)|Memoize|Gather|Removed|Heap Blocks|Execution Time)/.test(
          raw,
        )
      )
        continue;
      if (/Sort (Key|Method)|Buckets|Hits:|Cache Key|Cache Mode|Presorted|Worker/.test(raw)) continue;
      const line = raw.replace(/ {2}\(cost=[^)]*\)/, '').slice(0, 150);
      const key = line.replace(/ \(actual[^)]*\)/, '');
      const prev = kept.at(-1);
      if (prev?.key === key) prev.times += 1;
      else kept.push({ key, line, times: 1 });
    }
    return kept.map((k) => (k.times > 1 ? `${k.line} (and ${k.times - 1} more like it)` : k.line));
  }

  /** EXPLAIN (ANALYZE, BUFFERS) of each captured statement, in one transaction rolled back afterwards. */
  async function explain(
    statements: readonly Statement[],
  ): Promise<{ plan: string; trimmed: string; indexes: string[] }> {
    const out: string[] = [];
    const short: string[] = [];
    const indexes = new Set<string>();
    await conn.query('begin');
    try {
      for (const s of statements) {
        const text = s.text.trim();
        if (/^(begin|commit|rollback|savepoint|release)/i.test(text)) continue;
        if (/^select set_config/i.test(text)) {
          await conn.query(text, s.values);
          out.push(`-- ${text} ${JSON.stringify(s.values)}`);
          continue;
        }
        const rows = await conn.query(`explain (analyze, buffers) ${text}`, s.values);
        const lines = rows.map((r) => String(r['QUERY PLAN']));
        for (const line of lines) {
          const m = /(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/.exec(
            line,
          );
          if (m?.[1]) indexes.add(m[1]);
        }
        out.push(`-- ${text}\n-- values: ${JSON.stringify(s.values)}`, ...lines, '');
        const where = / where (.*?)(?: order by | limit |$)/s.exec(text)?.[1] ?? text;
        short.push(`-- where ${where.replace(/\s+/g, ' ').slice(0, 110)}`, ...trim(lines));
      }
    } finally {
      await conn.query('rollback');
    }
    return { plan: out.join('\n'), trimmed: short.join('\n'), indexes: [...indexes] };
  }

  for (const shape of shapes) {
    const d = shape.who === 'officer' ? officerDeps : agentDeps;
    const inputs = shape.terms.map((q) => customerSearchInputSchema.parse({ q, from: 'customer_directory' }));
    for (const input of inputs) await searchCustomers(d, input);
    const times: number[] = [];
    const perTerm: { q: string; ms: number; statements: number; results: number }[] = [];
    let found = 0;
    for (const input of inputs) {
      conn.capture = [];
      const t = performance.now();
      const out = await searchCustomers(d, input);
      const ms = performance.now() - t;
      const issued = conn.capture.filter(
        (s) => !/^(begin|commit|rollback|select set_config)/i.test(s.text.trim()),
      );
      conn.capture = null;
      times.push(ms);
      perTerm.push({ q: input.q, ms, statements: issued.length, results: out.items.length });
      found += out.items.length;
    }
    const sorted = [...times].sort((a, b) => a - b);
    // The plans of the term at the 95th percentile: the one the target is about.
    const atP95 = inputs[times.indexOf(percentile(sorted, 95))] ?? inputs[0];
    if (!atP95) throw new Error(`No terms for ${shape.name}`);
    conn.capture = [];
    await searchCustomers(d, atP95);
    const statements = conn.capture;
    conn.capture = null;
    const { plan, trimmed, indexes } = await explain(statements);
    plans.push(`## ${shape.name}: ${JSON.stringify(atP95.q)} (the p95 term)\n\n${plan}`);
    trimmedPlans.push(`${shape.name}: ${JSON.stringify(atP95.q)} (the p95 term)\n${trimmed}`);
    const row = {
      shape: shape.name,
      who: shape.who,
      terms: inputs.length,
      example: shape.terms.slice(0, 3),
      meanResults: found / inputs.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? Number.NaN,
      // PostgreSQL at a million: the figure for the shape (none for partial names and organisations);
      // PGlite at 100,000: 150 ms each.
      target: conn.kind === 'postgres' ? shape.target : 150,
      statements: statements.filter((s) => !/^(begin|commit|rollback|select set_config)/i.test(s.text.trim()))
        .length,
      indexes,
      slowest: [...perTerm].sort((a, b) => b.ms - a.ms).slice(0, 8),
      perTerm,
    };
    results.push(row);
    const verdict = row.target === null ? '—' : `${row.target} ${row.p95 <= row.target ? '✓' : '✗'}`;
    const line = `| ${row.shape} | ${row.who} | ${row.terms} | ${f1(row.meanResults)} | ${f1(row.p50)} | ${f1(row.p95)} | ${f1(row.max)} | ${verdict} | ${row.statements} | ${indexes.join(', ')} |`;
    table.push(line);
    process.stdout.write(`${line}\n`);
  }

  // The customer page: accounts with requests and without, as an officer; with requests as an agent.
  const withRequests = (await conn.query(
    `select customer_id as id from (select customer_id, count(*) from requests where customer_id is not null
       group by 1 order by customer_id limit $1) s`,
    [TERMS],
  )) as { id: string }[];
  const without = (await conn.query(
    `select c.id from customers c where c.status <> 'erased'
       and not exists (select 1 from requests r where r.customer_id = c.id)
     order by c.account_number offset 1000 limit $1`,
    [TERMS],
  )) as { id: string }[];
  const pages: [string, ActorDeps, { id: string }[]][] = [
    ['customer page: with requests (officer)', officerDeps, withRequests],
    ['customer page: no requests (officer)', officerDeps, without],
    ['customer page: with requests (agent)', agentDeps, withRequests],
  ];
  for (const [name, d, ids] of pages) {
    for (const { id } of ids) await getCustomerPage(d, id);
    const times: number[] = [];
    let listed = 0;
    for (const { id } of ids) {
      const t = performance.now();
      const page = await getCustomerPage(d, id);
      times.push(performance.now() - t);
      listed += page.requests.length;
    }
    const [firstId] = ids;
    if (!firstId) throw new Error(`No accounts for ${name}`);
    conn.capture = [];
    await getCustomerPage(d, firstId.id);
    const statements = conn.capture;
    conn.capture = null;
    const { plan, trimmed, indexes } = await explain(statements);
    plans.push(`## ${name}: ${firstId.id}\n\n${plan}`);
    trimmedPlans.push(`${name}\n${trimmed}`);
    const sorted = [...times].sort((a, b) => a - b);
    const row = {
      shape: name,
      who: d === agentDeps ? 'agent' : 'officer',
      terms: ids.length,
      meanResults: listed / ids.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? Number.NaN,
      target: 30,
      statements: statements.length,
      indexes,
    };
    results.push(row);
    const line = `| ${row.shape} | ${row.who} | ${row.terms} | ${f1(row.meanResults)} requests | ${f1(row.p50)} | ${f1(row.p95)} | ${f1(row.max)} | ${row.target} ${row.p95 <= row.target ? '✓' : '✗'} | ${row.statements} | ${indexes.join(', ')} |`;
    table.push(line);
    process.stdout.write(`${line}\n`);
  }

  mkdirSync('bench/.out', { recursive: true });
  const base = `bench/.out/customers-search-${conn.kind}-${n}`;
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { kind: conn.kind, customers: n, organisations: orgs, at: new Date().toISOString(), results },
      null,
      2,
    ),
  );
  writeFileSync(`${base}-plans.txt`, plans.join('\n\n'));
  process.stdout.write(
    `\nEXPLAIN (ANALYZE, BUFFERS) of each shape's statements (its p95 term), trimmed; in full in ${base}-plans.txt\n\n${trimmedPlans.join('\n\n')}\n`,
  );
  process.stdout.write(`\n${table.join('\n')}\n\nTimes in ms. Written ${base}.json and ${base}-plans.txt.\n`);
} finally {
  await conn.close();
}
