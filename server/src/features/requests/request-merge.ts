import { and, asc, eq, inArray } from 'drizzle-orm';
import { DomainError, isOpenStatus, type requestMergeInputSchema } from '@privdesk/shared';
import type { z } from 'zod';
import { requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { updateRequestReceivedAt } from './clock-ledger.service.js';
import { writeRequestChange } from './request-change.js';
import { transitionInTx } from './request-moves.js';

/**
 * Merges a duplicate into the open request it repeats (product.md §3, issue 13 item 3), in one
 * transaction: both rows locked in id order (two merges the other way round cannot deadlock); the same
 * requester (email or linked account) and type, both open; the survivor's receipt moved to the duplicate's
 * when that was earlier (through the receipt correction, so its clocks are derived again and the change is on
 * its ledger); the survivor's timeline and audit name the duplicate; the duplicate denied with reason
 * `duplicate` and linked to the survivor, through the lifecycle move. Nothing of the duplicate's
 * verification is carried over: the survivor is verified on its own.
 */
export async function mergeRequest(deps: ActorDeps, input: z.output<typeof requestMergeInputSchema>) {
  if (input.id === input.intoId) {
    throw new DomainError('BAD_REQUEST', 'A request cannot be merged into itself.', {
      intoId: ['Choose another request.'],
    });
  }
  return deps.db.transaction(async (tx) => {
    const both = await tx
      .select()
      .from(requests)
      .where(inArray(requests.id, [input.id, input.intoId]))
      .orderBy(asc(requests.id))
      .for('update');
    const dup = both.find((r) => r.id === input.id);
    const into = both.find((r) => r.id === input.intoId);
    if (!dup || !into) throw new DomainError('NOT_FOUND', 'No request with this id.');
    const sameRequester =
      dup.requesterEmail === into.requesterEmail ||
      (dup.customerId !== null && dup.customerId === into.customerId);
    if (!sameRequester || dup.type !== into.type) {
      throw new DomainError(
        'BAD_REQUEST',
        `${dup.reference} is not a duplicate of ${into.reference}: a duplicate comes from the same requester (email or account) for the same type of request.`,
      );
    }
    if (!isOpenStatus(into.status)) {
      throw new DomainError('BAD_REQUEST', `${into.reference} is closed: merge into an open request.`);
    }
    const deps2 = { ...deps, db: tx };
    let intoVersion = input.intoVersion;
    let receivedAt = into.receivedAt;
    if (dup.receivedAt.getTime() < into.receivedAt.getTime()) {
      const moved = await updateRequestReceivedAt(deps2, {
        id: into.id,
        version: intoVersion,
        receivedAt: dup.receivedAt.toISOString(),
        reason: `${dup.reference}, received earlier, was merged into this request: its clocks run from that receipt.`,
      });
      intoVersion = moved.version;
      receivedAt = dup.receivedAt;
    }
    const survivor = await writeRequestChange(tx, deps, { id: into.id, version: intoVersion }, (current) => ({
      set: {},
      events: [
        { kind: 'merged', data: { otherId: dup.id, otherReference: dup.reference, side: 'survivor' } },
      ],
      audit: (u) => ({
        action: 'requests.merged',
        entityType: 'request',
        entityId: current.id,
        before: { version: current.version },
        after: { version: u.version, mergedId: dup.id, mergedReference: dup.reference },
      }),
    }));
    const merged = await transitionInTx(
      tx,
      deps,
      { id: dup.id, version: input.version },
      { to: 'denied', reasonCode: 'duplicate', explanation: input.explanation },
      {
        set: { mergedIntoId: into.id },
        events: [
          { kind: 'merged', data: { otherId: into.id, otherReference: into.reference, side: 'duplicate' } },
        ],
      },
    );
    // The merge holds both: a survivor closed or changed meanwhile was refused above by its version.
    const [check] = await tx
      .select({ id: requests.id })
      .from(requests)
      .where(and(eq(requests.id, merged.id), eq(requests.mergedIntoId, into.id)));
    if (!check) throw new Error('merge link not written');
    return {
      merged: { id: merged.id, version: merged.version },
      into: { id: survivor.id, version: survivor.version, receivedAt: receivedAt.toISOString() },
    };
  });
}
