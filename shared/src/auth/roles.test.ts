import { describe, expect, it } from 'vitest';
import { hasPermission, permissions, permissionsOf, rolePermissions, roles } from './roles.js';
import { landingSectionFor, sectionsFor } from './navigation.js';

describe('role → permission map', () => {
  it('gives every role at least one permission, and only known ones', () => {
    for (const role of roles) {
      expect(rolePermissions[role].length).toBeGreaterThan(0);
      for (const p of rolePermissions[role]) expect(permissions).toContain(p);
    }
  });

  it('unions the permissions of several roles', () => {
    const both = permissionsOf(['support_agent', 'auditor']);
    expect(both).toContain('requests:create');
    expect(both).toContain('audit:export');
  });

  it('keeps support agents away from request internals and decisions (product.md §1)', () => {
    expect(hasPermission(['support_agent'], 'requests:read')).toBe(false);
    expect(hasPermission(['support_agent'], 'requests:approve')).toBe(false);
    expect(hasPermission(['support_agent'], 'pii:read')).toBe(false);
    expect(hasPermission(['support_agent'], 'customers:flag')).toBe(false);
  });

  it('lets support agents reveal a customer only through the audited reveal, never read personal data in clear (issue 12)', () => {
    expect(hasPermission(['support_agent'], 'customers:reveal_pii')).toBe(true);
    expect(hasPermission(['support_agent'], 'pii:read')).toBe(false);
  });

  it('gives auditors nothing that changes data', () => {
    const mutating = [
      'staff:manage',
      'settings:manage',
      'requests:create',
      'requests:work',
      'requests:verify',
      'requests:assign',
      'requests:approve',
      'registry:manage',
    ] as const;
    for (const p of mutating) expect(hasPermission(['auditor'], p)).toBe(false);
  });

  it('keeps managers from deciding outcomes', () => {
    expect(hasPermission(['manager'], 'requests:work')).toBe(false);
    expect(hasPermission(['manager'], 'requests:approve')).toBe(false);
  });

  it('shows requester PII in clear to privacy officers only; others reveal one with a reason', () => {
    expect(roles.filter((role) => hasPermission([role], 'pii:read'))).toEqual(['privacy_officer']);
    for (const role of ['support_agent', 'manager', 'auditor'] as const) {
      expect(hasPermission([role], 'requests:reveal_requester')).toBe(true);
    }
    expect(hasPermission(['admin'], 'requests:reveal_requester')).toBe(false);
  });

  it('lets officers and managers assign, and only officers work requests', () => {
    expect(roles.filter((role) => hasPermission([role], 'requests:assign'))).toEqual([
      'privacy_officer',
      'manager',
    ]);
    expect(roles.filter((role) => hasPermission([role], 'requests:work'))).toEqual(['privacy_officer']);
    // Recording an identity check (issue 13): officers only; support agents cannot verify by hand.
    expect(roles.filter((role) => hasPermission([role], 'requests:verify'))).toEqual(['privacy_officer']);
  });

  it('shows each role its own navigation', () => {
    expect(sectionsFor(permissionsOf(['admin'])).map((s) => s.key)).toEqual([
      'registry',
      'audit',
      'staff',
      'settings',
      'mailbox',
      'erasure-tasks',
    ]);
    // Everyone reads the registry (issue 14); nobody lands on it after signing in.
    expect(landingSectionFor(permissionsOf(['admin']))?.key).toBe('audit');
    expect(sectionsFor(permissionsOf(['support_agent'])).map((s) => s.key)).toEqual([
      'queue',
      'customers',
      'registry',
      'erasure-tasks',
    ]);
    expect(landingSectionFor(permissionsOf(['support_agent']))?.key).toBe('queue');
    expect(sectionsFor(permissionsOf(['auditor'])).map((s) => s.key)).toContain('settings');
    expect(sectionsFor(permissionsOf(['privacy_officer'])).map((s) => s.key)).not.toContain('settings');
    // The privacy mailbox (issue 16): officers only, right after their queue.
    expect(
      sectionsFor(permissionsOf(['privacy_officer']))
        .map((s) => s.key)
        .slice(0, 3),
    ).toEqual(['queue', 'inbox', 'deletions']);
    for (const role of ['support_agent', 'manager', 'admin', 'auditor'] as const)
      expect(sectionsFor(permissionsOf([role])).map((s) => s.key)).not.toContain('inbox');
    // Pending deletions (issue 15, item 8): whoever reads request internals; each still lands on the queue.
    for (const role of ['privacy_officer', 'manager', 'auditor'] as const) {
      expect(
        sectionsFor(permissionsOf([role]))
          .map((s) => s.key)
          .filter((k) => k !== 'inbox')
          .slice(0, 2),
      ).toEqual(['queue', 'deletions']);
      expect(landingSectionFor(permissionsOf([role]))?.key).toBe('queue');
    }
    expect(sectionsFor(permissionsOf(['manager'])).map((s) => s.key)).toEqual([
      'queue',
      'deletions',
      'registry',
      'dashboard',
      'erasure-tasks',
    ]);
  });
});
