import { describe, expect, it } from 'vitest';
import { auditActionGroups, auditActionLabels, auditActions } from './audit.constants.js';

describe('the audit log’s action filter', () => {
  it('puts every action in exactly one group, each with a label of its own', () => {
    const grouped = auditActionGroups.flatMap((g) => g.actions);
    expect([...grouped].sort()).toEqual([...auditActions].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(auditActionGroups.map((g) => g.label)).toEqual([
      'Requests',
      'Customers',
      'Views and searches of personal data',
      'Staff and roles',
      'Sign-in and MFA',
      'Settings',
      'Mail to requesters',
      'Privacy mailbox',
      'Authorised agents',
      'Subprocessor registry',
      'Data inventory',
      'Erasures',
      'Audit log',
      'Reports',
      'Personal tools',
    ]);
    const labels = Object.values(auditActionLabels);
    expect(new Set(labels).size).toBe(labels.length);
    expect(auditActionLabels['pii.viewed']).toBe('Personal data viewed');
    expect(auditActionGroups[0]?.actions).toContain('requests.scrubbed');
    expect(auditActionLabels['requests.scrubbed']).toBe(
      'Requesters’ personal data removed after the retention period',
    );
  });
});
