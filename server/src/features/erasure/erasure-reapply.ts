import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { customers, erasureSuppressions } from '../../db/schema.js';
import type { JobContext, JobHandler } from '../../jobs/job-runner.js';
import { erasePlatformAccount } from '../../platform/platform-connector.js';
import type { PlatformDb } from '../../platform/platform-db.js';
import { accounts } from '../../platform/platform.schema.js';
import { recordAudit } from '../audit/audit.writer.js';
import type { PlatformRetentionScope } from '@privdesk/shared';

/** The list a batch reads at a time: the platform is asked about this many account numbers at once. */
const batchSize = 500;

/** An account erased through the platform's connector goes on the suppression list, in the line's transaction. */
export async function suppressAccount(
  tx: Tx,
  entry: {
    accountNumber: string;
    requestId: string;
    erasedAt: Date;
    retained: readonly PlatformRetentionScope[];
  },
): Promise<void> {
  await tx
    .insert(erasureSuppressions)
    .values({ ...entry, retained: [...entry.retained] })
    .onConflictDoNothing();
}

/**
 * CCPA §7022(d): a backup restored after an erasure must not bring the person back. Daily (and once at
 * start-up, when a restore is most likely to have just happened) every suppressed account the platform holds
 * again, not as a tombstone, is erased again, keeping what the original plan kept; each is audited on the
 * account's directory record. Resumable: progress is the last account number done.
 */
export function erasureReapplyJob(services: { platform: PlatformDb | null }): JobHandler {
  return async (ctx: JobContext) => {
    const platform = services.platform;
    if (!platform) return;
    let after = typeof ctx.job.progress?.after === 'string' ? ctx.job.progress.after : '';
    for (;;) {
      const batch = await ctx.db
        .select()
        .from(erasureSuppressions)
        .where(gt(erasureSuppressions.accountNumber, after))
        .orderBy(asc(erasureSuppressions.accountNumber))
        .limit(batchSize);
      if (batch.length === 0) return;
      const back = await platform
        .select({ accountNumber: accounts.accountNumber })
        .from(accounts)
        .where(
          and(
            inArray(
              accounts.accountNumber,
              batch.map((b) => b.accountNumber),
            ),
            isNull(accounts.erasedAt),
          ),
        );
      const restored = new Set(back.map((b) => b.accountNumber));
      for (const entry of batch.filter((b) => restored.has(b.accountNumber))) {
        const now = ctx.now();
        const report = await erasePlatformAccount(platform, {
          accountNumber: entry.accountNumber,
          action: 'delete',
          retain: entry.retained,
          now,
        });
        const rows = report.found
          ? report.tables.reduce((n, t) => n + t.deleted + t.anonymised + t.retained, 0)
          : 0;
        await ctx.db.transaction(async (tx) => {
          await tx
            .update(erasureSuppressions)
            .set({ reappliedAt: now })
            .where(eq(erasureSuppressions.accountNumber, entry.accountNumber));
          const [customer] = await tx
            .select({ id: customers.id })
            .from(customers)
            .where(eq(customers.accountNumber, entry.accountNumber));
          await recordAudit(
            tx,
            { actorId: null, ip: null, requestId: `job:${ctx.job.id}` },
            {
              action: 'erasure.reapplied',
              entityType: 'customer',
              entityId: customer?.id ?? null,
              before: null,
              after: { requestId: entry.requestId, rows },
            },
            now,
          );
        });
        ctx.log.warn(
          { requestId: entry.requestId },
          'a restored account was erased again from the suppression list',
        );
      }
      after = batch.at(-1)?.accountNumber ?? after;
      await ctx.db.transaction((tx) => ctx.checkpoint(tx, { after }));
    }
  };
}
