import { z } from 'zod';
import { emailSchema } from '../common/fields.js';
import { passwordMaxLength, passwordMinLength } from './auth.constants.js';
import { permissions, roles } from './roles.js';

export const roleSchema = z.enum(roles, { message: 'Unknown role.' });
export const permissionSchema = z.enum(permissions);

export const passwordSchema = z
  .string()
  .min(passwordMinLength, `Use at least ${passwordMinLength} characters.`)
  .max(passwordMaxLength, `Use at most ${passwordMaxLength} characters.`);

export const signInInputSchema = z.object({
  email: emailSchema,
  // Only presence is checked at sign-in: length rules apply when a password is set, not when one is tried.
  password: z.string().min(1, 'Enter your password.').max(passwordMaxLength),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

/** After a correct password the session still needs an MFA code, or MFA enrolment first. */
export const signInOutputSchema = z.object({ next: z.enum(['mfa', 'enrol']) });

export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.');

export const recoveryCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]{5}-[a-z0-9]{5}$/, 'A recovery code looks like abcde-12345.');

export const verifyMfaInputSchema = z.union([
  z.object({ code: totpCodeSchema }),
  z.object({ recoveryCode: recoveryCodeSchema }),
]);
export type VerifyMfaInput = z.infer<typeof verifyMfaInputSchema>;

export const mfaEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrSvg: z.string(),
});
export type MfaEnrolment = z.infer<typeof mfaEnrolmentSchema>;

export const confirmMfaInputSchema = z.object({ code: totpCodeSchema });
export const recoveryCodesOutputSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const stepUpInputSchema = z.object({ code: totpCodeSchema });
export const stepUpOutputSchema = z.object({ validUntil: z.iso.datetime() });

export const sessionStateSchema = z.enum(['signed_out', 'mfa', 'enrol', 'active']);

export const meOutputSchema = z.object({
  state: sessionStateSchema,
  staff: z
    .object({
      id: z.uuid(),
      name: z.string(),
      email: z.string(),
      roles: z.array(roleSchema),
      permissions: z.array(permissionSchema),
      stepUpValidUntil: z.iso.datetime().nullable(),
    })
    .nullable(),
});
export type Me = z.infer<typeof meOutputSchema>;

export const setPasswordInputSchema = z
  .object({
    token: z.string().min(20, 'This link is not valid.').max(200, 'This link is not valid.'),
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });
export type SetPasswordInput = z.infer<typeof setPasswordInputSchema>;

export const okOutputSchema = z.object({ ok: z.literal(true) });
