import { z } from 'zod';
import { emailSchema, idSchema, personNameSchema, reasonSchema } from '../common/fields.js';
import { pageInputSchema, pageOutputSchema } from '../common/pagination.js';
import { roleSchema } from '../auth/auth.schemas.js';

const rolesSchema = z
  .array(roleSchema)
  .min(1, 'Give at least one role.')
  .max(5)
  .transform((r) => [...new Set(r)]);

/** A role asked for and not yet confirmed by a second admin (roles.ts `secondAdminRoles`). */
export const pendingRoleGrantSchema = z.object({
  id: z.uuid(),
  role: roleSchema,
  requestedBy: z.object({ id: z.uuid(), name: z.string() }),
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type PendingRoleGrant = z.infer<typeof pendingRoleGrantSchema>;

export const staffRowSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  mfaEnrolled: z.boolean(),
  hasPassword: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  version: z.number().int(),
  /** Roles asked for that wait for a second admin; the person does not hold them yet. */
  pendingGrants: z.array(pendingRoleGrantSchema),
});
export type StaffRow = z.infer<typeof staffRowSchema>;

export const staffFindInputSchema = pageInputSchema.extend({
  search: z.string().trim().max(200).optional(),
  role: roleSchema.optional(),
  status: z.enum(['active', 'disabled', 'all']).default('all'),
});
export type StaffFindInput = z.infer<typeof staffFindInputSchema>;
export const staffFindOutputSchema = pageOutputSchema(staffRowSchema);

export const staffCreateInputSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  roles: rolesSchema,
});
export type StaffCreateInput = z.input<typeof staffCreateInputSchema>;

export const setPasswordLinkSchema = z.object({
  /** Path (with the one-time token) to give to the person; shown once, never stored in clear. */
  path: z.string(),
  expiresAt: z.iso.datetime(),
});

export const staffCreateOutputSchema = z.object({
  staff: staffRowSchema,
  setPasswordLink: setPasswordLinkSchema,
});

export const staffUpdateInputSchema = z.object({
  id: idSchema,
  version: z.number().int().min(0),
  name: personNameSchema,
  roles: rolesSchema,
});
export type StaffUpdateInput = z.input<typeof staffUpdateInputSchema>;

export const staffIdReasonInputSchema = z.object({
  id: idSchema,
  version: z.number().int().min(0),
  reason: reasonSchema,
});
export const staffIdInputSchema = z.object({ id: idSchema });
export const staffIssueLinkOutputSchema = z.object({ setPasswordLink: setPasswordLinkSchema });
export const staffOutputSchema = staffRowSchema;

/** A pending role grant, confirmed or cancelled by an admin. */
export const roleGrantInputSchema = z.object({ grantId: idSchema });
