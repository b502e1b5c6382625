import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, passwordTokens, sessions, staff } from '../../db/schema.js';
import { totpCode } from '../../lib/totp.js';
import { hashToken } from '../../lib/tokens.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { CookieJar, createTestApp, testPassword, type TestApp } from '../../testing/test-app.js';
import { resolveSession } from './session.store.js';
import { maxFailuresPerAccountAndSource } from './sign-in-throttle.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ allowDemoSignIn: false });
});
afterAll(() => app.close());

async function sessionFor(jar: CookieJar, now = new Date()) {
  return resolveSession(app.database.db, app.config, jar.token ?? undefined, now);
}

describe('auth.signIn → auth.verifyMfa', () => {
  it('signs in with password then TOTP, rotating the token, and audits it', async () => {
    const person = await app.addStaff(['privacy_officer']);
    const jar = new CookieJar();
    const result = await app.anonymous({ jar }).auth.signIn({ email: person.email, password: testPassword });
    expect(result).toEqual({ next: 'mfa' });
    const pending = await sessionFor(jar);
    expect(pending?.state).toBe('mfa');
    const pendingToken = jar.token;

    // A pending session is not a signed-in one.
    await expectTrpcError(app.anonymous({ session: pending }).staff.find({}), 'UNAUTHORIZED');

    const code = await totpCode(person.totpSecret, new Date());
    await app.anonymous({ jar, session: pending }).auth.verifyMfa({ code });
    expect(jar.token).not.toBe(pendingToken);
    const active = await sessionFor(jar);
    expect(active?.state).toBe('active');
    expect(active?.mfaAt).not.toBeNull();
    // The pre-MFA token is dead.
    expect(
      await resolveSession(app.database.db, app.config, pendingToken ?? undefined, new Date()),
    ).toBeNull();

    const me = await app.anonymous({ session: active }).auth.me();
    expect(me.state).toBe('active');
    expect(me.staff?.permissions).toContain('requests:work');

    const events = await app.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, person.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.password_accepted', 'auth.sign_in']),
    );
  });

  it('refuses a TOTP code that was already used (replay)', async () => {
    const person = await app.addStaff(['manager']);
    const now = new Date();
    const code = await totpCode(person.totpSecret, now);
    const jar1 = new CookieJar();
    await app.anonymous({ jar: jar1 }).auth.signIn({ email: person.email, password: testPassword });
    await app.anonymous({ jar: jar1, session: await sessionFor(jar1) }).auth.verifyMfa({ code });

    const jar2 = new CookieJar();
    await app.anonymous({ jar: jar2 }).auth.signIn({ email: person.email, password: testPassword });
    const error = await expectTrpcError(
      app.anonymous({ jar: jar2, session: await sessionFor(jar2) }).auth.verifyMfa({ code }),
      'BAD_REQUEST',
    );
    expect(error.cause).toMatchObject({ fieldErrors: { code: ['That code is not valid.'] } });
  });

  it('gives one generic message for unknown email, wrong password and disabled account', async () => {
    const person = await app.addStaff(['auditor']);
    const disabled = await app.addStaff(['auditor']);
    await app.database.db.update(staff).set({ disabledAt: new Date() }).where(eq(staff.id, disabled.id));
    const attempts = [
      { email: 'nobody@test.example', password: testPassword },
      { email: person.email, password: 'wrong password entirely' },
      { email: disabled.email, password: testPassword },
    ];
    for (const attempt of attempts) {
      await expectTrpcError(
        app.anonymous({ ip: '198.51.100.1' }).auth.signIn(attempt),
        'UNAUTHORIZED',
        /^Email or password is incorrect\.$/,
      );
    }
    const failures = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.sign_in_failed'));
    expect(failures.length).toBeGreaterThanOrEqual(3);
    // The audit log names accounts by id only: no email typed at the prompt is kept.
    expect(JSON.stringify(failures)).not.toContain('nobody@test.example');
  });

  it('refuses bad input field by field and changes nothing', async () => {
    const before = await app.database.db.select().from(auditEvents);
    const error = await expectTrpcError(
      app.anonymous().auth.signIn({ email: 'not-an-email', password: '' }),
      'BAD_REQUEST',
    );
    expect(error.cause).toBeDefined();
    const after = await app.database.db.select().from(auditEvents);
    expect(after.length).toBe(before.length);
  });

  it('stops a source after 10 failures for one account, even one that does not exist', async () => {
    const email = 'ghost@test.example';
    const from = app.anonymous({ ip: '192.0.2.10' });
    for (let i = 0; i < maxFailuresPerAccountAndSource; i += 1) {
      await expectTrpcError(from.auth.signIn({ email, password: 'wrong-wrong-wrong' }), 'UNAUTHORIZED');
    }
    await expectTrpcError(from.auth.signIn({ email, password: 'wrong-wrong-wrong' }), 'TOO_MANY_REQUESTS');
  });

  it('never locks the owner out: failures from strangers slow the account down, the right password still works', async () => {
    const owner = await app.addStaff(['auditor']);
    app.slowDowns.length = 0;
    // Twelve wrong passwords, each from another address (one stranger, many sources).
    for (let i = 0; i < 12; i += 1) {
      await expectTrpcError(
        app.anonymous({ ip: `198.51.100.${i}` }).auth.signIn({ email: owner.email, password: 'guess-guess' }),
        'UNAUTHORIZED',
      );
    }
    // Nothing for the first five, then 250 ms doubling: the sixth waited 250 ms, the twelfth 8 s (the cap).
    expect(app.slowDowns).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);
    const result = await app
      .anonymous({ ip: '203.0.113.50' })
      .auth.signIn({ email: owner.email, password: testPassword });
    expect(result).toEqual({ next: 'mfa' });
    expect(app.slowDowns.at(-1)).toBe(8000);
    // The success clears the account's count: the next sign-in is not slowed.
    app.slowDowns.length = 0;
    await app.anonymous({ ip: '203.0.113.50' }).auth.signIn({ email: owner.email, password: testPassword });
    expect(app.slowDowns).toEqual([]);
  });

  it('refuses demo accounts where demo sign-in is off', async () => {
    const demo = await app.addStaff(['admin'], { demo: true });
    await expectTrpcError(
      app.anonymous().auth.signIn({ email: demo.email, password: testPassword }),
      'UNAUTHORIZED',
    );
  });

  it('expires a session after the idle timeout', async () => {
    const { session } = await app.callerAs(['auditor']);
    const [row] = await app.database.db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row).toBeDefined();
    const jar = new CookieJar();
    // Re-issue through sign-in to get a real token for the idle check.
    const person = await app.addStaff(['auditor']);
    await app.anonymous({ jar }).auth.signIn({ email: person.email, password: testPassword });
    const later = new Date(Date.now() + app.config.sessionIdleMs + 1000);
    expect(await sessionFor(jar, later)).toBeNull();
    expect(await sessionFor(jar)).not.toBeNull();
  });

  it('signs out and revokes the session', async () => {
    const { session } = await app.callerAs(['auditor']);
    const jar = new CookieJar();
    jar.token = 'unused';
    await app.anonymous({ session, jar }).auth.signOut();
    expect(jar.token).toBeNull();
    const [row] = await app.database.db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row?.revokedAt).not.toBeNull();
  });
});

describe('MFA enrolment', () => {
  it('enrols a new authenticator, returns recovery codes that work once', async () => {
    const person = await app.addStaff(['support_agent'], { mfa: false });
    const jar = new CookieJar();
    expect(await app.anonymous({ jar }).auth.signIn({ email: person.email, password: testPassword })).toEqual(
      { next: 'enrol' },
    );
    const pending = await sessionFor(jar);
    const enrolment = await app.anonymous({ jar, session: pending }).auth.startMfaEnrolment();
    expect(enrolment.qrSvg).toContain('<svg');
    expect(enrolment.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);

    await expectTrpcError(
      app.anonymous({ jar, session: pending }).auth.confirmMfaEnrolment({ code: '000000' }),
      'BAD_REQUEST',
    );
    const { recoveryCodes } = await app.anonymous({ jar, session: pending }).auth.confirmMfaEnrolment({
      code: await totpCode(enrolment.secret, new Date()),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect((await sessionFor(jar))?.state).toBe('active');

    const [stored] = await app.database.db.select().from(staff).where(eq(staff.id, person.id));
    expect(stored?.totpSecret).not.toContain(enrolment.secret); // sealed, not in clear

    const recoveryCode = recoveryCodes[0] ?? '';
    for (const expected of ['ok', 'refused'] as const) {
      const j = new CookieJar();
      await app.anonymous({ jar: j }).auth.signIn({ email: person.email, password: testPassword });
      const attempt = app
        .anonymous({ jar: j, session: await sessionFor(j) })
        .auth.verifyMfa({ recoveryCode });
      if (expected === 'ok') await attempt;
      else await expectTrpcError(attempt, 'BAD_REQUEST');
    }
  });

  it('refuses enrolment for an account that already has MFA', async () => {
    const person = await app.addStaff(['support_agent']);
    const jar = new CookieJar();
    await app.anonymous({ jar }).auth.signIn({ email: person.email, password: testPassword });
    await expectTrpcError(
      app.anonymous({ jar, session: await sessionFor(jar) }).auth.startMfaEnrolment(),
      'PRECONDITION_FAILED',
    );
  });
});

describe('auth.stepUp', () => {
  it('refreshes the MFA time with a fresh code', async () => {
    const { staff: person, session } = await app.callerAs(['privacy_officer'], {
      mfaAt: new Date(Date.now() - 3600_000),
    });
    const result = await app
      .anonymous({ session })
      .auth.stepUp({ code: await totpCode(person.totpSecret, new Date()) });
    expect(new Date(result.validUntil).getTime()).toBeGreaterThan(Date.now());
    const [row] = await app.database.db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row?.mfaAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('needs a signed-in session and a well-formed code', async () => {
    await expectTrpcError(app.anonymous().auth.stepUp({ code: '123456' }), 'UNAUTHORIZED');
    const { session } = await app.callerAs(['auditor']);
    await expectTrpcError(app.anonymous({ session }).auth.stepUp({ code: '12' }), 'BAD_REQUEST');
  });
});

describe('auth.setPassword', () => {
  it('sets a password once through a valid link and ends old sessions', async () => {
    const { caller: admin } = await app.callerAs(['admin']);
    const created = await admin.staff.create({
      email: 'new.person@test.example',
      name: 'New Person',
      roles: ['support_agent'],
    });
    const token = created.setPasswordLink.path.split('#')[1] ?? '';
    await app
      .anonymous()
      .auth.setPassword({ token, password: 'a-long-enough-password', confirm: 'a-long-enough-password' });
    await expectTrpcError(
      app
        .anonymous()
        .auth.setPassword({ token, password: 'a-long-enough-password', confirm: 'a-long-enough-password' }),
      'BAD_REQUEST',
      /expired or was already used/,
    );
    const [used] = await app.database.db
      .select()
      .from(passwordTokens)
      .where(and(eq(passwordTokens.tokenHash, hashToken(token))));
    expect(used?.usedAt).not.toBeNull();
    expect(
      await app
        .anonymous()
        .auth.signIn({ email: 'new.person@test.example', password: 'a-long-enough-password' }),
    ).toEqual({ next: 'enrol' });
  });

  it('rejects a short password and mismatched confirmation, field by field', async () => {
    const error = await expectTrpcError(
      app.anonymous().auth.setPassword({ token: 'x'.repeat(40), password: 'short', confirm: 'other' }),
      'BAD_REQUEST',
    );
    expect(error.message).toBeTruthy();
  });
});
