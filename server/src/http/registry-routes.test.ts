import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicSubprocessorSchema,
  publicUpcomingChangeSchema,
  registryCsvColumns,
  subprocessorFieldsSchema,
  type PublicRegistry,
  type SubprocessorFieldsInput,
} from '@privdesk/shared';
import { auditEvents, dataSystems, messages, registrySubscribers } from '../db/schema.js';
import { sessionCookieName } from '../features/auth/session.store.js';
import { subscriberLinks } from '../features/registry/registry-subscribers.js';
import {
  activateSubprocessor,
  createSubprocessor,
  retireSubprocessor,
  sendNotice,
} from '../features/registry/registry.service.js';
import { noticeDraft } from '../features/registry/registry.queries.js';
import { actorFrom } from '../lib/service.js';
import { createTestApp, testLog, type TestApp } from '../testing/test-app.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import { loggablePath } from './public-routes.js';
import type { buildServer } from './server.js';

// Issue 14, items 3 and 6: the registry's public list, page and subscription links, and the staff exports.
const DAY = 86_400_000;
const site = { origin: 'http://desk.test', host: 'desk.test' };

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let dist: string;
/** Ids of what the tests made, by the name it was made under. */
const ids = new Map<string, string>();
let replacementDeadline = '';
let replacementNoticeOn = '';

function fields(input: Partial<SubprocessorFieldsInput> & Pick<SubprocessorFieldsInput, 'name'>) {
  return subprocessorFieldsSchema.parse({
    legalName: `${input.name} Ltd`,
    address: `1 Hidden Street, ${input.name} Town (fictional)`,
    contactEmail: `dpo@${input.name.toLowerCase().replace(/[^a-z]/g, '')}.example`,
    category: 'cloud_infrastructure',
    purpose: 'Hosting of the platform',
    services: 'Virtual machines and storage',
    dataCategories: ['contact_details'],
    subjectCategories: ['customer_users'],
    locations: [{ country: 'DE', mechanism: 'none_needed' }],
    ...input,
  });
}

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'privdesk-registry-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Privacy Desk</title>');
  writeFileSync(
    path.join(dist, 'subprocessors.html'),
    '<!doctype html><title>Subprocessors — Syncronis</title>',
  );
  app = await createTestApp();
  server = await testServer(app, { webDist: dist });

  const [platform, tracker] = await app.database.db
    .insert(dataSystems)
    .values([
      {
        key: 'platform_db',
        name: 'Platform database',
        description: 'Accounts',
        dataCategories: ['contact_details'],
      },
      {
        key: 'error_tracker',
        name: 'Error tracker',
        description: 'Crashes',
        dataCategories: ['technical_data'],
      },
    ])
    .returning({ id: dataSystems.id });
  if (!platform || !tracker) throw new Error('data systems not inserted');
  // A confirmed subscriber, so that an emailed notice stays "sent" while its mail waits in the outbox.
  await app.database.db.insert(registrySubscribers).values({
    email: 'confirmed@customer.example',
    status: 'confirmed',
    source: 'staff',
    createdAt: new Date(),
    confirmedAt: new Date(),
  });

  const { staff } = await app.callerAs(['privacy_officer']);
  const deps = {
    db: app.database.db,
    log: testLog,
    now: new Date(),
    actor: actorFrom({ staffId: staff.id, roles: ['privacy_officer'], mfaAt: new Date() }),
  };
  const activate = async (name: string, input: Partial<SubprocessorFieldsInput>) => {
    const created = await createSubprocessor(deps, fields({ ...input, name }));
    const row = await activateSubprocessor(deps, {
      id: created.id,
      version: created.version,
      noObjectionPeriod: true,
      reason: 'Test set-up: no customer data reaches it yet',
    });
    ids.set(name, row.id);
    return row;
  };
  await activate('Cloudy Hosting', {
    locations: [
      { country: 'DE', mechanism: 'none_needed' },
      { country: 'US', mechanism: 'scc', sccModule: 'module_3', sccVersion: 'eu_2021_914' },
    ],
    website: 'https://cloudy.example',
    dpaSignedOn: '2024-01-15',
    dpaUrl: 'https://cloudy.example/secret-dpa.pdf',
    certifications: [{ kind: 'iso_27001', expiresOn: '2030-01-01' }],
    dataSystemIds: [platform.id],
  });
  await activate('alpha Analytics', {
    category: 'analytics',
    purpose: '=HYPERLINK("http://evil.example","Click") | *bold* [link](x)',
    locations: [{ country: 'IE', mechanism: 'none_needed' }],
    dataSystemIds: [platform.id, tracker.id],
  });
  await activate('Bravo Mail', { category: 'email_delivery', purpose: 'Sending the platform’s email' });
  const old = await activate('Old Vendor', { category: 'other' });
  await retireSubprocessor(deps, { id: old.id, version: old.version, reason: 'Contract ended in the test' });

  // A replacement announced by a notice sent another way: its objection window opens at once.
  const replacement = await createSubprocessor(
    deps,
    fields({
      name: 'Newcloud',
      replacesId: ids.get('Cloudy Hosting') ?? null,
      locations: [{ country: 'FR', mechanism: 'none_needed' }],
    }),
  );
  const draft = await noticeDraft(deps, replacement.id);
  const windowed = await sendNotice(deps, {
    id: replacement.id,
    version: replacement.version,
    channel: 'manual',
    subject: draft.subject,
    body: draft.body,
    sentOn: draft.sentOn,
  });
  expect(windowed.status).toBe('objection_window');
  replacementDeadline = draft.objectionDeadline;
  replacementNoticeOn = draft.sentOn;
  ids.set('Newcloud', replacement.id);
  // An addition emailed to subscribers: "notice sent" while its mail waits.
  const addition = await createSubprocessor(
    deps,
    fields({ name: 'Bugsnatch', category: 'error_monitoring', dataSystemIds: [tracker.id] }),
  );
  const emailed = await sendNotice(deps, {
    id: addition.id,
    version: addition.version,
    channel: 'email',
    subject: 'New subprocessor: Bugsnatch',
    body: 'Dear customer, …',
  });
  expect(emailed.status).toBe('notice_sent');
  ids.set('Bugsnatch', addition.id);
  // A proposal nobody was told about.
  ids.set('Quiet Proposal', (await createSubprocessor(deps, fields({ name: 'Quiet Proposal' }))).id);
});

afterAll(async () => {
  await server.close();
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('GET /public/registry.json', () => {
  it('lists the public fields of active subprocessors by name, and the announced changes, nothing else', async () => {
    const res = await server.inject({ method: 'GET', url: '/public/registry.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json<PublicRegistry>();
    expect(body.active.map((s) => s.name)).toEqual(['alpha Analytics', 'Bravo Mail', 'Cloudy Hosting']);
    for (const s of body.active)
      expect(Object.keys(s).sort()).toEqual(Object.keys(publicSubprocessorSchema.shape).sort());
    expect(body.active[2]).toEqual({
      name: 'Cloudy Hosting',
      legalName: 'Cloudy Hosting Ltd',
      category: 'cloud_infrastructure',
      purpose: 'Hosting of the platform',
      countries: ['DE', 'US'],
      mechanisms: ['none_needed', 'scc'],
      website: 'https://cloudy.example',
      activeFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(body.upcoming).toEqual([
      {
        kind: 'addition',
        name: 'Bugsnatch',
        legalName: 'Bugsnatch Ltd',
        category: 'error_monitoring',
        purpose: 'Hosting of the platform',
        countries: ['DE'],
        replaces: null,
        noticeOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        objectionDeadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
      {
        kind: 'replacement',
        name: 'Newcloud',
        legalName: 'Newcloud Ltd',
        category: 'cloud_infrastructure',
        purpose: 'Hosting of the platform',
        countries: ['FR'],
        replaces: 'Cloudy Hosting',
        noticeOn: replacementNoticeOn,
        objectionDeadline: replacementDeadline,
      },
    ]);
    for (const c of body.upcoming)
      expect(Object.keys(c).sort()).toEqual(Object.keys(publicUpcomingChangeSchema.shape).sort());
    // What stays inside: contacts, addresses, DPAs, data systems, certifications, subscribers, proposals, retirees.
    for (const secret of [
      'dpo@',
      'Hidden Street',
      'secret-dpa',
      'platform_db',
      'iso_27001',
      'confirmed@',
      'Quiet Proposal',
      'Old Vendor',
    ])
      expect(res.body).not.toContain(secret);
    expect(body.updatedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('may be cached for five minutes, and answers a revalidation of an unchanged list with 304', async () => {
    const first = await server.inject({ method: 'GET', url: '/public/registry.json' });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"[\w-]+"$/);
    const again = await server.inject({
      method: 'GET',
      url: '/public/registry.json',
      headers: { 'if-none-match': String(tag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(tag);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    const stale = await server.inject({
      method: 'GET',
      url: '/public/registry.json',
      headers: { 'if-none-match': 'W/"something-older"' },
    });
    expect(stale.statusCode).toBe(200);
    // Nothing stored, nothing personal: no cookie is read or set.
    expect(first.headers['set-cookie']).toBeUndefined();
  });
});

describe('GET /subprocessors.md', () => {
  it('gives the same list as Markdown, cacheable, with text that cannot break out of its cell', async () => {
    const res = await server.inject({ method: 'GET', url: '/subprocessors.md' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^W\/"/);
    const md = res.body;
    expect(md).toMatch(/^# Syncronis subprocessors\n/);
    expect(md).toContain(
      '| Cloudy Hosting | Cloudy Hosting Ltd | Cloud infrastructure | Hosting of the platform | Germany (DE), United States (US) | None needed (within the EEA), Standard Contractual Clauses | <https://cloudy.example> |',
    );
    expect(md).toContain(String.raw`| =HYPERLINK("http://evil.example","Click") \| \*bold\* \[link\](x) |`);
    expect(md).toContain('## Upcoming changes');
    expect(md).toContain(`| Replaces Cloudy Hosting | Newcloud | Newcloud Ltd |`);
    expect(md).toContain(`| ${replacementNoticeOn} | ${replacementDeadline} |`);
    expect(md).toContain('| New subprocessor | Bugsnatch |');
    for (const secret of [
      'dpo@',
      'Hidden Street',
      'secret-dpa',
      'platform_db',
      'Quiet Proposal',
      'Old Vendor',
    ])
      expect(md).not.toContain(secret);
    const again = await server.inject({
      method: 'GET',
      url: '/subprocessors.md',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });
});

describe('the public page', () => {
  it('is served at /subprocessors, revalidated; a mail’s link opens the same page, never stored', async () => {
    const page = await server.inject({ method: 'GET', url: '/subprocessors' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('Subprocessors — Syncronis');
    for (const purpose of ['confirm', 'unsubscribe']) {
      const link = await server.inject({
        method: 'GET',
        url: `/subprocessors/${purpose}/00000000-0000-4000-8000-000000000000.${'0'.repeat(40)}`,
      });
      expect(link.statusCode).toBe(200);
      expect(link.body).toContain('Subprocessors — Syncronis');
      expect(link.headers['cache-control']).toBe('no-store');
      expect(link.headers['referrer-policy']).toBe('no-referrer');
    }
    // A strict CSP like every page: the page's script and styles come from its own files.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('keeps a link’s token out of the logs', () => {
    expect(loggablePath('/subprocessors/confirm/abc.def')).toBe('/subprocessors/confirm/[token]');
    expect(loggablePath('/subprocessors/unsubscribe/abc.def')).toBe('/subprocessors/unsubscribe/[token]');
    expect(loggablePath('/subprocessors')).toBe('/subprocessors');
  });
});

let ipCounter = 0;
/** Each call from its own address, so the per-address throttle stays out of tests that are not about it. */
function post(url: string, body: unknown, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  ipCounter += 1;
  return server.inject({
    method: 'POST',
    url,
    headers: { ...site, 'content-type': 'application/json', ...opts.headers },
    remoteAddress: opts.ip ?? `198.51.100.${ipCounter}`,
    payload: JSON.stringify(body),
  });
}

async function subscriberByEmail(email: string) {
  const [row] = await app.database.db
    .select()
    .from(registrySubscribers)
    .where(eq(registrySubscribers.email, email));
  if (!row) throw new Error(`no subscriber ${email}`);
  return row;
}

async function subscriptionMails(to: string) {
  return app.database.db
    .select()
    .from(messages)
    .where(and(eq(messages.toAddress, to), eq(messages.kind, 'registry_subscription')));
}

describe('POST /public/registry/subscribe', () => {
  it('queues the confirmation mail for a new address, and answers every address alike', async () => {
    const answers: unknown[] = [];
    const first = await post('/public/registry/subscribe', {
      email: 'New.Person@Customer.example',
      organisation: 'Customer AG',
    });
    expect(first.statusCode).toBe(202);
    answers.push(first.json());
    const mails = await subscriptionMails('new.person@customer.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ status: 'queued', subject: expect.stringContaining('Confirm') });
    const row = await subscriberByEmail('new.person@customer.example');
    expect(row).toMatchObject({
      status: 'pending',
      source: 'public_page',
      organisationAsGiven: 'Customer AG',
    });
    // Asked again while pending (no second mail within the hour), and for an address already subscribed.
    for (const email of ['new.person@customer.example', 'confirmed@customer.example']) {
      const res = await post('/public/registry/subscribe', { email });
      expect(res.statusCode).toBe(202);
      answers.push(res.json());
    }
    expect(await subscriptionMails('new.person@customer.example')).toHaveLength(1);
    expect(await subscriptionMails('confirmed@customer.example')).toHaveLength(0);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({
      state: 'sent',
      message: expect.stringContaining('If this address can subscribe'),
    });
  });

  it('answers a malformed address field by field, and refuses a call from another site', async () => {
    const bad = await post('/public/registry/subscribe', {
      email: 'not-an-address',
      organisation: 'x'.repeat(201),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: {
        fieldErrors: { email: ['Enter a valid email address.'], organisation: ['At most 200 characters.'] },
      },
    });
    const empty = await post('/public/registry/subscribe', {});
    expect(empty.statusCode).toBe(400);
    expect(Object.keys(empty.json<{ error: { fieldErrors: object } }>().error.fieldErrors)).toEqual([
      'email',
    ]);
    const control = await post('/public/registry/subscribe', { email: 'a\u0000b@example.com' });
    expect(control.statusCode).toBe(400);
    const foreign = await post(
      '/public/registry/subscribe',
      { email: 'someone@example.com' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(foreign.statusCode).toBe(403);
    expect(await subscriptionMails('someone@example.com')).toHaveLength(0);
  });

  it('slows down one address asking too often', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1)
      statuses.push(
        (await post('/public/registry/subscribe', { email: `flood${i}@example.com` }, { ip: '192.0.2.50' }))
          .statusCode,
      );
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });
});

describe('POST /public/registry/confirm and /unsubscribe', () => {
  it('confirms with the mailed link once, refuses a tampered one, and never acts on a GET', async () => {
    await post('/public/registry/subscribe', { email: 'confirm.me@customer.example' });
    const row = await subscriberByEmail('confirm.me@customer.example');
    const links = subscriberLinks(app.config.secretBox, row.id);
    // A mail scanner following the link only loads the page.
    await server.inject({ method: 'GET', url: `/subprocessors/confirm/${links.confirm}` });
    expect((await subscriberByEmail('confirm.me@customer.example')).status).toBe('pending');

    const tampered = `${links.confirm.slice(0, -1)}${links.confirm.endsWith('0') ? '1' : '0'}`;
    const refused = await post('/public/registry/confirm', { token: tampered });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toEqual({ outcome: 'invalid', message: expect.any(String) });
    // The unsubscribe link's signature does not confirm.
    expect((await post('/public/registry/confirm', { token: links.unsubscribe })).json()).toMatchObject({
      outcome: 'invalid',
    });

    const done = await post('/public/registry/confirm', { token: links.confirm });
    expect(done.json()).toEqual({
      outcome: 'confirmed',
      message: expect.stringContaining('You will now receive'),
    });
    expect((await subscriberByEmail('confirm.me@customer.example')).status).toBe('confirmed');
    expect((await post('/public/registry/confirm', { token: links.confirm })).json()).toMatchObject({
      outcome: 'already',
    });
    const audit = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'registry.subscriber_confirmed'), eq(auditEvents.entityId, row.id)));
    expect(audit).toHaveLength(1);

    const short = await post('/public/registry/confirm', { token: 'abc' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { fieldErrors: { token: ['This link is incomplete.'] } } });
  });

  it('answers expired for a confirmation link opened after its days', async () => {
    await post('/public/registry/subscribe', { email: 'too.late@customer.example' });
    const row = await subscriberByEmail('too.late@customer.example');
    const later = await testServer(app, { now: () => new Date(Date.now() + 8 * DAY) });
    try {
      const res = await later.inject({
        method: 'POST',
        url: '/public/registry/confirm',
        headers: { ...site, 'content-type': 'application/json' },
        payload: JSON.stringify({ token: subscriberLinks(app.config.secretBox, row.id).confirm }),
      });
      expect(res.json()).toEqual({ outcome: 'expired', message: expect.stringContaining('work for 7 days') });
    } finally {
      await later.close();
    }
    expect((await subscriberByEmail('too.late@customer.example')).status).toBe('pending');
  });

  it('unsubscribes with the link every notice carries, once', async () => {
    const row = await subscriberByEmail('confirmed@customer.example');
    const { unsubscribe } = subscriberLinks(app.config.secretBox, row.id);
    const res = await post('/public/registry/unsubscribe', { token: unsubscribe });
    expect(res.json()).toEqual({
      outcome: 'unsubscribed',
      message: expect.stringContaining('no more notices'),
    });
    const [after] = await app.database.db
      .select()
      .from(registrySubscribers)
      .where(eq(registrySubscribers.id, row.id));
    expect(after?.status).toBe('unsubscribed');
    expect((await post('/public/registry/unsubscribe', { token: unsubscribe })).json()).toMatchObject({
      outcome: 'already',
    });
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'registry.subscriber_removed'), eq(auditEvents.entityId, row.id)));
    expect(event?.after).toMatchObject({ bySubscriber: true });
  });
});

function exportUrl(format: 'csv' | 'json', filters?: unknown): string {
  const base = `/export/registry.${format}`;
  return filters === undefined ? base : `${base}?input=${encodeURIComponent(JSON.stringify(filters))}`;
}

/** A CSV's records (fields may hold quoted commas and doubled quotes, not line breaks, in these rows). */
function csvRecords(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => {
      const cells: string[] = [];
      const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line)) !== null) {
        const raw = m[1] ?? '';
        cells.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
        if (m[2] === '') break;
      }
      return cells;
    });
}

describe('GET /export/registry.csv and .json', () => {
  it('exports every matching subprocessor with all its fields, in the import’s columns, audited', async () => {
    const { cookie, staffId } = await sessionCookieFor(app, ['support_agent']);
    const res = await server.inject({ method: 'GET', url: exportUrl('csv'), headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="registry-\d{12}\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const [header, ...rows] = csvRecords(res.body);
    expect(header).toEqual([...registryCsvColumns]);
    expect(rows).toHaveLength(7);
    for (const r of rows) expect(r).toHaveLength(registryCsvColumns.length);
    const byName = new Map(rows.map((r) => [r[registryCsvColumns.indexOf('name')], r]));
    const col = (name: string, column: (typeof registryCsvColumns)[number]) =>
      byName.get(name)?.[registryCsvColumns.indexOf(column)];
    expect(col('Cloudy Hosting', 'locations')).toBe('DE:none_needed; US:scc:module_3:eu_2021_914');
    expect(col('Cloudy Hosting', 'certifications')).toBe('iso_27001:2030-01-01');
    expect(col('Cloudy Hosting', 'contact_email')).toBe('dpo@cloudyhosting.example');
    expect(col('Cloudy Hosting', 'dpa_url')).toBe('https://cloudy.example/secret-dpa.pdf');
    expect(col('Cloudy Hosting', 'status')).toBe('active');
    expect(col('alpha Analytics', 'data_systems')).toBe('error_tracker; platform_db');
    expect(col('Newcloud', 'replaces_id')).toBe(ids.get('Cloudy Hosting'));
    expect(col('Newcloud', 'objection_deadline')).toBe(replacementDeadline);
    expect(col('Old Vendor', 'retired_on')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A spreadsheet opening the file runs no formula.
    expect(col('alpha Analytics', 'purpose')).toBe(
      `'=HYPERLINK("http://evil.example","Click") | *bold* [link](x)`,
    );
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"") | *bold* [link](x)"`);
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'registry.exported'), eq(auditEvents.actorId, staffId)));
    expect(event).toMatchObject({ entityType: 'registry', before: null, after: { format: 'csv', rows: 7 } });
  });

  it('takes the table’s filters and order, and gives the same rows as JSON', async () => {
    const { cookie, staffId } = await sessionCookieFor(app, ['auditor']);
    const res = await server.inject({
      method: 'GET',
      url: exportUrl('json', { statuses: ['active'], sort: 'name', direction: 'desc', page: 1, pageSize: 1 }),
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="registry-\d{12}\.json"$/);
    const body = res.json<Array<Record<string, unknown>>>();
    // Paging does not apply: every match.
    expect(body.map((r) => r.name)).toEqual(['Cloudy Hosting', 'Bravo Mail', 'alpha Analytics']);
    expect(body[0]).toMatchObject({
      contactEmail: 'dpo@cloudyhosting.example',
      dataSystems: ['platform_db'],
      locations: [
        { country: 'DE', mechanism: 'none_needed', sccModule: null, sccVersion: null },
        { country: 'US', mechanism: 'scc', sccModule: 'module_3', sccVersion: 'eu_2021_914' },
      ],
      status: 'active',
    });
    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'registry.exported'), eq(auditEvents.actorId, staffId)));
    expect(event?.after).toEqual({ format: 'json', rows: 3 });
    const countries = await server.inject({
      method: 'GET',
      url: exportUrl('csv', { country: 'us' }),
      headers: { cookie },
    });
    expect(
      csvRecords(countries.body)
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['Cloudy Hosting']);
  });

  it('answers 401 without a full session, and 400 with field messages for a bad filter', async () => {
    expect((await server.inject({ method: 'GET', url: exportUrl('csv') })).statusCode).toBe(401);
    expect(
      (
        await server.inject({
          method: 'GET',
          url: exportUrl('json'),
          headers: { cookie: `${sessionCookieName}=forged` },
        })
      ).statusCode,
    ).toBe(401);
    const pending = await sessionCookieFor(app, ['admin'], 'mfa');
    expect(
      (await server.inject({ method: 'GET', url: exportUrl('csv'), headers: { cookie: pending.cookie } }))
        .statusCode,
    ).toBe(401);
    const { cookie } = await sessionCookieFor(app, ['manager']);
    const bad = await server.inject({
      method: 'GET',
      url: exportUrl('csv', { statuses: ['lost'], country: 'XX', sort: 'mood' }),
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: {
        fieldErrors: {
          'statuses.0': [expect.any(String)],
          country: ['Not an ISO 3166 country code (two letters, such as DE or US).'],
          sort: [expect.any(String)],
        },
      },
    });
    const notJson = await server.inject({
      method: 'GET',
      url: '/export/registry.csv?input=%7Bnope',
      headers: { cookie },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({
      error: { fieldErrors: { input: ['The filters are not valid JSON.'] } },
    });
    const refusals = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registry.exported'));
    expect(refusals.every((e) => (e.after as { rows: number }).rows > 0)).toBe(true);
  });
});
