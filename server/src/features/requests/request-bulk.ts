import { eq } from 'drizzle-orm';
import {
  DomainError,
  type RequestBulkOutput,
  type requestBulkAssignInputSchema,
  type requestBulkTransitionInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { assignInTx, checkAssignee } from './request-assign.js';
import type { RequestRecord } from './request-change.js';
import { transitionInTx } from './request-moves.js';

type Item = { id: string; version: number };

/** Each row in its own transaction: one row's failure is that row's answer, never the whole call's. */
async function forEachRow(
  deps: ActorDeps,
  items: Item[],
  change: (tx: Tx, item: Item) => Promise<RequestRecord>,
): Promise<RequestBulkOutput> {
  const results: RequestBulkOutput['results'] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    try {
      const updated = await deps.db.transaction((tx) => change(tx, item));
      results.push({ id: item.id, reference: updated.reference, ok: true, version: updated.version });
    } catch (error) {
      if (!(error instanceof DomainError)) deps.log.error({ err: error, dsrId: item.id }, 'bulk row failed');
      const message =
        error instanceof DomainError ? error.message : 'Something went wrong on our side with this row.';
      const [ref] = await deps.db
        .select({ reference: requests.reference })
        .from(requests)
        .where(eq(requests.id, item.id));
      results.push({ id: item.id, reference: ref?.reference ?? null, ok: false, error: message });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

export async function bulkAssignRequests(
  deps: ActorDeps,
  input: z.output<typeof requestBulkAssignInputSchema>,
): Promise<RequestBulkOutput> {
  // A bad assignee is wrong for every row alike: that is a field error, not a row error.
  await checkAssignee(deps.db, input.assigneeId);
  return forEachRow(deps, input.items, (tx, item) => assignInTx(tx, deps, item, input.assigneeId));
}

export async function bulkTransitionRequests(
  deps: ActorDeps,
  input: z.output<typeof requestBulkTransitionInputSchema>,
): Promise<RequestBulkOutput> {
  const { items, ...move } = input;
  return forEachRow(deps, items, (tx, item) => transitionInTx(tx, deps, item, move));
}
