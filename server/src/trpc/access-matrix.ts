import type { Access } from '@privdesk/shared';

/**
 * Every procedure of the app router and who may call it. The permission matrix test fails when a
 * procedure is missing here or its base procedure says otherwise: access is decided on purpose.
 */
export const accessMatrix: Record<string, Access> = {
  'auth.me': 'public',
  'auth.signIn': 'public',
  'auth.verifyMfa': 'pending',
  'auth.startMfaEnrolment': 'pending',
  'auth.confirmMfaEnrolment': 'pending',
  'auth.stepUp': 'staff',
  'auth.signOut': 'public',
  'auth.setPassword': 'public',
  'staff.find': 'staff:read',
  'staff.create': 'staff:manage',
  'staff.update': 'staff:manage',
  'staff.disable': 'staff:manage',
  'staff.enable': 'staff:manage',
  'staff.resetMfa': 'staff:manage',
  'staff.issuePasswordLink': 'staff:manage',
  'audit.find': 'audit:read',
  'audit.verify': 'audit:read',
};
