import Fastify from 'fastify';
import type { dataSystems } from '../db/schema.js';
import { demoStandInSecret } from '../demo/seed-demo.js';
import { standInReceiver, type StandInLedger } from '../demo/stand-in-receiver.js';
import type { Caller, TestApp } from './test-app.js';
import { verifyByDocument } from './verification.js';

/**
 * An erasure request logged by this officer, its identity verified by a document and its work started:
 * where a plan can be prepared. For tests whose subject is the plan, not the steps before it.
 */
export async function erasureInProgress(
  officer: Caller,
  opts: { customerId?: string | null; email?: string; receivedAt?: string } = {},
): Promise<{ id: string; reference: string; version: number }> {
  const made = await officer.requests.create({
    type: 'erasure',
    regime: 'gdpr',
    channel: 'email',
    receivedAt: opts.receivedAt ?? '2027-02-26T09:00:00.000Z',
    requester: { name: 'Someone', email: opts.email ?? 'someone@example.com' },
    customerId: opts.customerId ?? null,
  });
  let version = (await officer.requests.transition({ id: made.id, version: made.version, to: 'verifying' }))
    .version;
  version = await verifyByDocument(officer, made.id, version);
  version = (await officer.requests.transition({ id: made.id, version, to: 'in_progress' })).version;
  return { id: made.id, reference: made.reference, version };
}

/**
 * The demo's stand-in subprocessor on a port of its own, judging signatures by the test's clock (a real
 * receiver judges them by its own): the webhook lines' receiver in tests of the erasure's execution.
 */
export async function standInListening(
  app: TestApp,
  ledger: StandInLedger,
  now: () => Date,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const receiver = Fastify();
  await receiver.register(standInReceiver({ secretBox: app.config.secretBox, now, ledger }));
  const origin = await receiver.listen({ port: 0, host: '127.0.0.1' });
  return { origin, close: () => receiver.close() };
}

/** A webhook system of the inventory answered by the stand-in at `origin`, with the secret it derives. */
export function standInSystem(
  app: TestApp,
  origin: string,
  system: Pick<typeof dataSystems.$inferInsert, 'key' | 'name' | 'dataCategories'>,
  at: Date,
): typeof dataSystems.$inferInsert {
  return {
    ...system,
    description: `${system.name}, a subprocessor's system.`,
    connectorKind: 'webhook',
    connector: { kind: 'webhook', url: `${origin}/stand-in/${system.key}/erasure` },
    webhookSecretSealed: app.config.secretBox.seal(demoStandInSecret(app.config.secretBox, system.key)),
    webhookSecretSetAt: at,
  };
}
