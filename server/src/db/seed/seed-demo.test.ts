import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openRequestStatuses,
  queueToday,
  regimes,
  requestChannels,
  requestStatuses,
  requestTypes,
} from '@privdesk/shared';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { customers, requestEvents, requests } from '../schema.js';
import { demoCustomerCount, demoRequestCount, seedDemo } from './seed-demo.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await seedDemo(app.database.db, app.config.secretBox);
});
afterAll(() => app.close());

describe('the demo seed', () => {
  it('ships a few hundred requests over every type, regime, channel and status, with timelines', async () => {
    const rows = await app.database.db.select().from(requests);
    expect(rows).toHaveLength(demoRequestCount);
    expect(new Set(rows.map((r) => r.reference)).size).toBe(demoRequestCount);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(requestTypes));
    expect(new Set(rows.map((r) => r.regime))).toEqual(new Set(regimes));
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(requestChannels));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(requestStatuses));
    const [events] = await app.database.db
      .select({ n: sql<number>`count(distinct ${requestEvents.requestId})::int` })
      .from(requestEvents);
    expect(events?.n).toBe(demoRequestCount);
    const [directory] = await app.database.db
      .select({
        n: sql<number>`count(*)::int`,
        minors: sql<number>`count(*) filter (where ${customers.birthYear} > extract(year from now()) - 16)::int`,
      })
      .from(customers);
    expect(directory).toMatchObject({ n: demoCustomerCount });
    expect(directory?.minors).toBeGreaterThan(0);
  });

  it('has requests due soon and overdue', async () => {
    const today = queueToday(new Date());
    const open = (await app.database.db.select().from(requests)).filter((r) =>
      (openRequestStatuses as readonly string[]).includes(r.status),
    );
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 5 * 86_400_000).toISOString().slice(0, 10);
    expect(open.filter((r) => r.companyDueOn < today).length).toBeGreaterThan(0);
    expect(open.filter((r) => r.companyDueOn >= today && r.companyDueOn <= soon).length).toBeGreaterThan(0);
  });
});
