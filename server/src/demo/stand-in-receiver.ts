import type { FastifyPluginAsync } from 'fastify';
import { signatureHeader, verifySignature } from '../integrations/webhooks/erasure-webhook.js';
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
  effects: Map<string, { system: string; at: Date }>;
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
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0 || key.length > 100)
        return reply.code(400).send({ error: 'An Idempotency-Key header is required.' });
      opts.ledger.deliveries += 1;
      if (!opts.ledger.effects.has(key)) opts.ledger.effects.set(key, { system, at: opts.now() });
      return reply.send({ status: 'completed', records: 1 });
    });
    // What the stand-in took, for the person trying the demo and for the browser journey: counts and keys.
    app.get('/stand-in/ledger', (_req, reply) =>
      reply.send({
        deliveries: opts.ledger.deliveries,
        effects: [...opts.ledger.effects].map(([key, e]) => ({
          key,
          system: e.system,
          at: e.at.toISOString(),
        })),
      }),
    );
    return Promise.resolve();
  };
}
