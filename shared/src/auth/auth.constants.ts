export const passwordMinLength = 12;
export const passwordMaxLength = 128;
/** A step-up is valid this long after the last MFA code (product.md §2, issue: step-up check). */
export const stepUpWindowSeconds = 5 * 60;
export const recoveryCodeCount = 10;
