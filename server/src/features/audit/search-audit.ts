import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { DomainError, maxSearchResultIds } from '@privdesk/shared';
import { auditEvents } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { recordAudit, type AuditEntry } from './audit.writer.js';

/** Enough for a person at work (a caller on the line, a queue to triage); far too few to guess letter by letter. */
export const defaultMaskedSearchesPerMinute = 30;

export type SearchSurface =
  | { action: 'requests.searched'; surface: 'queue' | 'duplicates' }
  | { action: 'customers.searched'; surface: 'customer_picker' };

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
