import { maxSearchResultIds, type PiiViewSurface } from '@privdesk/shared';
import type { ActorDeps } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { guardedSearch, searchGuardOf, type SearchSurface } from './search-audit.js';
import { writeViewRow } from './view-log-writer.js';

/** What was seen: where, which records, and (for a search) the term, which is kept only as a keyed hash. */
export interface PiiView {
  surface: PiiViewSurface;
  entityType: 'request' | 'customer' | 'inbound_mail';
  term?: string | null | undefined;
  reason?: string | null | undefined;
}

/**
 * Runs a read that shows personal data in clear and notes who saw which records (product.md §9; issue 9,
 * item 5): the answer leaves only once its access-log row is committed, and a failed write fails the read.
 * One insert into the append-only access log, no chain lock: reads never queue behind each other or behind
 * changes, and the view chainer appends each row to the audit chain within a minute. Readers who see
 * personal data masked are not logged here (they see nothing in clear; their searches are audited by
 * search-audit.ts, their reveals by the reveal itself). A read that shows no record writes nothing: an
 * empty queue page saw nobody.
 *
 * The read itself runs outside any transaction (it is one or a few reads at read committed, which a
 * transaction would not make more consistent), and the rows of views that finish together are committed
 * together (view-log-writer.ts): two round trips and a commit fewer per view than a reading transaction,
 * and one commit for the views of several people at once.
 */
export async function viewLogged<T>(
  deps: ActorDeps,
  keys: SecretBox,
  view: PiiView,
  read: (deps: ActorDeps) => Promise<T>,
  idsOf: (out: T) => readonly string[],
): Promise<T> {
  const out = await read(deps);
  if (!deps.actor.can.seeClearPii) return out;
  const ids = idsOf(out);
  if (ids.length === 0) return out;
  const term = view.term?.normalize('NFC').trim().toLowerCase() ?? '';
  await writeViewRow(deps.db, {
    at: deps.now,
    actorId: deps.actor.staffId,
    ip: deps.actor.ip,
    requestId: deps.actor.requestId,
    surface: view.surface,
    entityType: view.entityType,
    recordIds: ids.slice(0, maxSearchResultIds),
    results: ids.length,
    termHash: term.length > 0 ? keys.keyedHash('search-term', term) : null,
    reason: view.reason ?? null,
  });
  return out;
}

/**
 * A search surface, as every one is wired: for readers who see personal data in clear the results are a
 * logged view; for readers who see it masked the search is rate-limited and audited (search-audit.ts).
 */
export function searchSurface<T>(
  deps: ActorDeps,
  config: { secretBox: SecretBox; maskedSearchesPerMinute: number },
  what: { view: PiiView; search: SearchSurface & { term: string | null | undefined } },
  run: (deps: ActorDeps) => Promise<T>,
  idsOf: (out: T) => readonly string[],
): Promise<T> {
  return viewLogged(
    deps,
    config.secretBox,
    what.view,
    (inner) => guardedSearch(inner, searchGuardOf(config), what.search, () => run(inner), idsOf),
    idsOf,
  );
}
