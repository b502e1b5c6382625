import { permissionsOf, type Role } from '@privdesk/shared/constants';
import type { AuditEventRow, Me, StaffRow } from '@privdesk/shared';

let counter = 0;
const nextId = () => {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
};

export function activeMe(roles: Role[], overrides: { name?: string; email?: string } = {}): Me {
  return {
    state: 'active',
    staff: {
      id: nextId(),
      name: overrides.name ?? 'Ada Admin',
      email: overrides.email ?? 'ada@privacydesk.example',
      roles,
      permissions: permissionsOf(roles),
      stepUpValidUntil: null,
    },
  };
}

export const signedOut: Me = { state: 'signed_out', staff: null };

export function pendingMe(state: 'mfa' | 'enrol'): Me {
  return {
    state,
    staff: {
      id: nextId(),
      name: 'Pat Pending',
      email: 'pat@privacydesk.example',
      roles: ['admin'],
      permissions: [],
      stepUpValidUntil: null,
    },
  };
}

export function staffRow(overrides: Partial<StaffRow> = {}): StaffRow {
  return {
    id: nextId(),
    email: 'someone@privacydesk.example',
    name: 'Someone',
    roles: ['support_agent'],
    disabled: false,
    mfaEnrolled: true,
    hasPassword: true,
    lastSignInAt: '2026-03-02T09:15:00.000Z',
    createdAt: '2026-01-10T08:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEventRow> = {}): AuditEventRow {
  return {
    seq: 1,
    at: '2026-03-02T09:15:00.000Z',
    actorId: null,
    actorName: null,
    action: 'auth.sign_in',
    entityType: 'session',
    entityId: nextId(),
    ip: '203.0.113.7',
    requestId: 'req-1',
    reason: null,
    before: null,
    after: null,
    ...overrides,
  };
}

export function page<T>(items: T[], opts: { total?: number; page?: number; pageSize?: number } = {}) {
  return { items, total: opts.total ?? items.length, page: opts.page ?? 1, pageSize: opts.pageSize ?? 25 };
}
