// Zod-free on purpose: the web imports these through `@privdesk/shared/constants` without pulling zod.

export const roles = ['privacy_officer', 'support_agent', 'manager', 'admin', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  privacy_officer: 'Privacy officer',
  support_agent: 'Support agent',
  manager: 'Manager',
  admin: 'Admin',
  auditor: 'Auditor',
};

/**
 * Every permission is `resource:action`. `pii:read` shows requesters' and customers' names and emails in
 * clear (privacy officers); everyone else sees them masked and may reveal one request's requester with a
 * typed, audited reason (`requests:reveal_requester`). `requests:read_summary` alone sees only summary
 * fields (reference, type, status, due date), never a request's internals.
 *
 * Procedures declare exactly one; the role map below is the only
 * place that says who holds it.
 */
export const permissions = [
  'staff:read',
  'staff:manage',
  'audit:read',
  'audit:export',
  'settings:read',
  'settings:manage',
  'requests:read',
  'requests:read_summary',
  'requests:create',
  'requests:work',
  'requests:verify',
  'requests:assign',
  'requests:approve',
  'requests:reveal_requester',
  'pii:read',
  'customers:read',
  'customers:reveal_pii',
  'customers:flag',
  'registry:read',
  'registry:manage',
  'dashboard:read',
  'reports:export',
  'messages:read',
  'messages:status',
  // A data system's owner closes its manual erasure tasks (issue 15, item 5): every role but the auditor's.
  'erasure:tasks',
  // The privacy mailbox's inbox (issue 16): mail as it came, personal data and all; privacy officers only.
  'inbox:read',
  'inbox:triage',
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  privacy_officer: [
    'requests:read',
    'requests:read_summary',
    'requests:create',
    'requests:work',
    'requests:verify',
    'requests:assign',
    'requests:approve',
    'pii:read',
    'customers:read',
    'customers:reveal_pii',
    'customers:flag',
    'registry:read',
    'registry:manage',
    'dashboard:read',
    // Mail to requesters, in full (issue 13, item 4).
    'messages:read',
    'messages:status',
    'erasure:tasks',
    'inbox:read',
    'inbox:triage',
  ],
  support_agent: [
    'requests:read_summary',
    'requests:create',
    'requests:reveal_requester',
    'customers:read',
    // Masked by default; a reveal asks for a reason and is audited (issue 12, item 4).
    'customers:reveal_pii',
    // Every staff role reads the subprocessor registry (issue 14, item 1).
    'registry:read',
    'erasure:tasks',
  ],
  manager: [
    'requests:read',
    'requests:read_summary',
    'requests:assign',
    'requests:reveal_requester',
    'dashboard:read',
    'reports:export',
    'registry:read',
    'erasure:tasks',
  ],
  // Delivery status of mail only: no addresses, subjects or texts.
  admin: [
    'staff:read',
    'staff:manage',
    'settings:read',
    'settings:manage',
    'audit:read',
    'messages:status',
    // Admins keep the registry with the officers (issue 14, item 1).
    'registry:read',
    'registry:manage',
    'erasure:tasks',
  ],
  auditor: [
    'audit:read',
    'audit:export',
    'requests:read',
    'requests:read_summary',
    'requests:reveal_requester',
    'registry:read',
    'dashboard:read',
    'reports:export',
    'staff:read',
    'settings:read',
    'customers:read',
  ],
};

/**
 * Roles that read personal data in clear or approve outcomes: granting one takes two admins (one asks after
 * an MFA step-up, another confirms), so no single admin can make anyone — least of all itself — a reader.
 */
export const secondAdminRoles: readonly Role[] = roles.filter((role) =>
  rolePermissions[role].some((p) => p === 'pii:read' || p === 'requests:approve'),
);

export function permissionsOf(heldRoles: readonly Role[]): Permission[] {
  const held = new Set<Permission>();
  for (const role of heldRoles) for (const p of rolePermissions[role]) held.add(p);
  return permissions.filter((p) => held.has(p));
}

export function hasPermission(heldRoles: readonly Role[], permission: Permission): boolean {
  return heldRoles.some((role) => rolePermissions[role].includes(permission));
}

/**
 * Who may call a procedure: anyone (public), a session whose password was accepted and whose MFA step is
 * still open (pending), anyone fully signed in (staff), or holders of one permission.
 */
export type Access = 'public' | 'pending' | 'staff' | Permission;
