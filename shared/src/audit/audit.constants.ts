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
  'staff.role_grant_requested',
  'staff.role_granted',
  'staff.role_grant_cancelled',
  'requests.created',
  'requests.assigned',
  'requests.status_changed',
  'requests.note_added',
  'requests.requester_revealed',
  'requests.export_started',
  'requests.exported',
  'requests.acknowledged',
  'requests.extended',
  'requests.extension_removed',
  'requests.received_at_changed',
  'requests.paused',
  'requests.resumed',
  'requests.clocks_recomputed',
  'requests.searched',
  'customers.searched',
  'searches.burst_flagged',
  'pii.viewed',
  'settings.updated',
  'notifications.sent',
  'notifications.read',
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
  'notification',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

/** Where personal data was seen in clear: each becomes a `pii.viewed` event (server: pii_access_log). */
export const piiViewSurfaces = ['request', 'timeline', 'queue', 'duplicates', 'customer_search'] as const;
export type PiiViewSurface = (typeof piiViewSurfaces)[number];
