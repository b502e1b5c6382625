import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { signBody, signatureHeader, verifySignature } from '../integrations/webhooks/erasure-webhook.js';
import type { SecretBox } from '../lib/tokens.js';
import { demoStandInSecret } from './seed-demo.js';

/**
 * The demo's stand-in subprocessor (issue 15, item 5): answers the inventory's webhooks on this server, so an
 * erasure runs end to end on `npm start` with nothing else. It checks each call's signature and age with the
 * secret it shares with us (derived from the app secret, as the seed's), erases nothing real, and dedupes by
 * idempotency key: a repeated call is answered as the first was, and both are counted.
 */
export interface StandInLedger {
  /** Every call that passed the signature check, repeats included. */
  deliveries: number;
  /** Distinct idempotency keys: the effects a real receiver would have had. */
  effects: Map<string, { system: string; at: Date; deliveries: number; done?: boolean }>;
  /** The callbacks it sent for accepted calls, and how our endpoint answered each (a replay: 409). */
  callbacks: { key: string; status: number }[];
  /** Status questions about accepted calls (`{"type":"status"}`), answered from `effects`. */
  statusQueries?: number;
  /** Export calls that passed the signature check, by idempotency key (the access work's collection). */
  exports?: Map<string, { system: string; deliveries: number }>;
  /** How a system's next calls are answered (`POST /stand-in/<system>/mode`); normal when unset. */
  modes?: Map<string, { mode: StandInMode; times: number }>;
}

/**
 * What the stand-in can be told to do, for the retry and refusal tests and for trying the demo: refuse with a
 * 503, accept (202) and answer later by signed callback, answer that callback twice (a replay), sign it
 * with the wrong secret, or accept and never call back (only a status question learns that it is done).
 */
export const standInModes = ['normal', 'fail', 'delay', 'twice', 'bad_signature', 'silent'] as const;
export type StandInMode = (typeof standInModes)[number];

const callSchema = z.object({ id: z.string().min(1).max(100), callbackUrl: z.url() });
const statusSchema = z.object({ type: z.literal('status'), id: z.string().min(1).max(100) });
const exportSchema = z.object({
  id: z.string().min(1).max(100),
  subject: z.object({ accountNumber: z.string().max(40).nullable(), email: z.string().max(320) }),
});

/** A small number from a string, the same every time: the stand-in's fictional holdings of a subject. */
function seedOf(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/**
 * What the stand-in "holds" of a subject, for an export: a few fictional records of the kind its system
 * keeps, derived from the account number (or email) so that a repeated export answers the same. Nothing of
 * it is real, and none of it is the subject's personal data beyond the identifiers the call carried.
 */
export interface StandInRecord {
  category: string;
  /** Given by the person (a card, an address), as against observed (events): what portability covers. */
  provided: boolean;
  data: Record<string, string | number>;
}

export function standInHoldings(
  system: string,
  subject: { accountNumber: string | null; email: string },
): StandInRecord[] {
  const seed = seedOf(`${system}:${subject.accountNumber ?? subject.email}`);
  const count = 1 + (seed % 3);
  return Array.from({ length: count }, (_, i): StandInRecord => {
    const n = (seed >>> (i * 3)) % 1000;
    const day = `2026-${String(1 + ((seed >>> i) % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    switch (system) {
      case 'payments':
        return {
          category: 'payment_data',
          provided: true,
          data: { card: `•••• ${String(1000 + n).slice(-4)}`, addedOn: day },
        };
      case 'error_monitoring':
        return { category: 'technical_data', provided: false, data: { event: `error-${n}`, seenOn: day } };
      case 'product_analytics':
        return {
          category: 'usage_data',
          provided: false,
          data: { event: 'workspace_opened', count: n, on: day },
        };
      default:
        return { category: 'contact_details', provided: true, data: { email: subject.email, since: day } };
    }
  });
}

const modeSchema = z.strictObject({
  mode: z.enum(standInModes),
  times: z.int().min(1).max(1000).default(1),
});

/** The body as JSON, or undefined when it is not (then the schema says what is wrong). */
function jsonOf(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Takes one use of a system's mode (then back to normal when used up). */
function takeMode(ledger: StandInLedger, system: string): StandInMode {
  const set = ledger.modes?.get(system);
  if (!set) return 'normal';
  if (set.times <= 1) ledger.modes?.delete(system);
  else set.times -= 1;
  return set.mode;
}

/** The stand-in's signed answer to an accepted call, to the callback URL the call named. */
async function answerLater(
  callbackUrl: string,
  secret: string,
  answer: { id: string; status: 'completed'; records: number },
  now: () => Date,
): Promise<number> {
  const body = JSON.stringify(answer);
  const response = await fetch(callbackUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [signatureHeader]: signBody(secret, Math.floor(now().getTime() / 1000), body),
    },
    body,
  });
  return response.status;
}

export function standInReceiver(opts: {
  secretBox: SecretBox;
  now: () => Date;
  ledger: StandInLedger;
}): FastifyPluginAsync {
  return (app) => {
    // The body's exact bytes are what the signature covers: keep them as sent.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    app.post<{ Params: { system: string } }>('/stand-in/:system/erasure', async (req, reply) => {
      const system = req.params.system;
      const body = typeof req.body === 'string' ? req.body : '';
      const header = req.headers[signatureHeader];
      const verdict = verifySignature(
        demoStandInSecret(opts.secretBox, system),
        typeof header === 'string' ? header : undefined,
        body,
        opts.now(),
      );
      if (!verdict.ok) return reply.code(401).send({ error: `Signature refused: ${verdict.reason}.` });
      // A status question about a call taken earlier: answered from what was done, nothing changes.
      const question = statusSchema.safeParse(jsonOf(body));
      if (question.success) {
        opts.ledger.statusQueries = (opts.ledger.statusQueries ?? 0) + 1;
        const taken = opts.ledger.effects.get(question.data.id);
        if (!taken || taken.system !== system) return reply.code(404).send({ status: 'unknown' });
        return reply.send(taken.done ? { status: 'completed', records: 1 } : { status: 'pending' });
      }
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0 || key.length > 100)
        return reply.code(400).send({ error: 'An Idempotency-Key header is required.' });
      opts.ledger.deliveries += 1;
      const effect = opts.ledger.effects.get(key);
      if (effect) effect.deliveries += 1;
      else opts.ledger.effects.set(key, { system, at: opts.now(), deliveries: 1 });
      const mode = takeMode(opts.ledger, system);
      const taken = opts.ledger.effects.get(key);
      if (mode === 'fail') return reply.code(503).send({ error: 'The stand-in was told to fail.' });
      if (mode === 'normal' || taken?.done) {
        if (taken) taken.done = true;
        return reply.send({ status: 'completed', records: 1 });
      }
      if (mode === 'silent') {
        // Erased, and never said so: only a status question finds out.
        if (taken) taken.done = true;
        return reply.code(202).send({ status: 'accepted' });
      }
      const call = callSchema.safeParse(jsonOf(body));
      if (!call.success) return reply.code(400).send({ error: 'Not an erasure call.' });
      const secret =
        mode === 'bad_signature'
          ? 'not-the-shared-secret-not-the-shared-secret'
          : demoStandInSecret(opts.secretBox, system);
      const answer = { id: call.data.id, status: 'completed' as const, records: 1 };
      // Accepted now, answered a moment later (after this answer has reached the caller), once or twice.
      setTimeout(() => {
        void (async () => {
          if (taken) taken.done = true;
          const first = await answerLater(call.data.callbackUrl, secret, answer, opts.now);
          opts.ledger.callbacks.push({ key, status: first });
          if (mode === 'twice') {
            const second = await answerLater(call.data.callbackUrl, secret, answer, opts.now);
            opts.ledger.callbacks.push({ key, status: second });
          }
        })().catch(() => undefined);
      }, 300).unref();
      return reply.code(202).send({ status: 'accepted' });
    });
    // Exports (for the access work): signed and keyed as erasure calls are; answers what it "holds".
    app.post<{ Params: { system: string } }>('/stand-in/:system/export', async (req, reply) => {
      const system = req.params.system;
      const body = typeof req.body === 'string' ? req.body : '';
      const header = req.headers[signatureHeader];
      const verdict = verifySignature(
        demoStandInSecret(opts.secretBox, system),
        typeof header === 'string' ? header : undefined,
        body,
        opts.now(),
      );
      if (!verdict.ok) return reply.code(401).send({ error: `Signature refused: ${verdict.reason}.` });
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0 || key.length > 100)
        return reply.code(400).send({ error: 'An Idempotency-Key header is required.' });
      const call = exportSchema.safeParse(jsonOf(body));
      if (!call.success) return reply.code(400).send({ error: 'Not an export call.' });
      opts.ledger.exports ??= new Map();
      const seen = opts.ledger.exports.get(key);
      if (seen) seen.deliveries += 1;
      else opts.ledger.exports.set(key, { system, deliveries: 1 });
      if (takeMode(opts.ledger, system) === 'fail')
        return reply.code(503).send({ error: 'The stand-in was told to fail.' });
      return reply.send({
        id: call.data.id,
        status: 'completed',
        records: standInHoldings(system, call.data.subject),
      });
    });
    app.post<{ Params: { system: string } }>('/stand-in/:system/mode', (req, reply) => {
      const parsed = modeSchema.safeParse(jsonOf(req.body));
      if (!parsed.success) return reply.code(400).send({ error: `Give a mode: ${standInModes.join(', ')}.` });
      opts.ledger.modes ??= new Map();
      if (parsed.data.mode === 'normal') opts.ledger.modes.delete(req.params.system);
      else opts.ledger.modes.set(req.params.system, { mode: parsed.data.mode, times: parsed.data.times });
      return reply.send({ system: req.params.system, ...parsed.data });
    });
    // What the stand-in took, for the person trying the demo and for the browser journey: counts and keys.
    app.get('/stand-in/ledger', (_req, reply) =>
      reply.send({
        deliveries: opts.ledger.deliveries,
        callbacks: opts.ledger.callbacks,
        effects: [...opts.ledger.effects].map(([key, e]) => ({
          key,
          system: e.system,
          at: e.at.toISOString(),
          deliveries: e.deliveries,
        })),
      }),
    );
    return Promise.resolve();
  };
}
