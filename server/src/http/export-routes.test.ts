import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared';
import { auditEvents } from '../db/schema.js';
import { sessionCookieName } from '../features/auth/session.store.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  app = await createTestApp();
  server = await testServer(app);
  const { caller: officer } = await app.callerAs(['privacy_officer']);
  const base = { type: 'access', regime: 'gdpr', channel: 'email', description: '' } as const;
  await officer.requests.create({ ...base, requester: { name: 'Jane Doe', email: 'jane.doe@example.com' } });
  await officer.requests.create({
    ...base,
    regime: 'ccpa',
    type: 'know',
    requester: { name: '=HYPERLINK("x") Evil, "Quoted"', email: 'evil@example.org' },
  });
  await officer.requests.create({ ...base, requester: { name: 'Third Person', email: 'third@example.net' } });
});
afterAll(async () => {
  await server.close();
  await app.close();
});

function cookieFor(roles: Role[]): Promise<{ cookie: string; staffId: string }> {
  return sessionCookieFor(app, roles);
}

function exportUrl(filters?: unknown): string {
  return filters === undefined
    ? '/export/requests.csv'
    : `/export/requests.csv?input=${encodeURIComponent(JSON.stringify(filters))}`;
}

function rowsOf(body: string): string[] {
  return body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
}

describe('GET /export/requests.csv', () => {
  it('streams every matching row as CSV, in clear for a privacy officer, and audits the export', async () => {
    const { cookie, staffId } = await cookieFor(['privacy_officer']);
    const res = await server.inject({
      method: 'GET',
      url: exportUrl({ regime: 'gdpr' }),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="requests-\d+\.csv"$/);
    const lines = rowsOf(res.body);
    expect(lines[0]).toMatch(
      /^reference,type,regime,channel,status,priority,minor,requester_name,requester_email,requester_masked,/,
    );
    expect(lines).toHaveLength(3);
    expect(res.body).toContain('Jane Doe,jane.doe@example.com,no');
    const audit = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'requests.exported'));
    expect(audit.at(-1)).toMatchObject({
      actorId: staffId,
      after: { rows: 2, complete: true, format: 'csv', filters: { regime: 'gdpr' } },
    });
  });

  it('masks requesters for managers and auditors, and keeps a search term out of the audit log', async () => {
    const { cookie } = await cookieFor(['manager']);
    const res = await server.inject({
      method: 'GET',
      url: exportUrl({ search: 'jane.doe@example.com' }),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const lines = rowsOf(res.body);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('J. D***,j***@e***.com,yes');
    expect(res.body).not.toMatch(/jane/i);
    const audit = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'requests.exported'));
    expect(JSON.stringify(audit.at(-1))).not.toMatch(/jane/i);
    expect(audit.at(-1)?.after).toMatchObject({ rows: 1, filters: { search: '(search term)' } });
    const { cookie: auditorCookie } = await cookieFor(['auditor']);
    const asAuditor = await server.inject({
      method: 'GET',
      url: exportUrl(),
      headers: { cookie: auditorCookie },
    });
    expect(asAuditor.statusCode).toBe(200);
    expect(rowsOf(asAuditor.body)).toHaveLength(4);
    expect(asAuditor.body).not.toMatch(/Jane Doe|evil@/);
  });

  it('quotes fields and defuses spreadsheet formulas', async () => {
    const { cookie } = await cookieFor(['privacy_officer']);
    const res = await server.inject({
      method: 'GET',
      url: exportUrl({ regime: 'ccpa' }),
      headers: { cookie },
    });
    expect(res.body).toContain(`"'=HYPERLINK(""x"") Evil, ""Quoted""",evil@example.org`);
  });

  it('answers 401 without a session, 403 without requests:read, 400 for bad filters', async () => {
    expect((await server.inject({ method: 'GET', url: exportUrl() })).statusCode).toBe(401);
    expect(
      (
        await server.inject({
          method: 'GET',
          url: exportUrl(),
          headers: { cookie: `${sessionCookieName}=forged-token` },
        })
      ).statusCode,
    ).toBe(401);
    const { cookie: agent } = await cookieFor(['support_agent']);
    expect(
      (await server.inject({ method: 'GET', url: exportUrl(), headers: { cookie: agent } })).statusCode,
    ).toBe(403);
    const { cookie } = await cookieFor(['privacy_officer']);
    const bad = await server.inject({
      method: 'GET',
      url: exportUrl({ statuses: ['lost'], sort: 'mood' }),
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { fieldErrors: { 'statuses.0': [expect.any(String)], sort: ['Unknown sort column.'] } },
    });
    const notJson = await server.inject({
      method: 'GET',
      url: '/export/requests.csv?input=%7Bnope',
      headers: { cookie },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({
      error: { fieldErrors: { input: ['The filters are not valid JSON.'] } },
    });
  });
});
