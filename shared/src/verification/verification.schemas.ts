import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import {
  dataPointFields,
  documentTypes,
  knowScopes,
  verificationLevels,
  verificationMethods,
  verificationOutcomes,
  type DataPointField,
} from './verification.constants.js';

const versionSchema = z.number({ message: 'Give the version you saw.' }).int().min(0);
const staffRefSchema = z.object({ id: z.uuid(), name: z.string() });
const noteSchema = z
  .string()
  .trim()
  .max(1000, 'A note has at most 1000 characters.')
  .nullable()
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v));

/** One identity check as the request page shows it: facts only, never what was supplied or seen. */
export const verificationRecordSchema = z.object({
  id: z.uuid(),
  method: z.enum(verificationMethods),
  outcome: z.enum(verificationOutcomes),
  toAccountEmail: z.boolean(),
  matchedPoints: z.array(z.enum(dataPointFields)),
  comparedPoints: z.int().min(0),
  declarationSigned: z.boolean(),
  subjectConfirmed: z.boolean(),
  documentType: z.enum(documentTypes).nullable(),
  note: z.string().nullable(),
  recordedAt: z.iso.datetime(),
  recordedBy: staffRefSchema.nullable(),
});
export type VerificationRecord = z.infer<typeof verificationRecordSchema>;

/** The request page's verification block: the level needed and why, what is gathered, what is missing. */
export const requestVerificationSchema = z.object({
  required: z.enum(verificationLevels),
  why: z.string(),
  met: z.enum(verificationLevels),
  satisfied: z.boolean(),
  points: z.array(z.enum(dataPointFields)),
  declarationSigned: z.boolean(),
  documentSeen: z.boolean(),
  agentConfirmed: z.boolean(),
  missing: z.string().nullable(),
  knowScope: z.enum(knowScopes).nullable(),
  sensitiveData: z.boolean(),
  /** Whether the requester's email is the linked account's (an account match can be recorded). */
  accountMatchAvailable: z.boolean(),
  records: z.array(verificationRecordSchema),
});
export type RequestVerification = z.infer<typeof requestVerificationSchema>;

const target = { id: idSchema, version: versionSchema };

const suppliedValue = z.string().trim().max(200, 'A value has at most 200 characters.').optional();

/** What the requester supplied, field by field; the server compares it with the account and keeps only the verdict. */
export const verificationDataPointsInputSchema = z
  .object({
    ...target,
    supplied: z.object(
      Object.fromEntries(dataPointFields.map((f) => [f, suppliedValue])) as Record<
        DataPointField,
        typeof suppliedValue
      >,
    ),
    /** The requester signed the declaration (a signed copy received). */
    declarationSigned: z.boolean().default(false),
    note: noteSchema,
  })
  .superRefine((input, ctx) => {
    if (!Object.values(input.supplied).some((v) => v !== undefined && v !== '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['supplied'],
        message: 'Enter at least one thing the requester told you.',
      });
    }
  });
export type VerificationDataPointsInput = z.input<typeof verificationDataPointsInputSchema>;

export const verificationDocumentInputSchema = z.object({
  ...target,
  documentType: z.enum(documentTypes, { message: 'Choose the type of document seen.' }),
  outcome: z.enum(verificationOutcomes, { message: 'Say whether the document checked out.' }),
  note: noteSchema,
});
export type VerificationDocumentInput = z.input<typeof verificationDocumentInputSchema>;

export const verificationAccountMatchInputSchema = z.object({ ...target });

export const verificationAgentInputSchema = z.object({
  ...target,
  /** The subject confirmed directly (not through the agent) that the agent acts for them. */
  subjectConfirmed: z.boolean(),
  note: z
    .string()
    .trim()
    .min(1, 'Say how the permission was checked and how the subject confirmed it.')
    .max(1000, 'A note has at most 1000 characters.'),
});
export type VerificationAgentInput = z.input<typeof verificationAgentInputSchema>;

/** What the required level is worked out from: a CCPA know request's scope, the sensitive-data flag. */
export const verificationScopeInputSchema = z
  .object({
    ...target,
    knowScope: z.enum(knowScopes, { message: 'Choose categories or specific pieces.' }).optional(),
    sensitiveData: z.boolean().optional(),
  })
  .refine((v) => v.knowScope !== undefined || v.sensitiveData !== undefined, {
    message: 'Change the scope or the sensitive-data flag.',
    path: ['knowScope'],
  });
export type VerificationScopeInput = z.input<typeof verificationScopeInputSchema>;

export const verificationChangeOutputSchema = z.object({
  id: z.uuid(),
  version: z.int(),
  verification: requestVerificationSchema,
});
export type VerificationChangeOutput = z.infer<typeof verificationChangeOutputSchema>;
