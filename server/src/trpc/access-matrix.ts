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
  'staff.confirmRoleGrant': 'staff:manage',
  'staff.cancelRoleGrant': 'staff:manage',
  'staff.assignable': 'requests:read',
  'audit.find': 'audit:read',
  'audit.verify': 'audit:read',
  'requests.create': 'requests:create',
  'requests.findOpenDuplicates': 'requests:create',
  'requests.intakeContext': 'requests:create',
  'requests.find': 'requests:read_summary',
  'requests.get': 'requests:read',
  'requests.timeline': 'requests:read',
  'requests.summaryForCustomer': 'requests:read_summary',
  'requests.assign': 'requests:assign',
  'requests.transition': 'requests:work',
  'requests.addNote': 'requests:work',
  'requests.bulkAssign': 'requests:assign',
  'requests.bulkTransition': 'requests:work',
  'requests.revealRequester': 'requests:reveal_requester',
  'requests.acknowledge': 'requests:work',
  'requests.extend': 'requests:work',
  'requests.removeExtension': 'requests:work',
  'requests.updateReceivedAt': 'requests:work',
  'requests.pause': 'requests:work',
  'requests.resume': 'requests:work',
  'views.find': 'requests:read_summary',
  'views.create': 'requests:read_summary',
  'views.delete': 'requests:read_summary',
  'customers.search': 'customers:read',
  'settings.get': 'settings:read',
  'settings.update': 'settings:manage',
  'settings.previewImpact': 'settings:manage',
  'notifications.find': 'staff',
  'notifications.unreadCount': 'staff',
  'notifications.markRead': 'staff',
};

/** Plain HTTP routes outside tRPC, decided by the same `authorize`; the permission-matrix test walks them too. */
export const routeAccess = {
  'GET /export/requests.csv': 'requests:read',
  'GET /export/audit.csv': 'audit:export',
  'GET /export/audit.json': 'audit:export',
} as const satisfies Record<string, Exclude<Access, 'public' | 'pending'>>;
