/** Every action the audit log knows. New work adds its actions here. */
export const auditActions = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.password_accepted',
  'auth.mfa_enrolment_started',
  'auth.mfa_verified',
  'auth.mfa_failed',
  'auth.step_up',
  'auth.sign_out',
  'auth.password_set',
  'auth.mfa_enrolled',
  'staff.created',
  'staff.updated',
  'staff.disabled',
  'staff.enabled',
  'staff.mfa_reset',
  'staff.password_link_issued',
  'requests.created',
  'requests.assigned',
  'requests.status_changed',
  'requests.note_added',
  'requests.requester_revealed',
  'requests.exported',
  'views.created',
  'views.deleted',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntityTypes = [
  'staff',
  'session',
  'request',
  'settings',
  'customer',
  'saved_view',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];
