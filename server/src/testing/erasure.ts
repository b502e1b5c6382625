import type { Caller } from './test-app.js';
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
