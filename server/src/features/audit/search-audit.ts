import { and, arrayContains, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import {
  DomainError,
  maxSearchResultIds,
  notificationKindLabels,
  type CustomerSearchSurface,
  type SearchBurstData,
} from '@privdesk/shared';
import { auditEvents, notifications, staff } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { recordAudit, type AuditEntry } from './audit.writer.js';

/** Enough for a person at work (a caller on the line, a queue to triage); far too few to guess letter by letter. */
export const defaultMaskedSearchesPerMinute = 30;

export type SearchSurface =
  | { action: 'requests.searched'; surface: 'queue' | 'duplicates' }
  | { action: 'customers.searched'; surface: CustomerSearchSurface };

export interface SearchGuard {
  keys: SecretBox;
  perMinute: number;
}

/** The guard as the app is configured: the app secret's keys, the per-minute limit. */
export function searchGuardOf(config: {
  secretBox: SecretBox;
  maskedSearchesPerMinute: number;
}): SearchGuard {
  return { keys: config.secretBox, perMinute: config.maskedSearchesPerMinute };
}

const searchActions = ['requests.searched', 'customers.searched'] as const;

/** The term as it is compared: trimmed and lower-cased, so the same search hashes the same. */
function normalised(term: string): string {
  return term.normalize('NFC').trim().toLowerCase();
}

/**
 * A search or compare by a reader who sees personal data masked: refused beyond `perMinute` searches a
 * minute (per person, counted in the audit log, so restarts and several servers count together), then run,
 * then audited with a keyed hash of the term — never the term — and the ids it returned. Readers who see
 * personal data in clear, and empty terms, pass straight through: the masked-only rules are in the queries
 * themselves (whole words and whole emails, no order by name), this is the record and the brake.
 */
export async function guardedSearch<T>(
  deps: ActorDeps,
  guard: SearchGuard,
  what: SearchSurface & { term: string | null | undefined },
  run: () => Promise<T>,
  idsOf: (out: T) => readonly string[],
): Promise<T> {
  const term = what.term ? normalised(what.term) : '';
  if (deps.actor.can.seeClearPii || term.length === 0) return run();
  const since = new Date(deps.now.getTime() - 60_000);
  const [recent] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorId, deps.actor.staffId),
        inArray(auditEvents.action, [...searchActions]),
        gt(auditEvents.at, since),
      ),
    );
  if ((recent?.n ?? 0) >= guard.perMinute) {
    deps.log.warn(
      { staffId: deps.actor.staffId, surface: what.surface },
      'masked search refused: rate limit',
    );
    await flagBurst(deps, { surface: what.surface, searches: recent?.n ?? 0, perMinute: guard.perMinute });
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `You have searched ${guard.perMinute} times in the last minute. Wait a minute, then search again.`,
    );
  }
  const out = await run();
  const ids = idsOf(out);
  const found = {
    termHash: guard.keys.keyedHash('search-term', term),
    results: ids.length,
    ids: ids.slice(0, maxSearchResultIds),
  };
  const entry: AuditEntry =
    what.action === 'requests.searched'
      ? { action: what.action, entityType: 'request', after: { ...found, surface: what.surface } }
      : { action: what.action, entityType: 'customer', after: { ...found, surface: what.surface } };
  await deps.db.transaction((tx) => recordAudit(tx, originOf(deps.actor), entry, deps.now));
  return out;
}

/** One flag per searcher per hour: a person kept at the limit is one thing for an admin to look at, not sixty. */
const burstFlagWindowMs = 3600_000;

/**
 * A masked reader hit the search limit: every enabled admin gets a notification (who, where, how many —
 * never the terms), and the flag is audited on the searcher's account. The dedupe key makes it once per
 * searcher and hour even when several servers refuse at the same moment.
 */
async function flagBurst(
  deps: ActorDeps,
  burst: { surface: SearchBurstData['surface']; searches: number; perMinute: number },
): Promise<void> {
  const searcherId = deps.actor.staffId;
  const window = Math.floor(deps.now.getTime() / burstFlagWindowMs);
  await deps.db.transaction(async (tx) => {
    const [searcher] = await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, searcherId));
    const admins = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(and(arrayContains(staff.roles, ['admin']), isNull(staff.disabledAt)));
    const data: SearchBurstData = {
      searcher: { id: searcherId, name: searcher?.name ?? 'Unknown' },
      surface: burst.surface,
      searches: burst.searches,
      perMinute: burst.perMinute,
      at: deps.now.toISOString(),
    };
    const flaggedTo: string[] = [];
    for (const admin of admins) {
      const inserted = await tx
        .insert(notifications)
        .values({
          staffId: admin.id,
          kind: 'security.search_burst',
          title: `${notificationKindLabels['security.search_burst']}: ${data.searcher.name}`,
          body: `${data.searcher.name} reached the limit of ${burst.perMinute} masked searches a minute and was refused. Their searches are in the audit log.`,
          data,
          dedupeKey: `security.search_burst:${admin.id}:${searcherId}:${window}`,
          createdAt: deps.now,
        })
        .onConflictDoNothing({ target: notifications.dedupeKey })
        .returning({ id: notifications.id });
      if (inserted.length > 0) flaggedTo.push(admin.id);
    }
    if (flaggedTo.length === 0) return;
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'searches.burst_flagged',
        entityType: 'staff',
        entityId: searcherId,
        after: {
          surface: burst.surface,
          searches: Math.max(1, burst.searches),
          perMinute: burst.perMinute,
          flaggedTo,
        },
      },
      deps.now,
    );
  });
}
