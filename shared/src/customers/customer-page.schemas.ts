import { z } from 'zod';
import { regimes } from '../clocks/regimes.js';
import { idSchema, isoInstantSchema, revealReasonSchema } from '../common/fields.js';
import { maskedEmailSchema, maskedNameSchema } from '../common/masked.js';
import {
  dateOnlySchema,
  linkedCustomerSchema,
  referenceSchema,
  regimeFieldSchema,
  requestCreateOutputSchema,
  requestTypeFieldSchema,
  requestStatusSchema,
} from '../requests/requests.schemas.js';
import { requestChannels, requestOutcomes, type RequestChannel } from '../requests/requests.constants.js';
import { customerSearchSurfaces } from '../audit/audit.payloads.js';
import { customerFlagSchema } from './customers.schemas.js';

// --- search ----------------------------------------------------------------------------------------------

/** Masked readers see at most this many accounts for a name, in account-number order (issue 9, item 1). */
export const maskedNameMatchCap = 10;
/** How far a ranked search pages: past this, the search should be narrower. */
export const customerSearchMaxOffset = 200;

export const customerSearchInputSchema = z.object({
  // Shorter than two characters is answered with guidance, not refused: the box is typed into live.
  q: z.string().trim().max(100, 'Search for at most 100 characters.'),
  limit: z.number().int().min(1).max(20).default(10),
  /** Where the search is typed: the intake's picker, or the directory (the Customers page, the palette). */
  from: z.enum(customerSearchSurfaces).default('customer_picker'),
  offset: z
    .number()
    .int()
    .min(0)
    .max(customerSearchMaxOffset, `Results go no further than ${customerSearchMaxOffset}: narrow the search.`)
    .default(0),
});
export type CustomerSearchInput = z.input<typeof customerSearchInputSchema>;

/** How an account matched: what the reader typed was its number, its email, its name, or its organisation. */
export const customerMatchKinds = ['account', 'email', 'name', 'organisation'] as const;
export type CustomerMatchKind = (typeof customerMatchKinds)[number];

export const customerSearchOutputSchema = z.object({
  items: z.array(linkedCustomerSchema.and(z.object({ matchedBy: z.enum(customerMatchKinds) }))),
  /** More results follow this page. */
  hasMore: z.boolean(),
  /** Set when the term was too short (or otherwise not searchable) to search: what to type instead. */
  guidance: z.string().nullable(),
  /** For masked readers: the name matched more accounts than they are shown; typing more narrows it. */
  capped: z.boolean(),
});
export type CustomerSearchOutput = z.infer<typeof customerSearchOutputSchema>;
export type CustomerSearchItem = CustomerSearchOutput['items'][number];

// --- the customer page -----------------------------------------------------------------------------------

export const customerIdInputSchema = z.object({ id: idSchema });

const organisationShape = {
  id: idSchema,
  name: z.string(),
  country: z.string(),
};
/** The account's organisation; its privacy contact is personal data and is masked like the account's own. */
export const customerOrganisationSchema = z.discriminatedUnion('masked', [
  z.object({
    ...organisationShape,
    masked: z.literal(false),
    contact: z.object({ name: z.string(), email: z.string() }).nullable(),
  }),
  z.object({
    ...organisationShape,
    masked: z.literal(true),
    contact: z.object({ name: maskedNameSchema, email: maskedEmailSchema }).nullable(),
  }),
]);

/** One of the customer's requests, as anyone who reads customers may see it: no internals. */
export const customerRequestSchema = z.object({
  id: idSchema,
  reference: referenceSchema,
  type: requestTypeFieldSchema,
  status: requestStatusSchema,
  outcome: z.enum(requestOutcomes).nullable(),
  receivedAt: z.iso.datetime(),
  /** The effective due date (the law's or the company's, or the extended one). */
  dueOn: dateOnlySchema,
  closedOn: dateOnlySchema.nullable(),
  /** What to tell the customer about it, in plain words. */
  plainLine: z.string(),
});
export type CustomerRequest = z.infer<typeof customerRequestSchema>;

/** A system known to hold this account's data, and what of it (the erasure work's data inventory adds more). */
export const footprintSystemSchema = z.object({
  key: z.string(),
  name: z.string(),
  holds: z.string(),
  since: z.iso.datetime().nullable(),
});

export const customerPageSchema = z.object({
  customer: linkedCustomerSchema,
  /** The account's version, for changes made from its page (flags). */
  version: z.number().int().min(0),
  signupAt: z.iso.datetime(),
  lastActiveAt: z.iso.datetime().nullable(),
  organisation: customerOrganisationSchema.nullable(),
  /** Every flag it has had: standing ones first. */
  flags: z.array(customerFlagSchema),
  requests: z.array(customerRequestSchema),
  footprint: z.object({
    systems: z.array(footprintSystemSchema),
    /** False until the data inventory exists: then only the systems known here are listed. */
    fromInventory: z.boolean(),
  }),
  /** The regime the account's country suggests, for logging a request. */
  suggestedRegime: z.enum(regimes).nullable(),
  today: dateOnlySchema,
});
export type CustomerPage = z.infer<typeof customerPageSchema>;

// --- reveal ----------------------------------------------------------------------------------------------

export const customerRevealInputSchema = z.object({ customerId: idSchema, reason: revealReasonSchema });
export type CustomerRevealInput = z.input<typeof customerRevealInputSchema>;
/** For this page view only: the client keeps it in memory and forgets it on leaving. */
export const customerRevealOutputSchema = z.object({
  name: z.string(),
  email: z.string(),
  contact: z.object({ name: z.string(), email: z.string() }).nullable(),
});
export type CustomerRevealOutput = z.infer<typeof customerRevealOutputSchema>;

// --- a request in one step -------------------------------------------------------------------------------

/**
 * Logging a request from the customer page: the requester is the account (the server fills name, email,
 * location and the minor flag from it, so a masked reader never handles them in clear).
 */
export const customerLogRequestInputSchema = z.object({
  customerId: idSchema,
  type: requestTypeFieldSchema,
  regime: regimeFieldSchema,
  // The account holder asks for themselves here; an authorised agent's request goes through the intake form.
  channel: z.enum(
    requestChannels.filter((c) => c !== 'authorised_agent') as [RequestChannel, ...RequestChannel[]],
    {
      message: 'Choose how the customer asked (an agent’s request is logged from the intake form).',
    },
  ),
  /** When the customer asked; defaults to now, never later. */
  receivedAt: isoInstantSchema.optional(),
  description: z.string().trim().max(5000, 'A description has at most 5000 characters.').default(''),
  /** An open request of this type already stands on the account: log another only when confirmed. */
  confirmDuplicate: z.boolean().default(false),
});
export type CustomerLogRequestInput = z.input<typeof customerLogRequestInputSchema>;

export const customerLogRequestOutputSchema = z.discriminatedUnion('logged', [
  requestCreateOutputSchema.extend({ logged: z.literal(true), plainLine: z.string() }),
  z.object({
    logged: z.literal(false),
    /** The open requests of this type on the account: confirm to log another anyway. */
    duplicates: z.array(customerRequestSchema),
  }),
]);
export type CustomerLogRequestOutput = z.infer<typeof customerLogRequestOutputSchema>;
