import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, roles, type Access, type Role } from '@privdesk/shared';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { accessMatrix } from './access-matrix.js';
import { appRouter } from './app-router.js';
import type { Meta } from './init.js';

/**
 * Walks every procedure of the app router: each must be declared in the access matrix with the access its
 * base procedure enforces, and each role must be refused exactly the permission procedures it lacks.
 * A new procedure fails here until its access is declared on purpose.
 */
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

type Who = Role[] | 'anonymous' | 'pending';

function expectedFor(access: Access, who: Who): 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN' {
  if (access === 'public') return 'allowed';
  if (access === 'pending') return who === 'pending' ? 'allowed' : 'UNAUTHORIZED';
  if (who === 'anonymous' || who === 'pending') return 'UNAUTHORIZED';
  const held = who;
  if (access === 'staff') return 'allowed';
  return hasPermission(held, access) ? 'allowed' : 'FORBIDDEN';
}

describe('permission matrix', () => {
  it('declares every procedure, and only existing ones', () => {
    const paths = procedures.map(([path]) => path).sort();
    expect(paths).toEqual(Object.keys(accessMatrix).sort());
  });

  it.each(procedures)('%s is guarded by the base procedure its declaration names', (path, procedure) => {
    expect(procedure._def.meta?.access, `${path} meta.access`).toBe(accessMatrix[path]);
  });

  it('refuses anonymous callers and each role exactly where the matrix says', async () => {
    const pendingStaff = await app.addStaff(['admin']);
    const callers: { label: string; who: Who; caller: unknown }[] = [
      { label: 'anonymous', who: 'anonymous', caller: app.anonymous() },
      {
        label: 'pending MFA',
        who: 'pending',
        caller: app.anonymous({
          session: {
            id: '00000000-0000-4000-8000-000000000001',
            staffId: pendingStaff.id,
            state: 'mfa',
            roles: ['admin'],
            mfaAt: null,
          },
        }),
      },
    ];
    for (const role of roles)
      callers.push({ label: role, who: [role], caller: (await app.callerAs([role])).caller });

    const mismatches: string[] = [];
    for (const [path] of procedures) {
      const access = accessMatrix[path];
      if (!access) continue;
      for (const { label, who, caller } of callers) {
        const expected = expectedFor(access, who);
        const got = await codeOf(call(caller, path));
        const ok = expected === 'allowed' ? got !== 'UNAUTHORIZED' && got !== 'FORBIDDEN' : got === expected;
        if (!ok) mismatches.push(`${path} as ${label}: expected ${expected}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
