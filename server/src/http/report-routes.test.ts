import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared';
import { auditEvents, requests } from '../db/schema.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

/** Issue 18, item 3: the dashboard's figures, the §7102 metrics and the §7101 log as audited downloads. */
let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let withdrawnId: string;

beforeAll(async () => {
  app = await createTestApp();
  server = await testServer(app);
  const { caller: officer } = await app.callerAs(['privacy_officer']);
  const base = { type: 'access', regime: 'gdpr', channel: 'email', description: '' } as const;
  await officer.requests.create({ ...base, requester: { name: 'Jane Doe', email: 'jane.doe@example.com' } });
  const know = await officer.requests.create({
    ...base,
    regime: 'ccpa',
    type: 'know',
    channel: 'web_form',
    requester: { name: 'Evil Name', email: 'evil@example.org' },
  });
  const withdrawn = await officer.requests.transition({
    id: know.id,
    version: know.version,
    to: 'withdrawn',
    note: 'The requester wrote to withdraw it.',
  });
  withdrawnId = withdrawn.id;
});
afterAll(async () => {
  await server.close();
  await app.close();
});

function cookieFor(roles: Role[]): Promise<{ cookie: string; staffId: string }> {
  return sessionCookieFor(app, roles);
}

function url(path: string, input?: unknown): string {
  return input === undefined ? path : `${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

function lines(body: string): string[] {
  return body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
}

async function auditOf(action: 'reports.exported' | 'reports.export_started') {
  return app.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));
}

describe('closing stamps when and on which day', () => {
  it('the closing move sets closed_at and closed_on where the request is handled', async () => {
    const [row] = await app.database.db
      .select({ closedAt: requests.closedAt, closedOn: requests.closedOn, updatedAt: requests.updatedAt })
      .from(requests)
      .where(eq(requests.id, withdrawnId));
    expect(row?.closedAt?.toISOString()).toBe(row?.updatedAt.toISOString());
    // A CCPA request: the day in Los Angeles.
    expect(row?.closedOn).toBe(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(
        row?.closedAt ?? new Date(),
      ),
    );
    const open = await app.database.db
      .select({ closedAt: requests.closedAt })
      .from(requests)
      .where(inArray(requests.status, ['received']));
    expect(open.map((r) => r.closedAt)).toEqual([null]);
  });
});

describe('GET /export/dashboard.csv', () => {
  it('gives a manager every figure as rows, and audits it', async () => {
    const { cookie, staffId } = await cookieFor(['manager']);
    const res = await server.inject({
      method: 'GET',
      url: url('/export/dashboard.csv', {}),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="dashboard-\d+\.csv"$/);
    const rows = lines(res.body);
    expect(rows[0]).toBe('section,figure,breakdown,count,percent_of,percent');
    expect(rows).toContain('open now,open,all,1,,');
    expect(rows).toContain('answered,answered,all,0,,');
    const audit = await auditOf('reports.exported');
    expect(audit.at(-1)).toMatchObject({
      actorId: staffId,
      entityType: 'report',
      after: { report: 'dashboard', format: 'csv', parameters: {}, complete: true },
    });
  });

  it('refuses an officer (no reports:export) and a reversed period, by field', async () => {
    const officer = await cookieFor(['privacy_officer']);
    const refused = await server.inject({
      method: 'GET',
      url: url('/export/dashboard.csv', {}),
      headers: { cookie: officer.cookie },
    });
    expect(refused.statusCode).toBe(403);
    const { cookie } = await cookieFor(['auditor']);
    const before = (await auditOf('reports.exported')).length;
    const bad = await server.inject({
      method: 'GET',
      url: url('/export/dashboard.csv', { from: '2026-09-30', to: '2026-07-01' }),
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { fieldErrors: { to: ['End the period on or after its start.'] } },
    });
    expect(await auditOf('reports.exported')).toHaveLength(before);
  });
});

describe('GET /export/ccpa-7102.csv', () => {
  it('one row per CCPA type, for the year asked', async () => {
    const { cookie } = await cookieFor(['auditor']);
    const year = new Date().getUTCFullYear();
    const res = await server.inject({
      method: 'GET',
      url: url('/export/ccpa-7102.csv', { year }),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const rows = lines(res.body);
    expect(rows[0]).toBe(
      'year,request_type,received,complied_in_whole_or_in_part,denied,open,median_days_to_respond,mean_days_to_respond',
    );
    // know, delete, correct, opt out of sale/sharing, limit use of sensitive PI.
    expect(rows).toHaveLength(6);
    // The withdrawn request was received, and neither complied with nor denied.
    expect(rows).toContain(`${year},know,1,0,0,0,,`);
    expect((await auditOf('reports.exported')).at(-1)).toMatchObject({
      after: { report: 'ccpa_7102', parameters: { year }, rows: 5 },
    });
  });

  it('refuses a missing year', async () => {
    const { cookie } = await cookieFor(['manager']);
    const res = await server.inject({
      method: 'GET',
      url: url('/export/ccpa-7102.csv', {}),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(400);
    const body: { error: { fieldErrors: Record<string, string[]> } } = res.json();
    expect(Object.keys(body.error.fieldErrors)).toEqual(['year']);
  });
});

describe('GET /export/request-log.csv', () => {
  it('the §7101 log: date, nature, manner, response — and no requester', async () => {
    const { cookie, staffId } = await cookieFor(['manager']);
    const res = await server.inject({
      method: 'GET',
      url: url('/export/request-log.csv', {}),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const rows = lines(res.body);
    expect(rows[0]).toBe(
      'reference,date_of_request,regime,nature_of_request,manner_made,date_of_response,nature_of_response,basis_for_denial',
    );
    expect(rows).toHaveLength(3);
    expect(
      rows.some((r) => /,ccpa,know,Web form,\d{4}-\d{2}-\d{2},Withdrawn by the requester,$/.test(r)),
    ).toBe(true);
    expect(rows.some((r) => r.endsWith(',gdpr,access,Email,,Open: Received,'))).toBe(true);
    expect(res.body).not.toMatch(/Jane|jane\.doe|evil@/i);
    const started = (await auditOf('reports.export_started')).at(-1);
    const ended = (await auditOf('reports.exported')).at(-1);
    expect(started).toMatchObject({ actorId: staffId, after: { report: 'request_log', parameters: {} } });
    expect(ended).toMatchObject({ after: { report: 'request_log', rows: 2, complete: true } });
    expect((ended?.after as { exportId: string }).exportId).toBe(
      (started?.after as { exportId: string }).exportId,
    );
  });

  it('narrows to a regime and a period', async () => {
    const { cookie } = await cookieFor(['manager']);
    const res = await server.inject({
      method: 'GET',
      url: url('/export/request-log.csv', { regime: 'ccpa', from: '2020-01-01' }),
      headers: { cookie },
    });
    expect(lines(res.body)).toHaveLength(2);
    const none = await server.inject({
      method: 'GET',
      url: url('/export/request-log.csv', { to: '2020-12-31' }),
      headers: { cookie },
    });
    expect(lines(none.body)).toHaveLength(1);
  });

  it('refuses a support agent', async () => {
    const { cookie } = await cookieFor(['support_agent']);
    const res = await server.inject({
      method: 'GET',
      url: url('/export/request-log.csv', {}),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(403);
  });
});
