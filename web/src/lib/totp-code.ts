/** A TOTP code as typed: six digits (sign-in's MFA step and the step-up dialog alike). */
export function validateTotpCode(value: string): string | null {
  return /^\d{6}$/.test(value.trim()) ? null : 'Enter the 6-digit code from your authenticator app.';
}
