import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { piiAccessLog } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import { recordAudit } from './audit.writer.js';

/** Rows chained per transaction: the chain's lock is held for one batch, not for a whole backlog. */
const batchSize = 200;
/** How often the access log is chained: a view reaches the audit chain well within a minute. */
export const viewChainIntervalMs = 15_000;

/**
 * Appends the access log's unchained rows to the audit chain, oldest first, as `pii.viewed` events dated
 * at the view, and notes each event's seq on its row — in one transaction per batch, so a crash midway
 * leaves rows either chained with their event or untouched, and `skip locked` lets two servers chain at
 * once without doing a row twice. Returns how many rows it chained.
 */
export async function chainViews(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const chained = await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(piiAccessLog)
        .where(isNull(piiAccessLog.chainedSeq))
        .orderBy(asc(piiAccessLog.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      for (const row of rows) {
        const seq = await recordAudit(
          tx,
          { actorId: row.actorId, ip: row.ip, requestId: row.requestId },
          {
            action: 'pii.viewed',
            entityType: row.entityType,
            entityId: row.recordIds.length === 1 ? (row.recordIds[0] ?? null) : null,
            reason: row.reason,
            after: {
              accessId: row.id,
              surface: row.surface,
              results: row.results,
              ids: row.recordIds,
              ...(row.termHash ? { termHash: row.termHash } : {}),
            },
          },
          row.at,
        );
        await tx.update(piiAccessLog).set({ chainedSeq: seq }).where(eq(piiAccessLog.id, row.id));
      }
      return rows.length;
    });
    total += chained;
    if (chained < batchSize) return total;
  }
}

export interface ViewChainer {
  /** Stops the schedule and chains what is left (at shutdown, before the database closes). */
  stop(): Promise<void>;
}

export function startViewChainer(db: Db, log: Logger, everyMs = viewChainIntervalMs): ViewChainer {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const chained = await chainViews(db);
        if (chained > 0) log.debug({ chained }, 'views chained into the audit log');
      } catch (error) {
        // The rows stay unchained and the next tick tries again; nothing is lost.
        log.error({ err: error }, 'chaining views failed');
      }
    });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      tick();
      await running;
    },
  };
}
