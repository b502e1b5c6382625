import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, customers } from '../db/schema.js';
import { chainViews } from '../features/audit/view-chainer.js';
import { expectTrpcError } from '../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../testing/test-app.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

// Issue 10, item 6: the auditor finds a request's events by its reference (not its UUID), reads them by
// name, and takes the filtered log away as CSV or JSON, audited.
let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let officer: Caller;
let auditor: Caller;
let reference: string;
let requestId: string;
beforeAll(async () => {
  app = await createTestApp();
  server = await testServer(app);
  ({ caller: officer } = await app.callerAs(['privacy_officer']));
  ({ caller: auditor } = await app.callerAs(['auditor']));
  await app.database.db.insert(customers).values({
    accountNumber: 'SYN-900777',
    name: 'Odile Export',
    email: 'odile@example.fr',
    country: 'FR',
    plan: 'team',
    signupAt: new Date('2025-01-01T00:00:00Z'),
  });
  const created = await officer.requests.create({
    type: 'access',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Odile Export', email: 'odile@example.fr' },
  });
  ({ reference, id: requestId } = created);
  await officer.requests.create({
    type: 'erasure',
    regime: 'gdpr',
    channel: 'email',
    requester: { name: 'Other Person', email: 'other@example.fr' },
  });
  // The officer opens it and pages through the queue: views that name it among others.
  await officer.requests.get({ id: requestId });
  await officer.requests.find({});
  await chainViews(app.database.db);
});
afterAll(async () => {
  await server.close();
  await app.close();
});

describe('the audit log by record', () => {
  it('finds a request’s events by its reference: about it, and views that listed it; rows name it', async () => {
    const page = await auditor.audit.find({ record: ` ${reference.toLowerCase()} ` });
    expect(page.items.map((e) => e.action).sort()).toEqual(['pii.viewed', 'pii.viewed', 'requests.created']);
    const created = page.items.find((e) => e.action === 'requests.created');
    expect(created).toMatchObject({ entityId: requestId, entityLabel: reference });
    // The queue page's view lists both requests; it is found by either.
    const queueView = page.items.find((e) => (e.after as { surface?: string } | null)?.surface === 'queue');
    expect((queueView?.after as { ids: string[] }).ids).toContain(requestId);
  });

  it('refuses a reference that names nothing, and a value that is neither, beside the field', async () => {
    const none = await expectTrpcError(auditor.audit.find({ record: 'DSR-1999-000001' }), 'BAD_REQUEST');
    expect(none.message).toBe('No request has that reference.');
    await expectTrpcError(auditor.audit.find({ record: 'SYN-000000' }), 'BAD_REQUEST', /No customer has/);
    await expectTrpcError(auditor.audit.find({ record: 'jane@example.com' }), 'BAD_REQUEST');
  });
});

describe('GET /export/audit.csv and .json', () => {
  const url = (format: 'csv' | 'json', filters: unknown) =>
    `/export/audit.${format}?input=${encodeURIComponent(JSON.stringify(filters))}`;

  it('streams the filtered log, oldest first, and audits the export before and after', async () => {
    const { cookie, staffId } = await sessionCookieFor(app, ['auditor']);
    const csv = await server.inject({
      method: 'GET',
      url: url('csv', { record: reference }),
      headers: { cookie },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-\d+\.csv"$/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,actor_id,actor,action,action_label,entity_type,entity_id,entity,ip,request_id,reason,before,after,prev_hash,hash',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',requests.created,Request logged,request,');
    expect(lines[1]).toContain(`,${reference},`);
    expect(csv.body).not.toMatch(/odile/i);

    const json = await server.inject({
      method: 'GET',
      url: url('json', { record: reference, action: 'pii.viewed' }),
      headers: { cookie },
    });
    expect(json.statusCode).toBe(200);
    const events = JSON.parse(json.body) as { action: string; actionLabel: string; hash: string }[];
    expect(events.map((e) => [e.action, e.actionLabel])).toEqual([
      ['pii.viewed', 'Personal data viewed'],
      ['pii.viewed', 'Personal data viewed'],
    ]);
    expect(events[0]?.hash).toMatch(/^[0-9a-f]{64}$/);

    const audited = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, staffId), eq(auditEvents.entityType, 'audit_log')));
    expect(audited.map((e) => [e.action, (e.after as { format: string; rows?: number }).format])).toEqual([
      ['audit.export_started', 'csv'],
      ['audit.exported', 'csv'],
      ['audit.export_started', 'json'],
      ['audit.exported', 'json'],
    ]);
    expect(audited[1]?.after).toMatchObject({ rows: 3, complete: true, filters: { record: reference } });
  });

  it('is the auditor’s only: an admin reads the log but does not take it away', async () => {
    const { cookie } = await sessionCookieFor(app, ['admin']);
    const res = await server.inject({ method: 'GET', url: url('csv', {}), headers: { cookie } });
    expect(res.statusCode).toBe(403);
    expect((await server.inject({ method: 'GET', url: url('json', {}) })).statusCode).toBe(401);
  });

  it('refuses bad filters with a field message, before anything is audited', async () => {
    const { cookie, staffId } = await sessionCookieFor(app, ['auditor']);
    for (const [filters, field] of [
      [{ record: 'DSR-1999-000001' }, 'record'],
      [{ from: '2026-03-05', to: '2026-03-01' }, 'to'],
      [{ action: 'nonsense' }, 'action'],
    ] as const) {
      const res = await server.inject({ method: 'GET', url: url('csv', filters), headers: { cookie } });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json<{ error: { fieldErrors: object } }>().error.fieldErrors)).toEqual([field]);
    }
    const bad = await server.inject({
      method: 'GET',
      url: '/export/audit.csv?input=%7Bnot-json',
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
    const audited = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, staffId), eq(auditEvents.entityType, 'audit_log')));
    expect(audited).toEqual([]);
  });
});
