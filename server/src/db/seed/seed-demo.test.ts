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
import { customers, requestClockEvents, requestEvents, requests } from '../schema.js';
import { activeLedgersOf, deriveStored } from '../../features/requests/request-clocks.js';
import { dueColumnsOf } from '../../features/requests/request-derived.js';
import { defaultSettings } from '@privdesk/shared';
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

  it('gives some requests clock ledgers: acknowledged, extended, paused (UK, awaiting the requester)', async () => {
    const rows = await app.database.db.select().from(requests);
    const open = rows.filter((r) => (openRequestStatuses as readonly string[]).includes(r.status));
    const states = new Set(open.map((r) => r.clockState));
    expect(states).toEqual(new Set(['initial', 'extended', 'paused']));
    expect(
      open.some(
        (r) => r.regime === 'uk_gdpr' && r.clockState === 'paused' && r.status === 'awaiting_requester',
      ),
    ).toBe(true);
    const kinds = new Set(
      (await app.database.db.select({ kind: requestClockEvents.kind }).from(requestClockEvents)).map(
        (e) => e.kind,
      ),
    );
    for (const kind of ['acknowledged', 'extension_noticed', 'identity_asked', 'identity_received', 'paused'])
      expect(kinds).toContain(kind);
    // The stored dates are exactly what the engine derives from each ledger.
    const ledgers = await activeLedgersOf(
      app.database.db,
      rows.map((r) => r.id),
    );
    const drift = rows.filter((r) => {
      const derived = dueColumnsOf(deriveStored(r, ledgers.get(r.id) ?? [], defaultSettings));
      return derived.effectiveDueOn !== r.effectiveDueOn || derived.clockState !== r.clockState;
    });
    expect(drift).toEqual([]);
  });
});
