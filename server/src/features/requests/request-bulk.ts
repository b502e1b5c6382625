import { and, asc, eq } from 'drizzle-orm';
import {
  DomainError,
  maxBulkRows,
  type bulkMatchingSchema,
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
import { readSettings } from '../settings/settings.store.js';
import { dueColumn, filterConditions, type QueueScope } from './requests.queries.js';

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
      // A change writer that finds nothing to change writes nothing: the version it read stands.
      const unchanged = updated.version === item.version;
      results.push({
        id: item.id,
        reference: updated.reference,
        ok: true,
        version: updated.version,
        ...(unchanged ? { unchanged: true } : {}),
      });
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
  const unchanged = results.filter((r) => r.ok && r.unchanged === true).length;
  const failed = results.filter((r) => !r.ok).length;
  return { results, succeeded: results.length - unchanged - failed, unchanged, failed };
}

/**
 * The rows a bulk change names: the selection as sent, or every request matching the queue's filters now —
 * exactly as many as the person confirmed, or nothing is done. Each is then changed with the version read
 * here, so a request changed since is refused on its own row.
 */
async function targetsOf(
  deps: ActorDeps,
  input: { items?: Item[] | undefined; matching?: z.output<typeof bulkMatchingSchema> | undefined },
): Promise<Item[]> {
  if (input.items) return input.items;
  const matching = input.matching;
  if (!matching) throw new DomainError('BAD_REQUEST', 'Choose the requests to change.');
  const settings = await readSettings(deps.db, deps.log);
  const scope: QueueScope = {
    staffId: deps.actor.staffId,
    now: deps.now,
    handlings: Object.values(settings.handling),
    search: deps.actor.can.seeClearPii ? 'prefix' : 'whole',
  };
  const conditions = filterConditions(matching.filters, scope);
  const rows = await deps.db
    .select({ id: requests.id, version: requests.version })
    .from(requests)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(dueColumn), asc(requests.id))
    .limit(maxBulkRows + 1);
  if (rows.length !== matching.count) {
    const now = rows.length > maxBulkRows ? `more than ${maxBulkRows}` : String(rows.length);
    throw new DomainError(
      'CONFLICT',
      `${now} ${rows.length === 1 ? 'request matches' : 'requests match'} these filters now, not the ${matching.count} you confirmed: nothing was changed. Look at the queue again, then confirm the new number.`,
    );
  }
  return rows;
}

export async function bulkAssignRequests(
  deps: ActorDeps,
  input: z.output<typeof requestBulkAssignInputSchema>,
): Promise<RequestBulkOutput> {
  // A bad assignee is wrong for every row alike: that is a field error, not a row error.
  await checkAssignee(deps.db, input.assigneeId);
  const items = await targetsOf(deps, input);
  return forEachRow(deps, items, (tx, item) => assignInTx(tx, deps, item, input.assigneeId));
}

export async function bulkTransitionRequests(
  deps: ActorDeps,
  input: z.output<typeof requestBulkTransitionInputSchema>,
): Promise<RequestBulkOutput> {
  const { items: selected, matching, ...move } = input;
  const items = await targetsOf(deps, { items: selected, matching });
  return forEachRow(deps, items, (tx, item) => transitionInTx(tx, deps, item, move));
}
