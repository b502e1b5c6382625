import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../features/audit/audit.verify.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { requestReferenceCounters, requests } from '../db/schema.js';
import { demoRequestCount, seedDemo } from './seed-demo.js';
import { drpDemoRequestCount } from './drp-demo.js';

// The seed replays through the services, whose rules refuse a date in the future or a ledger entry out of
// order: a first start just after midnight UTC on New Year's Day (when Los Angeles is still in the old year
// and the reference counter starts again) must seed as well as one at noon.
const seededAt = new Date('2027-01-01T00:20:00Z');
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await seedDemo(app.database.db, app.config.secretBox, seededAt);
}, 120_000);
afterAll(() => app.close());

describe('the demo seed, first started at 00:20 UTC on 1 January 2027', () => {
  it('logs every request, numbered per year of logging, and its audit chain verifies', async () => {
    const { db } = app.database;
    const [counts] = await db
      .select({
        n: sql<number>`count(*)::int`,
        latest: sql<string>`max(${requests.loggedAt})::text`,
      })
      .from(requests);
    expect(counts?.n).toBe(demoRequestCount + drpDemoRequestCount);
    // Nothing is logged after the instant the seed ran.
    expect(new Date(counts?.latest ?? '').getTime()).toBeLessThanOrEqual(seededAt.getTime());
    const years = await db.select().from(requestReferenceCounters);
    expect(years.map((y) => y.year).sort()).toEqual([2026]);
    expect(years.reduce((n, y) => n + y.last, 0)).toBe(demoRequestCount + drpDemoRequestCount);
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });
});
