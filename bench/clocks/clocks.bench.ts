/**
 * Throughput of the legal-clock engine (shared/src/clocks) over a realistic nightly-job mix.
 *
 *   cd /work/main && npx tsx bench/clocks/clocks.bench.ts [callsPerRun]
 *
 * Builds a deterministic pool of inputs (seeded PRNG): regimes weighted like a mostly-EU/US customer
 * base, the calendars each regime is handled in, receipt dates across 2024–2027, and ledgers from empty
 * to extended / paused / acknowledged. Checks every input computes without error, warms up, then times
 * 5 runs and prints the median calls per second.
 */
import { performance } from 'node:perf_hooks';
import {
  computeClocks,
  regimeTable,
  tryComputeClocks,
  type ClockEvent,
  type ClockInput,
  type Regime,
  type RequestType,
} from '../../shared/src/clocks/index.js';

const CALLS_PER_RUN = Number(process.argv[2] ?? 200_000);
const POOL_SIZE = 20_000;
const RUNS = 5;

// Mulberry32: small, fast, deterministic.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20250903);
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
};
function weighted<T>(entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('empty list');
  return last[0];
}

const regimeMix: readonly (readonly [Regime, number])[] = [
  ['gdpr', 30],
  ['uk_gdpr', 15],
  ['ccpa', 25],
  ['lgpd', 8],
  ['vcdpa', 7],
  ['cpa', 5],
  ['pipeda', 5],
  ['quebec', 5],
];
const calendarsByRegime: Record<Regime, readonly string[]> = {
  gdpr: ['IE', 'DE', 'FR', 'NL', 'ES', 'IT', 'DE-BY'],
  uk_gdpr: ['GB-ENG', 'GB-SCT', 'GB-WLS', 'GB-NIR'],
  ccpa: ['US-CA'],
  lgpd: ['BR'],
  vcdpa: ['US-VA'],
  cpa: ['US-CO'],
  pipeda: ['CA-ON', 'CA-BC', 'CA-AB'],
  quebec: ['CA-QC'],
};

const DAY_MS = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const DAYS = 4 * 365 + 1; // 2024-01-01 … 2027-12-31
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function makeInput(): ClockInput {
  const regime = weighted(regimeMix);
  const rules = regimeTable[regime].rules;
  const rule = pick(rules);
  const type: RequestType = pick(rule.types);
  const calendar = pick(calendarsByRegime[regime]);
  const receivedMs = START + Math.floor(random() * DAYS) * DAY_MS;
  const on = (days: number): string => iso(receivedMs + days * DAY_MS);
  const events: ClockEvent[] = [];
  const ledger = weighted([
    ['empty', 45],
    ['acknowledged', 20],
    ['extension', 12],
    ['identity', 12],
    ['identity_open', 4],
    ['clarification_and_pause', 5],
    ['busy', 2],
  ] as const);
  const canExtend = rule.extension !== null;
  switch (ledger) {
    case 'empty':
      break;
    case 'acknowledged':
      events.push({ kind: 'acknowledged', on: on(Math.floor(random() * 12)) });
      break;
    case 'extension':
      if (canExtend)
        events.push({
          kind: 'extension_noticed',
          on: on(5 + Math.floor(random() * 20)),
          reason: 'complex request',
        });
      break;
    case 'identity': {
      const asked = Math.floor(random() * 5);
      events.push({ kind: 'identity_received', on: on(asked + 1 + Math.floor(random() * 10)) });
      events.push({ kind: 'identity_asked', on: on(asked) }); // unsorted on purpose
      break;
    }
    case 'identity_open':
      events.push({ kind: 'identity_asked', on: on(Math.floor(random() * 10)) });
      break;
    case 'clarification_and_pause':
      events.push({ kind: 'clarification_asked', on: on(2) });
      events.push({ kind: 'clarification_received', on: on(6) });
      events.push({ kind: 'paused', on: on(8), reason: 'awaiting legal advice' });
      events.push({ kind: 'resumed', on: on(11) });
      break;
    case 'busy':
      events.push({ kind: 'acknowledged', on: on(1) });
      events.push({ kind: 'identity_asked', on: on(1) });
      events.push({ kind: 'clarification_asked', on: on(3) });
      events.push({ kind: 'identity_received', on: on(5) });
      events.push({ kind: 'clarification_received', on: on(9) });
      if (canExtend) events.push({ kind: 'extension_noticed', on: on(14), reason: 'many systems' });
      break;
  }
  const settings = regime === 'gdpr' && random() < 0.3 ? { euPauseEnabled: true } : undefined;
  return { regime, type, receivedOn: iso(receivedMs), calendar, events, ...(settings ? { settings } : {}) };
}

const pool: ClockInput[] = Array.from({ length: POOL_SIZE }, makeInput);

// Every input must be valid: a benchmark of thrown errors would measure the wrong thing.
let extended = 0;
let paused = 0;
for (const input of pool) {
  const outcome = tryComputeClocks(input);
  if (!outcome.ok) throw new Error(`bench input refused: ${outcome.error.message} ${JSON.stringify(input)}`);
  if (outcome.result.statutory.state === 'extended') extended += 1;
  if (outcome.result.paused || outcome.result.pausedDays > 0) paused += 1;
}

let sink = 0;
function run(calls: number): number {
  const t0 = performance.now();
  for (let i = 0; i < calls; i += 1) {
    const input = pool[i % POOL_SIZE];
    if (input === undefined) continue;
    const result = computeClocks(input);
    sink += result.effective.dueOn.charCodeAt(9) + result.explanation.length;
  }
  return calls / ((performance.now() - t0) / 1000);
}

run(Math.min(CALLS_PER_RUN, 50_000)); // warm-up (JIT, holiday caches already filled by the check above)
const rates: number[] = [];
for (let i = 0; i < RUNS; i += 1) rates.push(run(CALLS_PER_RUN));
const sorted = [...rates].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;

const fmtRate = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  `computeClocks — pool of ${POOL_SIZE} inputs (${extended} extended, ${paused} with pauses), ${CALLS_PER_RUN} calls per run`,
);
console.log(`runs (calls/s): ${rates.map(fmtRate).join(', ')}`);
console.log(
  `median: ${fmtRate(median)} calls/s (${(1e6 / median).toFixed(2)} µs per call; 100,000 calls ≈ ${((100_000 / median) * 1000).toFixed(0)} ms)`,
);
if (sink === 0) console.log('(sink)');
