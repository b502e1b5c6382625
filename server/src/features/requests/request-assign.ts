import { eq } from 'drizzle-orm';
import {
  DomainError,
  fieldError,
  isOpenStatus,
  permissionsOf,
  type RequestChangeOutput,
  type requestAssignInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import { staff } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { toChangeOutput, writeRequestChange, type RequestRecord } from './request-change.js';

/** The assignee must be an active staff member who works requests; checked once per call, not per row. */
export async function checkAssignee(db: DbOrTx, assigneeId: string | null): Promise<void> {
  if (assigneeId === null) return;
  const [person] = await db
    .select({ roles: staff.roles, disabledAt: staff.disabledAt })
    .from(staff)
    .where(eq(staff.id, assigneeId));
  if (!person || person.disabledAt !== null)
    throw fieldError('assigneeId', 'Unknown or disabled staff member.');
  if (!permissionsOf(person.roles).includes('requests:work')) {
    throw fieldError('assigneeId', 'Requests can be assigned only to privacy officers.');
  }
}

/** Assigns one request inside the caller's transaction (the bulk action runs it per row). */
export function assignInTx(
  tx: Tx,
  deps: ActorDeps,
  target: { id: string; version: number },
  assigneeId: string | null,
): Promise<RequestRecord> {
  return writeRequestChange(tx, deps, target, (current) => {
    if (!isOpenStatus(current.status)) {
      throw new DomainError('BAD_REQUEST', `${current.reference} is closed: there is nothing to assign.`);
    }
    // Same assignee: nothing changes, so nothing is written or audited.
    if (current.assigneeId === assigneeId) return null;
    return {
      set: { assigneeId },
      events: [{ kind: 'assigned', data: { from: current.assigneeId, to: assigneeId } }],
      audit: (updated) => ({
        action: 'requests.assigned',
        entityType: 'request',
        entityId: current.id,
        before: { assigneeId: current.assigneeId, version: current.version },
        after: { assigneeId, version: updated.version },
      }),
    };
  });
}

export async function assignRequest(
  deps: ActorDeps,
  input: z.output<typeof requestAssignInputSchema>,
): Promise<RequestChangeOutput> {
  await checkAssignee(deps.db, input.assigneeId);
  return deps.db.transaction(async (tx) =>
    toChangeOutput(tx, await assignInTx(tx, deps, input, input.assigneeId)),
  );
}
