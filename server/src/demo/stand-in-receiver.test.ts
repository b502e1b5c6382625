import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, signatureHeader } from '../integrations/webhooks/erasure-webhook.js';
import { createSecretBox } from '../lib/tokens.js';
import { demoStandInSecret } from './seed-demo.js';
import { standInHoldings, standInReceiver, type StandInLedger } from './stand-in-receiver.js';

/**
 * The stand-in's exports (issue 15, item 5: "it serves exports too"): what the access work will collect from
 * a webhook system, signed and keyed like the erasure calls, fictional and the same on every call.
 */
const secretBox = createSecretBox('stand-in-test-secret-stand-in-test-secret');
const now = new Date('2027-03-01T10:00:00.000Z');
const ledger: StandInLedger = { deliveries: 0, effects: new Map(), callbacks: [], modes: new Map() };
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(standInReceiver({ secretBox, now: () => now, ledger }));
});
afterAll(() => app.close());

const subject = { accountNumber: 'SYN-100042', email: 'ana@example.com' };

function exportCall(opts: { key?: string; secret?: string; body?: string } = {}) {
  const body = opts.body ?? JSON.stringify({ id: 'line-1', request: 'DSR-2027-000001', subject });
  const secret = opts.secret ?? demoStandInSecret(secretBox, 'payments');
  return app.inject({
    method: 'POST',
    url: '/stand-in/payments/export',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': opts.key ?? 'export-1',
      [signatureHeader]: signBody(secret, Math.floor(now.getTime() / 1000), body),
    },
    payload: body,
  });
}

describe('the stand-in’s exports', () => {
  it('answers a signed export with what it holds of the subject, the same on a repeated call', async () => {
    const first = await exportCall();
    expect(first.statusCode).toBe(200);
    const answer = first.json<{ id: string; status: string; records: unknown[] }>();
    expect(answer).toMatchObject({ id: 'line-1', status: 'completed' });
    expect(answer.records).toEqual(standInHoldings('payments', subject));
    expect(answer.records.length).toBeGreaterThanOrEqual(1);
    expect(answer.records.length).toBeLessThanOrEqual(3);
    expect(answer.records[0]).toMatchObject({ category: 'payment_data', provided: true });
    const again = await exportCall();
    expect(again.json()).toEqual(answer);
    expect(ledger.exports?.get('export-1')).toEqual({ system: 'payments', deliveries: 2 });
    // An export erases nothing: no erasure effect is recorded.
    expect(ledger.effects.size).toBe(0);
  });

  it('refuses a call signed with another secret, without a key, or not an export', async () => {
    expect((await exportCall({ secret: 'not-the-shared-secret-not-the-shared-secret' })).statusCode).toBe(
      401,
    );
    expect((await exportCall({ key: '' })).statusCode).toBe(400);
    expect((await exportCall({ body: '{"id": 7}' })).statusCode).toBe(400);
  });

  it('fails when told to, for the collection’s retry tests', async () => {
    ledger.modes?.set('payments', { mode: 'fail', times: 1 });
    expect((await exportCall({ key: 'export-2' })).statusCode).toBe(503);
    expect((await exportCall({ key: 'export-2' })).statusCode).toBe(200);
  });
});
