import { z } from 'zod';
import { emailSchema, idSchema, personNameSchema, reasonSchema } from '../common/fields.js';
import {
  drpAgentSources,
  drpAgentStatuses,
  drpEventKinds,
  drpExercises,
  drpReasons,
  drpStatuses,
  drpVersion,
} from './drp.constants.js';

// --- the agents' directory (§3.05.1) ---------------------------------------------------------------------

/** An agent's id: the directory's `[A-Z_]+`, with digits and dashes as real directories use them. */
export const drpAgentIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'An agent id is 1–64 letters, digits, dashes or underscores.');

/** A base64 Ed25519 public key: 32 bytes, nothing else. */
export const drpVerifyKeySchema = z
  .string()
  .trim()
  .refine((value) => /^[A-Za-z0-9+/]{42,43}={0,2}$/.test(value) && base64Length(value) === 32, {
    message: 'A verify key is a base64 Ed25519 public key: 32 bytes (44 characters).',
  });

function base64Length(value: string): number {
  const body = value.replace(/=+$/, '');
  return Math.floor((body.length * 3) / 4);
}

const httpsUrlSchema = z
  .string()
  .trim()
  .max(500, 'An address has at most 500 characters.')
  .refine((value) => /^https:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.test(value), 'Use an https:// address.');

const contactSchema = z.string().trim().max(254, 'A contact has at most 254 characters.');

/** One entry of the service directory's `agents.json` (snake case, as the DRP publishes it). */
export const drpDirectoryEntrySchema = z.object({
  id: drpAgentIdSchema,
  name: personNameSchema,
  verify_key: drpVerifyKeySchema,
  web_url: httpsUrlSchema.optional(),
  identity_assurance_url: httpsUrlSchema.optional(),
  technical_contact: contactSchema.optional(),
  business_contact: contactSchema.optional(),
});
/** The file is a list of entries (or `{ "agents": [...] }`). */
export const drpDirectoryFileSchema = z.union([
  z.array(drpDirectoryEntrySchema),
  z.object({ agents: z.array(drpDirectoryEntrySchema) }).transform((file) => file.agents),
]);
export type DrpDirectoryEntry = z.infer<typeof drpDirectoryEntrySchema>;

// --- signed messages (§2.01, §2.04, §2.05) ---------------------------------------------------------------

const instantSchema = z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 date and time.' });

/** What every signed message carries (§3.07): who sent it, to whom, and the short window it is good for. */
export const drpEnvelopeSchema = z.object({
  'agent-id': z.string({ message: 'The agent-id claim is missing.' }).min(1).max(64),
  'business-id': z.string({ message: 'The business-id claim is missing.' }).min(1).max(64),
  'issued-at': instantSchema,
  'expires-at': instantSchema,
});

const versionSchema = z.literal(drpVersion, { message: `This server speaks DRP ${drpVersion}.` });

export const drpPairwiseSetupSchema = drpEnvelopeSchema.extend({ 'drp.version': versionSchema });

/** An OpenID Connect address claim (Core 1.0 §5.1.1). */
const addressClaimSchema = z.object({
  formatted: z.string().max(500).optional(),
  street_address: z.string().max(300).optional(),
  locality: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  postal_code: z.string().max(20).optional(),
  country: z.string().max(60).optional(),
});

/** The identity claims we record as the agent's attestation (§3.04). */
export const drpClaimsShape = {
  name: personNameSchema,
  email: emailSchema,
  email_verified: z.boolean({ message: 'email_verified is true or false.' }).optional(),
  phone_number: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'A phone number is in E.164 form, such as +14155550100.')
    .optional(),
  phone_number_verified: z.boolean({ message: 'phone_number_verified is true or false.' }).optional(),
  address: addressClaimSchema.optional(),
  address_verified: z.boolean({ message: 'address_verified is true or false.' }).optional(),
  power_of_attorney: z.string().max(2000).optional(),
};

export const drpExerciseMessageSchema = drpEnvelopeSchema.extend({
  'drp.version': versionSchema,
  'agent-request-id': z.string().trim().min(1).max(200).optional(),
  exercise: z.enum(drpExercises, {
    message: `Unsupported rights action: we take ${drpExercises.join(', ')}.`,
  }),
  regime: z
    .literal('ccpa', { message: 'The only regime is ccpa (or none, for voluntary processing).' })
    .optional(),
  relationships: z.array(z.string().max(100)).max(20).optional(),
  status_callback: z.string().max(2000).optional(),
  ...drpClaimsShape,
});
export type DrpExerciseMessage = z.infer<typeof drpExerciseMessageSchema>;

export const drpRevokeMessageSchema = drpEnvelopeSchema.extend({
  reason: z.string().max(1000).optional(),
});

/** The Exercise Status object (§3.03). */
export const drpExerciseStatusSchema = z.object({
  request_id: z.uuid(),
  status: z.enum(drpStatuses),
  reason: z.enum(drpReasons).optional(),
  received_at: z.iso.datetime(),
  expected_by: z.iso.date().optional(),
  agent_request_id: z.string().optional(),
  processing_details: z.string().optional(),
  user_verification_url: z.string().optional(),
});

/** An error answer (§3.06). */
export const drpErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  fatal: z.boolean().optional(),
});

// --- the admin page --------------------------------------------------------------------------------------

const versionField = z.number({ message: 'Give the version you saw.' }).int().min(0);

export const drpAgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(drpAgentStatuses),
  source: z.enum(drpAgentSources),
  verifyKey: z.string(),
  /** The key's SHA-256, first 16 hex digits: to compare with the agent's own by phone. */
  keyFingerprint: z.string(),
  webUrl: z.string().nullable(),
  identityAssuranceUrl: z.string().nullable(),
  technicalContact: z.string().nullable(),
  businessContact: z.string().nullable(),
  /** Bearer tokens issued by the pair-wise key setup and still usable. */
  tokens: z.int().min(0),
  requests: z.int().min(0),
  lastRequestAt: z.iso.datetime().nullable(),
  keyChangedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  version: z.int().min(0),
});
export type DrpAgent = z.infer<typeof drpAgentSchema>;

export const drpAgentsListInputSchema = z.object({}).default({});
export const drpAgentsListOutputSchema = z.object({
  items: z.array(drpAgentSchema),
  businessId: z.string(),
  /** Where agents call us: `<origin>/drp`. */
  apiBase: z.string(),
  /** The directory file read at start-up, when one is set. */
  directoryFile: z.string().nullable(),
});

export const drpAgentAddInputSchema = z.object({
  id: drpAgentIdSchema,
  name: personNameSchema,
  verifyKey: drpVerifyKeySchema,
  webUrl: httpsUrlSchema.nullable().optional(),
  identityAssuranceUrl: httpsUrlSchema.nullable().optional(),
  technicalContact: emailSchema.nullable().optional(),
  businessContact: emailSchema.nullable().optional(),
});
export type DrpAgentAddInput = z.input<typeof drpAgentAddInputSchema>;

export const drpAgentSetStatusInputSchema = z.object({
  id: drpAgentIdSchema,
  version: versionField,
  status: z.enum(drpAgentStatuses),
  reason: reasonSchema,
});
export type DrpAgentSetStatusInput = z.input<typeof drpAgentSetStatusInputSchema>;

export const drpAgentRotateKeyInputSchema = z.object({
  id: drpAgentIdSchema,
  version: versionField,
  verifyKey: drpVerifyKeySchema,
  reason: reasonSchema,
});
export type DrpAgentRotateKeyInput = z.input<typeof drpAgentRotateKeyInputSchema>;

export const drpAgentChangeOutputSchema = drpAgentSchema;

// --- a request filed by an agent -------------------------------------------------------------------------

export const drpRequestInputSchema = z.object({ requestId: idSchema });

export const drpCallbackSchema = z.object({
  at: z.iso.datetime(),
  event: z.enum(drpEventKinds),
  status: z.enum(drpStatuses).nullable(),
  reason: z.enum(drpReasons).nullable(),
  /** The receiver's HTTP answer, or null when it gave none. */
  httpStatus: z.int().nullable(),
  attempt: z.int().min(0),
});

export const drpRequestOutputSchema = z
  .object({
    agent: z.object({ id: z.string(), name: z.string(), status: z.enum(drpAgentStatuses) }),
    agentRequestId: z.string().nullable(),
    exercise: z.enum(drpExercises),
    /** No regime given: handled under the CCPA's rules on a voluntary basis. */
    voluntary: z.boolean(),
    relationships: z.array(z.string()),
    /** The status callback's host, or null when the agent gave none. */
    callbackHost: z.string().nullable(),
    /** Which identity claims the agent attested, and which it says it verified. */
    attested: z.object({
      name: z.boolean(),
      email: z.boolean(),
      emailVerified: z.boolean(),
      phone: z.boolean(),
      phoneVerified: z.boolean(),
      address: z.boolean(),
      addressVerified: z.boolean(),
      powerOfAttorney: z.boolean(),
    }),
    /** What the agent sees now from its status call. */
    current: drpExerciseStatusSchema,
    /** The status callbacks, newest first. */
    deliveries: z.array(drpCallbackSchema),
    /** Other open requests of the same type from the same email or account: intake's duplicate warning. */
    duplicates: z.array(z.object({ id: z.uuid(), reference: z.string() })),
  })
  .nullable();
export type DrpRequestOutput = z.infer<typeof drpRequestOutputSchema>;

/** A timeline entry: what passed between us and the agent (never the claims). */
export const drpEventShape = {
  event: z.enum(drpEventKinds),
  agentId: z.string(),
  status: z.enum(drpStatuses).nullable(),
  reason: z.enum(drpReasons).nullable(),
  httpStatus: z.int().nullable(),
  attempt: z.int().min(0),
  /** Which status change of the request it delivered (0 for the filing and the revoke themselves). */
  seq: z.int().min(0),
};
