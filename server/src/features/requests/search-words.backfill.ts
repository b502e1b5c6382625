import { eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requestSearchTerms, requests } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import { nameWordsOf } from './request-derived.js';

/**
 * Derives the whole-word search column for rows logged before it existed (migration 0007), in batches, at
 * start-up: until a row has its words, a reader who sees names masked cannot find it by name (never the
 * other way round). Idempotent; a crash midway leaves the rest for the next start.
 */
export async function backfillSearchWords(db: Db, log: Logger, batchSize = 2000): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .select({ id: requestSearchTerms.requestId, name: requests.requesterName })
      .from(requestSearchTerms)
      .innerJoin(requests, eq(requests.id, requestSearchTerms.requestId))
      .where(isNull(requestSearchTerms.words))
      .limit(batchSize);
    if (rows.length === 0) break;
    const values = JSON.stringify(rows.map((r) => ({ id: r.id, words: nameWordsOf(r.name) })));
    await db.execute(sql`
      update ${requestSearchTerms} set words = v.words
      from jsonb_to_recordset(${values}::jsonb) as v(id uuid, words text[])
      where ${requestSearchTerms.requestId} = v.id`);
    done += rows.length;
  }
  if (done > 0) log.info({ rows: done }, 'search words derived for earlier requests');
  return done;
}
