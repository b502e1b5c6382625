import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, queryNameOf, safeError } from '../lib/logger.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

// Issue 9, item 2: on a database error the server logged the failed SQL with every parameter — a requester's
// name and email among them.
const origin = 'http://desk.test';
const json = { 'content-type': 'application/json', origin, host: 'desk.test' };
const name = 'Philippa Quernsworth';
const email = 'p.quernsworth@example.org';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
const lines: string[] = [];

beforeAll(async () => {
  app = await createTestApp();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  server = await testServer(app, { log: createLogger('info', sink) });
});
afterAll(async () => {
  await server.close();
  await app.close();
});

describe('logs', () => {
  it('name a failed query, its code and constraint, never its parameters', async () => {
    // Any insert of a request fails in the database, after the personal data went into the query.
    await app.database.db.execute(
      sql.raw(`create function refuse_request() returns trigger language plpgsql as $$
        begin raise exception 'refused for the test' using errcode = 'P0001'; end $$`),
    );
    await app.database.db.execute(
      sql.raw(
        'create trigger refuse_request before insert on requests for each row execute function refuse_request()',
      ),
    );
    try {
      const { cookie } = await sessionCookieFor(app, ['privacy_officer']);
      const res = await server.inject({
        method: 'POST',
        url: '/trpc/requests.create',
        headers: { ...json, cookie },
        body: JSON.stringify({
          type: 'access',
          regime: 'gdpr',
          channel: 'email',
          requester: { name, email },
        }),
      });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain(email);
    } finally {
      await app.database.db.execute(sql.raw('drop trigger refuse_request on requests'));
      await app.database.db.execute(sql.raw('drop function refuse_request()'));
    }
    const failed = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'procedure failed');
    expect(failed).toMatchObject({
      procedure: 'requests.create',
      err: {
        type: 'DrizzleQueryError',
        message: 'Failed query: insert into "requests"',
        query: 'insert into "requests"',
        cause: { code: 'P0001', message: 'Database error P0001' },
      },
    });
    const all = lines.join('\n');
    expect(all).not.toContain(email);
    expect(all).not.toContain('Quernsworth');
    expect(all).not.toContain('refused for the test');
  });
});

describe('safeError and the redaction net', () => {
  it('keeps what identifies the failure and drops the values', () => {
    const pgError = Object.assign(
      new Error('duplicate key value violates unique constraint "staff_email_key"'),
      {
        code: '23505',
        severity: 'ERROR',
        constraint: 'staff_email_key',
        table: 'staff',
        detail: `Key (email)=(${email}) already exists.`,
      },
    );
    expect(safeError(pgError)).toMatchObject({
      code: '23505',
      constraint: 'staff_email_key',
      table: 'staff',
      message: 'Database error 23505',
    });
    expect(JSON.stringify(safeError(pgError))).not.toContain(email);
    expect(queryNameOf('select "id", "name" from "staff" where "staff"."email" = $1')).toBe('select "staff"');
    expect(queryNameOf('update "requests" set "status" = $1')).toBe('update "requests"');
  });

  it('redacts personal fields in any logged object', () => {
    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk.toString('utf8'));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ input: { requester: { name, email } }, requesterEmail: email, dsrId: 'r-1' }, 'careless');
    log.info({ request: { requesterName: name, id: 'r-2' } }, 'nested');
    const text = out.join('');
    expect(text).not.toContain(email);
    expect(text).not.toContain(name);
    expect(text).toContain('r-1');
    expect(text).toContain('r-2');
  });
});
