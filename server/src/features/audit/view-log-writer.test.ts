import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { piiAccessLog } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { writeViewRow } from './view-log-writer.js';

let app: TestApp;
let actorId: string;
beforeAll(async () => {
  app = await createTestApp();
  ({
    staff: { id: actorId },
  } = await app.callerAs(['privacy_officer']));
});
afterAll(() => app.close());

const row = (reason: string, actor = actorId) => ({
  at: new Date('2026-12-03T09:00:00Z'),
  actorId: actor,
  ip: null,
  requestId: null,
  surface: 'queue' as const,
  entityType: 'request' as const,
  recordIds: [],
  results: 1,
  termHash: null,
  reason,
});

describe('the access log’s group commit', () => {
  it('commits the first row at once and the rows that arrive meanwhile in one insert, each resolved once stored', async () => {
    const db = app.database.db;
    const insert = vi.spyOn(db, 'insert');
    const inserts = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((r) => writeViewRow(db, row(`group-${r}`))),
    ).then(
      () => insert.mock.calls.length,
      () => -1,
    );
    insert.mockRestore();
    expect(inserts).toBe(2);
    const rows = await db.select().from(piiAccessLog).orderBy(asc(piiAccessLog.id));
    expect(rows.map((r) => r.reason)).toEqual(['group-a', 'group-b', 'group-c', 'group-d', 'group-e']);
  });

  it('fails only the row the database refuses; the others of its batch are stored', async () => {
    const db = app.database.db;
    const results = await Promise.allSettled([
      writeViewRow(db, row('alone')),
      writeViewRow(db, row('good-1')),
      writeViewRow(db, row('bad', '00000000-0000-4000-8000-000000000000')),
      writeViewRow(db, row('good-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await db.select().from(piiAccessLog).orderBy(asc(piiAccessLog.id));
    expect(rows.map((r) => r.reason).slice(5)).toEqual(['alone', 'good-1', 'good-2']);
  });
});
