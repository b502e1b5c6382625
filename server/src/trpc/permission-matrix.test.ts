import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '@privdesk/shared';
import { createSession, sessionCookieName } from '../features/auth/session.store.js';
import { testServer } from '../testing/test-server.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { accessMatrix, routeAccess } from './access-matrix.js';
import { appRouter } from './app-router.js';
import type { Meta } from './init.js';

/**
 * Who may call what, written out by hand: for every procedure, the callers that get past authorization.
 * The expectation is this literal table, never the middleware's own permission check, so a change to a
 * role's permissions in shared/src/auth/roles.ts (or to a base procedure) fails here until someone
 * rewrites the row on purpose. The rows were filled from product.md §1 and checked against the code.
 *
 * A caller is someone with no session, a session whose password was accepted but whose MFA step is still
 * open ("pending"), or a fully signed-in member of staff holding exactly one role.
 */
type Caller = 'anonymous' | 'pending' | Role;

/** The columns, in order. A new role must be given a column (and a place in every row) on purpose. */
const callers: readonly Caller[] = [
  'anonymous',
  'pending',
  'privacy_officer',
  'support_agent',
  'manager',
  'admin',
  'auditor',
];
const anyone: readonly Caller[] = [
  'anonymous',
  'pending',
  'privacy_officer',
  'support_agent',
  'manager',
  'admin',
  'auditor',
];
const anyStaff: readonly Caller[] = ['privacy_officer', 'support_agent', 'manager', 'admin', 'auditor'];
/** Everyone who reads the queue: request summaries, and their own saved views of it. */
const queueReaders: readonly Caller[] = ['privacy_officer', 'support_agent', 'manager', 'auditor'];
/** Everyone who reads a request's internals (support agents see summaries only). */
const requestReaders: readonly Caller[] = ['privacy_officer', 'manager', 'auditor'];
/** Who decides and works a request: privacy officers only (a manager never changes an outcome). */
const officers: readonly Caller[] = ['privacy_officer'];
const admins: readonly Caller[] = ['admin'];
const registryKeepers: readonly Caller[] = ['privacy_officer', 'admin'];

/** tRPC procedures. HTTP routes (e.g. 'GET /export/requests.csv') get a row set of their own beside it. */
const expectedProcedureCallers: Record<string, readonly Caller[]> = {
  // Signing in and out happen before (or regardless of) a session.
  'auth.me': anyone,
  'auth.signIn': anyone,
  'auth.signOut': anyone,
  'auth.setPassword': anyone,
  // The MFA step: only a session that has passed the password and not yet the code.
  'auth.verifyMfa': ['pending'],
  'auth.startMfaEnrolment': ['pending'],
  'auth.confirmMfaEnrolment': ['pending'],
  'auth.stepUp': anyStaff,

  // Staff accounts are the admin's; the auditor reads everything.
  'staff.find': ['admin', 'auditor'],
  'staff.create': admins,
  'staff.update': admins,
  'staff.disable': admins,
  'staff.enable': admins,
  'staff.resetMfa': admins,
  'staff.issuePasswordLink': admins,
  // Roles that read personal data: one admin asks, another confirms (or either withdraws).
  'staff.confirmRoleGrant': admins,
  'staff.cancelRoleGrant': admins,
  // The list an assignee is picked from: whoever reads requests (officers and managers assign).
  'staff.assignable': requestReaders,

  // The audit log: the auditor's, and the admin's to check that nobody bypassed it.
  'audit.find': ['admin', 'auditor'],
  'audit.verify': ['admin', 'auditor'],

  // Support agents log a request on a customer's behalf, checking for an open duplicate first.
  'requests.create': ['privacy_officer', 'support_agent'],
  'requests.findOpenDuplicates': ['privacy_officer', 'support_agent'],
  'requests.intakeContext': ['privacy_officer', 'support_agent'],
  'requests.find': queueReaders,
  'requests.summaryForCustomer': queueReaders,
  'requests.get': requestReaders,
  'requests.timeline': requestReaders,
  'requests.assign': ['privacy_officer', 'manager'],
  'requests.bulkAssign': ['privacy_officer', 'manager'],
  'requests.transition': officers,
  'requests.bulkTransition': officers,
  // Merging a duplicate closes it: a decision, the officers'.
  'requests.merge': officers,
  'requests.addNote': officers,
  // Those who see requesters masked may reveal one, with a reason; officers already see them in clear.
  'requests.revealRequester': ['support_agent', 'manager', 'auditor'],
  'requests.acknowledge': officers,
  'requests.extend': officers,
  'requests.removeExtension': officers,
  'requests.updateReceivedAt': officers,
  'requests.pause': officers,
  'requests.resume': officers,

  'views.find': queueReaders,
  'views.create': queueReaders,
  'views.delete': queueReaders,

  // Support agents look customers up; officers link them to requests; the auditor reads everything.
  'customers.search': ['privacy_officer', 'support_agent', 'auditor'],
  'customers.get': ['privacy_officer', 'support_agent', 'auditor'],
  // The audited reveal: support agents (masked by default) and officers; the auditor reads, never reveals.
  'customers.reveal': ['privacy_officer', 'support_agent'],
  // One-step logging from the customer page: whoever logs requests.
  'customers.logRequest': ['privacy_officer', 'support_agent'],
  // Flags are read by all who read customers (support agents tell callers about a restriction or hold);
  // only privacy officers set and lift them.
  'customers.flags': ['privacy_officer', 'support_agent', 'auditor'],
  'customers.setFlag': officers,
  'customers.liftFlag': officers,

  // Identity checks are recorded by privacy officers only (issue 13): no one else may verify by hand.
  'verification.recordDataPoints': officers,
  'verification.recordDocument': officers,
  'verification.recordAccountMatch': officers,
  'verification.recordAgentAuthority': officers,
  'verification.setScope': officers,
  // Identity checks by email: officers send the link or code and check what the caller reads back.
  'verification.sendLink': officers,
  'verification.sendCode': officers,
  'verification.checkCode': officers,

  // Mail to requesters: officers read it in full (and send a failed one again); admins see delivery only.
  'messages.forRequest': officers,
  'messages.mailbox': ['privacy_officer', 'admin'],
  'messages.retry': officers,
  'messages.captured': officers,
  // Templates: the settings' readers read them, admins change them.
  'messages.templates': ['admin', 'auditor'],
  'messages.saveTemplate': admins,
  'messages.resetTemplate': admins,

  // The subprocessor registry: every staff role reads it; officers and admins keep it (issue 14, item 1).
  'registry.find': anyStaff,
  'registry.get': anyStaff,
  'registry.choices': registryKeepers,
  'registry.noticeDraft': registryKeepers,
  'registry.deliveries': registryKeepers,
  'registry.create': registryKeepers,
  'registry.update': registryKeepers,
  'registry.sendNotice': registryKeepers,
  'registry.activate': registryKeepers,
  'registry.retire': registryKeepers,
  'registry.recordObjection': registryKeepers,
  'registry.decideObjection': registryKeepers,
  'registry.subscribers': registryKeepers,
  'registry.addSubscriber': registryKeepers,
  'registry.removeSubscriber': registryKeepers,
  'registry.importCsv': registryKeepers,
  // The data inventory is read and kept with the registry it feeds (issue 15, item 1).
  'inventory.list': anyStaff,
  'inventory.get': anyStaff,
  'inventory.choices': registryKeepers,
  'inventory.create': registryKeepers,
  'inventory.update': registryKeepers,
  // The erasure plan: read with the request's internals; prepared, decided (four eyes) and cancelled by officers.
  'erasure.plan': requestReaders,
  'erasure.prepare': officers,
  'erasure.changeLine': officers,
  'erasure.submit': officers,
  'erasure.approve': officers,
  'erasure.reject': officers,
  'erasure.cancel': officers,
  // A system's owner may be anyone on staff but an auditor (who changes nothing): their own tasks.
  'erasure.myTasks': ['privacy_officer', 'support_agent', 'manager', 'admin'],
  'erasure.closeTask': ['privacy_officer', 'support_agent', 'manager', 'admin'],
  'erasure.certificate': requestReaders,
  'erasure.justifyLine': officers,
  // Every open erasure against its deadline (no requester in it): whoever reads request internals.
  'erasure.pendingDeletions': requestReaders,
  // The privacy mailbox holds mail as it came, personal data and all: officers only (issue 16).
  'inbox.find': officers,
  'inbox.get': officers,
  'inbox.forRequest': officers,
  'inbox.attach': officers,
  'inbox.dismiss': officers,
  'inbox.informationReceived': officers,
  'drp.agents': ['admin', 'auditor'],
  'drp.addAgent': admins,
  'drp.setAgentStatus': admins,
  'drp.rotateAgentKey': admins,
  'drp.forRequest': requestReaders,
  // The dashboard: managers, officers and auditors (issue 18); its reports for managers and auditors only.
  'dashboard.get': ['privacy_officer', 'manager', 'auditor'],
  'dashboard.ccpaReport': ['manager', 'auditor'],

  'settings.get': ['admin', 'auditor'],
  'settings.update': admins,
  // Seeing what a change would do is part of making it.
  'settings.previewImpact': admins,

  // One's own bell: anyone signed in.
  'notifications.find': anyStaff,
  'notifications.unreadCount': anyStaff,
  'notifications.markRead': anyStaff,
};

/** Plain HTTP routes outside tRPC, decided by the same `authorize` (see `routeAccess`). */
const expectedRouteCallers: Record<keyof typeof routeAccess, readonly Caller[]> = {
  // The queue as CSV: whoever pages through the queue's internals (masked unless pii:read).
  'GET /export/requests.csv': requestReaders,
  // The audit log, taken away: the auditor's (the admin reads it in the app but does not export it).
  'GET /export/audit.csv': ['auditor'],
  'GET /export/audit.json': ['auditor'],
  // The subprocessor registry, taken away: whoever reads it (every staff role, issue 14, item 1).
  'GET /export/registry.csv': anyStaff,
  'GET /export/registry.json': anyStaff,
  'GET /export/inbox-attachment': officers,
  'GET /export/dashboard.csv': ['manager', 'auditor'],
  'GET /export/ccpa-7102.csv': ['manager', 'auditor'],
  'GET /export/request-log.csv': ['manager', 'auditor'],
};

type Verdict = 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN';

/**
 * The verdict a caller should get from a row. A refusal without a full session is UNAUTHORIZED; a signed-in
 * role is FORBIDDEN where other roles may call, and UNAUTHORIZED where no fully signed-in caller may (the
 * MFA step is for pending sessions only).
 */
function expectedVerdict(allowed: readonly Caller[], caller: Caller): Verdict {
  if (allowed.includes(caller)) return 'allowed';
  if (caller === 'anonymous' || caller === 'pending') return 'UNAUTHORIZED';
  return allowed.some((c) => c !== 'anonymous' && c !== 'pending') ? 'FORBIDDEN' : 'UNAUTHORIZED';
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta; type: string } }>,
);

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

function call(caller: unknown, path: string): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  if (typeof target !== 'function') throw new Error(`no procedure at ${path}`);
  // Input is deliberately missing: the permission check must come before input validation.
  return Promise.resolve().then(() => (target as (input?: unknown) => Promise<unknown>)(undefined));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (e) {
    return e instanceof TRPCError ? e.code : 'THROWN';
  }
}

/** Got past authorization: answered, or refused for its (missing) input or a domain rule, not for who called. */
function matches(expected: Verdict, got: string): boolean {
  return expected === 'allowed' ? got !== 'UNAUTHORIZED' && got !== 'FORBIDDEN' : got === expected;
}

describe('permission matrix', () => {
  it('declares every procedure, and only existing ones', () => {
    const paths = procedures.map(([path]) => path).sort();
    expect(paths).toEqual(Object.keys(accessMatrix).sort());
  });

  it.each(procedures)('%s is guarded by the base procedure its declaration names', (path, procedure) => {
    expect(procedure._def.meta?.access, `${path} meta.access`).toBe(accessMatrix[path]);
  });

  it('has a row of expected callers for every procedure, naming only known callers', () => {
    const paths = procedures.map(([path]) => path).sort();
    expect(Object.keys(expectedProcedureCallers).sort()).toEqual(paths);
    expect(callers.filter((c) => c !== 'anonymous' && c !== 'pending')).toEqual([...roles]);
    for (const [path, allowed] of Object.entries(expectedProcedureCallers)) {
      expect(
        allowed.filter((c) => !callers.includes(c)),
        path,
      ).toEqual([]);
      expect(new Set(allowed).size, `${path} names a caller twice`).toBe(allowed.length);
    }
  });

  it('lets through exactly the callers each row names, and refuses every other', async () => {
    const pendingStaff = await app.addStaff(['admin']);
    const callerFor = new Map<Caller, unknown>([
      ['anonymous', app.anonymous()],
      [
        'pending',
        app.anonymous({
          session: {
            id: '00000000-0000-4000-8000-000000000001',
            staffId: pendingStaff.id,
            state: 'mfa',
            // An admin's roles on a session that has not passed MFA: worth nothing yet.
            roles: ['admin'],
            mfaAt: null,
          },
        }),
      ],
    ]);
    for (const role of roles) callerFor.set(role, (await app.callerAs([role])).caller);

    const mismatches: string[] = [];
    for (const [path] of procedures) {
      const allowed = expectedProcedureCallers[path];
      if (!allowed) continue;
      for (const who of callers) {
        const expected = expectedVerdict(allowed, who);
        const got = await codeOf(call(callerFor.get(who), path));
        if (!matches(expected, got)) mismatches.push(`${path} as ${who}: expected ${expected}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('permission matrix: HTTP routes', () => {
  it('declares a row for every route, and lets through exactly the callers it names', async () => {
    expect(Object.keys(expectedRouteCallers).sort()).toEqual(Object.keys(routeAccess).sort());
    const server = await testServer(app);
    try {
      const mismatches: string[] = [];
      for (const [route, allowed] of Object.entries(expectedRouteCallers)) {
        const [method, url] = route.split(' ');
        for (const caller of callers) {
          let cookie: string | undefined;
          if (caller !== 'anonymous') {
            const person = await app.addStaff(caller === 'pending' ? ['admin'] : [caller]);
            const state = caller === 'pending' ? 'mfa' : 'active';
            const session = await createSession(
              app.database.db,
              app.config,
              person.id,
              state,
              '127.0.0.1',
              new Date(),
            );
            cookie = `${sessionCookieName}=${session.token}`;
          }
          const res = await server.inject({
            method: method === 'GET' ? 'GET' : 'POST',
            url: url ?? '/',
            headers: cookie ? { cookie } : {},
          });
          const got = res.statusCode === 401 ? 'UNAUTHORIZED' : res.statusCode === 403 ? 'FORBIDDEN' : 'OK';
          if (!matches(expectedVerdict(allowed, caller), got)) {
            mismatches.push(
              `${route} as ${caller}: expected ${expectedVerdict(allowed, caller)}, got ${res.statusCode}`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
