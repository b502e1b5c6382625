// Plain validators for the sign-in steps: the sign-in page stays free of zod to load fast, so these
// mirror the shared schemas' rules and messages (signInInputSchema, totpCodeSchema, recoveryCodeSchema).
// The server validates again with the real schemas.

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(value: string): string | null {
  const email = value.trim();
  if (email.length === 0) return 'Enter your email address.';
  if (email.length > 254 || !emailPattern.test(email)) return 'Enter a valid email address.';
  return null;
}

export function validatePassword(value: string): string | null {
  return value.length === 0 ? 'Enter your password.' : null;
}

export { validateTotpCode } from '../../lib/totp-code';

export function validateRecoveryCode(value: string): string | null {
  return /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(value.trim().toLowerCase())
    ? null
    : 'A recovery code looks like abcde-12345.';
}
