import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../lib/totp.js';
import { createTestApp, testPassword, type TestApp } from '../testing/test-app.js';
import { testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
const origin = 'http://desk.test';
const json = { 'content-type': 'application/json', origin, host: 'desk.test' };

beforeAll(async () => {
  app = await createTestApp();
  server = await testServer(app, { bodyLimitBytes: 64 * 1024 });
});
afterAll(async () => {
  await server.close();
  await app.close();
});

describe('operations endpoints', () => {
  it('answers /healthz and /readyz with migrations applied', async () => {
    expect((await server.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await server.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('sends security headers with a strict script policy', async () => {
    const res = await server.inject('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('bad requests get clear 4xx answers', () => {
  it('refuses a mutation from another site, or with no Origin', async () => {
    const body = JSON.stringify({ email: 'a@b.example', password: 'x' });
    const cross = await server.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { ...json, origin: 'https://evil.example' },
      body,
    });
    expect(cross.statusCode).toBe(403);
    const none = await server.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json', host: 'desk.test' },
      body,
    });
    expect(none.statusCode).toBe(403);
  });

  it('answers field-level errors for bad input', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      body: JSON.stringify({ email: 'nope', password: '' }),
    });
    expect(res.statusCode).toBe(400);
    const error = res.json<{ error: { message: string; data: { fieldErrors: Record<string, string[]> } } }>()
      .error;
    expect(error.message).toBe('Some fields need attention.');
    expect(error.data.fieldErrors).toEqual({
      email: ['Enter a valid email address.'],
      password: ['Enter your password.'],
    });
  });

  it('answers 404 for unknown procedures and routes, and 413 for oversized bodies, without stack traces', async () => {
    const unknown = await server.inject({ method: 'GET', url: '/trpc/nope.nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).not.toMatch(/at .*\.js:\d+/);
    expect((await server.inject('/no/such/thing.png')).statusCode).toBe(404);
    const big = await server.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      body: JSON.stringify({ email: 'x'.repeat(100_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({ error: { message: 'The request body is too large.' } });
    const malformed = await server.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      body: '{not json',
    });
    expect(malformed.statusCode).toBeGreaterThanOrEqual(400);
    expect(malformed.statusCode).toBeLessThan(500);
  });
});

describe('personal data is never cached', () => {
  it('answers the API and the exports with Cache-Control: no-store', async () => {
    const me = await server.inject({ method: 'GET', url: '/trpc/auth.me' });
    expect(me.headers['cache-control']).toBe('no-store');
    const csv = await server.inject({ method: 'GET', url: '/export/requests.csv' });
    expect(csv.statusCode).toBe(401);
    expect(csv.headers['cache-control']).toBe('no-store');
  });
});

describe('the session cookie', () => {
  it('is __Host- prefixed, Secure and Path=/ when served over https', async () => {
    const secure = await testServer(app, { secureCookies: true });
    try {
      const person = await app.addStaff(['auditor']);
      const signIn = await secure.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: json,
        body: JSON.stringify({ email: person.email, password: testPassword }),
      });
      expect(signIn.statusCode).toBe(200);
      const setCookie = String(signIn.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-pd_session=[\w-]+;/);
      expect(setCookie).toMatch(/; Secure/i);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      // The unprefixed name is not read there: a cookie set by another host cannot stand in.
      const cookie = (setCookie.split(';')[0] ?? '').replace('__Host-', '');
      const me = await secure.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });
      expect(me.json()).toMatchObject({ result: { data: { state: 'signed_out', staff: null } } });
    } finally {
      await secure.close();
    }
  });

  it('is httpOnly and SameSite=Strict, and carries the sign-in through MFA', async () => {
    const person = await app.addStaff(['auditor']);
    const signIn = await server.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      body: JSON.stringify({ email: person.email, password: testPassword }),
    });
    expect(signIn.statusCode).toBe(200);
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/pd_session=[\w-]+/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] ?? '';

    const code = await totpCode(person.totpSecret, new Date());
    const verified = await server.inject({
      method: 'POST',
      url: '/trpc/auth.verifyMfa',
      headers: { ...json, cookie },
      body: JSON.stringify({ code }),
    });
    expect(verified.statusCode).toBe(200);
    const active = String(verified.headers['set-cookie']).split(';')[0] ?? '';
    expect(active).not.toBe(cookie);

    const me = await server.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie: active } });
    expect(me.json()).toMatchObject({ result: { data: { state: 'active' } } });
    const audit = await server.inject({
      method: 'GET',
      url: '/trpc/audit.find?input=%7B%7D',
      headers: { cookie: active },
    });
    expect(audit.statusCode).toBe(200);
    const stale = await server.inject({
      method: 'GET',
      url: '/trpc/audit.find?input=%7B%7D',
      headers: { cookie },
    });
    expect(stale.statusCode).toBe(401);
  });
});
