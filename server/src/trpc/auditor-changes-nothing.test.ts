import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission } from '@privdesk/shared';
import { rowsOf } from '../db/client.js';
import { totpCode } from '../lib/totp.js';
import { createTestApp, testPassword, type TestApp } from '../testing/test-app.js';
import { accessMatrix } from './access-matrix.js';
import { appRouter } from './app-router.js';

/**
 * The auditor reads the privacy record and changes nothing of it (issue 9, item 9). What it may change is its
 * own: its session, its saved views of the queue, its read marks, and an audited reveal of a masked
 * requester (which writes an audit event and nothing else). The list is written by hand; a new mutation an
 * auditor can reach fails here until someone decides, on purpose, that it is personal.
 */
const auditorsOwnMutations = [
  'auth.signIn',
  'auth.signOut',
  'auth.setPassword',
  'auth.stepUp',
  'views.create',
  'views.delete',
  'notifications.markRead',
  'requests.revealRequester',
].sort();

/** The privacy record: what a request, a customer, a clock or a setting is. Sessions and views are not in it. */
const recordTables = [
  'requests',
  'request_events',
  'request_clock_events',
  'request_search_terms',
  'customers',
  'settings',
  'jobs',
  'subprocessors',
  'subprocessor_events',
  'subprocessor_objections',
  'registry_subscribers',
  'messages',
] as const;

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
);

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function recordDigest(): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of recordTables) {
    const rows = rowsOf<{ d: string | null; n: number }>(
      await app.database.db.execute(
        sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d, count(*)::int as n
                 from ${table} t`),
      ),
    );
    digest[table] = `${rows[0]?.n ?? 0}:${rows[0]?.d ?? ''}`;
  }
  const staffRows = rowsOf<{ d: string }>(
    await app.database.db.execute(
      sql`select md5(string_agg(concat_ws(',', id, email, name, roles::text, disabled_at), '|' order by id)) as d
          from staff`,
    ),
  );
  digest.staff = staffRows[0]?.d ?? '';
  return digest;
}

describe('the auditor', () => {
  it('reaches no mutation but its own session, views, read marks and audited reveals', () => {
    const reachable = procedures
      .filter(([, procedure]) => procedure._def.type === 'mutation')
      .map(([name]) => name)
      .filter((name) => {
        const access = accessMatrix[name];
        if (access === undefined) throw new Error(`${name} has no row in the access matrix`);
        return (
          access === 'public' ||
          access === 'staff' ||
          (access !== 'pending' && hasPermission(['auditor'], access))
        );
      })
      .sort();
    expect(reachable).toEqual(auditorsOwnMutations);
  });

  it('doing all of them leaves the privacy record as it was', async () => {
    const { caller: officer } = await app.callerAs(['privacy_officer']);
    const request = await officer.requests.create({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Jane Auditee', email: 'jane.auditee@example.com', location: 'DE' },
      description: 'A copy, please.',
    });
    const { caller: auditor, staff: person } = await app.callerAs(['auditor']);
    const before = await recordDigest();

    const view = await auditor.views.create({ name: 'Overdue GDPR', filters: { regime: 'gdpr' } });
    await auditor.views.delete({ id: view.id });
    await auditor.notifications.markRead({ all: true });
    const revealed = await auditor.requests.revealRequester({
      id: request.id,
      reason: 'Sampling for the audit',
    });
    expect(revealed.requesterEmail).toBe('jane.auditee@example.com');
    await auditor.auth.stepUp({ code: await totpCode(person.totpSecret, new Date()) });
    await app.anonymous().auth.signIn({ email: person.email, password: testPassword });
    await auditor.auth.signOut();

    expect(await recordDigest()).toEqual(before);
    // The reveal is on the record as an audit event, not as a change to the request.
    const reveals = rowsOf<{ n: number }>(
      await app.database.db.execute(
        sql`select count(*)::int as n from audit_events where action = 'requests.requester_revealed' and actor_id = ${person.id}`,
      ),
    );
    expect(reveals[0]?.n).toBe(1);
  });
});
