import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSearchTerms } from '../../db/schema.js';
import { createTestApp, testLog, type TestApp } from '../../testing/test-app.js';
import { backfillSearchWords } from './search-words.backfill.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('backfillSearchWords', () => {
  it('derives the whole words of names logged before the column existed, once', async () => {
    const { caller } = await app.callerAs(['privacy_officer']);
    const created = await caller.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'José María O’Neill-Ortega', email: 'jm.oneill@example.org' },
    });
    // As a row written before migration 0007 looks.
    await app.database.db.execute(
      sql`update ${requestSearchTerms} set words = null where ${requestSearchTerms.requestId} = ${created.id}`,
    );
    expect(await backfillSearchWords(app.database.db, testLog, 1)).toBe(1);
    const [row] = await app.database.db
      .select({ words: requestSearchTerms.words })
      .from(requestSearchTerms)
      .where(eq(requestSearchTerms.requestId, created.id));
    expect(row?.words).toEqual(['jose', 'maria', 'o', 'neill', 'ortega']);
    expect(await backfillSearchWords(app.database.db, testLog)).toBe(0);
  });
});
