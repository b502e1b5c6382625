import { eq } from 'drizzle-orm';
import { DomainError, type requestAddNoteInputSchema, type TimelineEvent } from '@privdesk/shared';
import type { z } from 'zod';
import { requestEvents, requests } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { refuseIfScrubbed } from './request-change.js';
import { staffNames } from './requests.queries.js';

/**
 * A note appends to the timeline and changes no field of the request: it needs no version and cannot
 * overwrite anything, so it takes no writer's lock (the writer's lock and version check are for changes).
 */
export async function addRequestNote(
  deps: ActorDeps,
  input: z.output<typeof requestAddNoteInputSchema>,
): Promise<TimelineEvent> {
  const { actor, now } = deps;
  return deps.db.transaction(async (tx) => {
    // A key-share lock: notes do not queue behind each other or behind a plain update, only behind a
    // writer's lock — so a note waits for a retention scrub of the request in flight and is then refused.
    const [current] = await tx.select().from(requests).where(eq(requests.id, input.id)).for('key share');
    if (!current) throw new DomainError('NOT_FOUND', 'No request with this id.');
    refuseIfScrubbed(current);
    const [event] = await tx
      .insert(requestEvents)
      .values({
        requestId: current.id,
        at: now,
        actorId: actor.staffId,
        kind: 'note',
        data: { text: input.text },
      })
      .returning();
    if (!event) throw new Error('note insert returned nothing');
    await recordAudit(
      tx,
      originOf(actor),
      {
        action: 'requests.note_added',
        entityType: 'request',
        entityId: current.id,
        after: { eventId: event.id },
      },
      now,
    );
    const names = await staffNames(tx, [actor.staffId]);
    return {
      id: event.id,
      at: now.toISOString(),
      actor: { id: actor.staffId, name: names.get(actor.staffId) ?? '' },
      kind: 'note',
      text: input.text,
    };
  });
}
