export const passwordMinLength = 12;
export const passwordMaxLength = 128;
/** A step-up is valid this long after the last MFA code (product.md §2, issue: step-up check). */
export const stepUpWindowSeconds = 5 * 60;
export const recoveryCodeCount = 10;

/** A pending grant of a `secondAdminRoles` role lapses unless a second admin confirms it within this time. */
export const roleGrantTtlHours = 72;
export const roleGrantStatuses = ['pending', 'confirmed', 'cancelled'] as const;
export type RoleGrantStatus = (typeof roleGrantStatuses)[number];
