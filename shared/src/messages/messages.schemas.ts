import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import { regimes } from '../clocks/regimes.js';
import { referenceSchema } from '../requests/requests.schemas.js';
import {
  messageKinds,
  messageStatuses,
  templateKinds,
  templateBounds,
  templateProblems,
} from './messages.constants.js';

const staffRefSchema = z.object({ id: z.uuid(), name: z.string() });
const instant = z.iso.datetime();
const versionSchema = z.number({ message: 'Give the version you saw.' }).int().min(0);

/** One message as privacy officers read it: to whom, the exact text (its link or code named, not shown). */
export const messageViewSchema = z.object({
  id: z.uuid(),
  requestId: z.uuid().nullable(),
  reference: referenceSchema.nullable(),
  kind: z.enum(messageKinds),
  status: z.enum(messageStatuses),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  messageId: z.string(),
  replyTo: z.string(),
  queuedAt: instant,
  queuedBy: staffRefSchema.nullable(),
  sentAt: instant.nullable(),
  failedAt: instant.nullable(),
  attempts: z.int().min(0),
  /** The SMTP server's answer: the acceptance when sent, the refusal or the fault when failed. */
  serverAnswer: z.string().nullable(),
  /** Why it failed, in words, when it failed (refused, unreachable, no longer lawful to send). */
  failure: z.string().nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** One message as an admin sees it on the mailbox: delivery only, no address, subject or text. */
export const messageStatusViewSchema = z.object({
  id: z.uuid(),
  reference: referenceSchema.nullable(),
  kind: z.enum(messageKinds),
  status: z.enum(messageStatuses),
  queuedAt: instant,
  sentAt: instant.nullable(),
  failedAt: instant.nullable(),
  attempts: z.int().min(0),
  /** The server's answer with any address in it replaced by "[address]". */
  serverAnswer: z.string().nullable(),
});
export type MessageStatusView = z.infer<typeof messageStatusViewSchema>;

export const requestMessagesInputSchema = z.object({ id: idSchema });
export const requestMessagesOutputSchema = z.object({ items: z.array(messageViewSchema) });
export type RequestMessagesOutput = z.infer<typeof requestMessagesOutputSchema>;

export const mailboxInputSchema = z.object({
  page: z.int().min(1).max(10_000).default(1),
  pageSize: z.int().min(1).max(100).default(25),
  status: z.enum(messageStatuses).optional(),
  kind: z.enum(messageKinds).optional(),
});
export type MailboxInput = z.input<typeof mailboxInputSchema>;

const mailboxPage = { total: z.int().min(0), page: z.int().min(1), pageSize: z.int().min(1) };
export const mailboxOutputSchema = z.discriminatedUnion('view', [
  z.object({ view: z.literal('full'), items: z.array(messageViewSchema), ...mailboxPage }),
  z.object({ view: z.literal('status'), items: z.array(messageStatusViewSchema), ...mailboxPage }),
]);
export type MailboxOutput = z.infer<typeof mailboxOutputSchema>;

export const messageRetryInputSchema = z.object({ messageId: idSchema });

// --- templates -------------------------------------------------------------------------------------------

const regimeOrAll = z.enum(regimes).nullable();

/** One kind's template for one law (or every law), as stored or as shipped. */
export const messageTemplateViewSchema = z.object({
  kind: z.enum(templateKinds),
  /** null: for every law without one of its own. */
  regime: regimeOrAll,
  subject: z.string(),
  body: z.string(),
  /** True while nobody has changed the shipped text. */
  isDefault: z.boolean(),
  version: z.int().min(0),
  updatedAt: instant.nullable(),
  updatedBy: staffRefSchema.nullable(),
});
export type MessageTemplateView = z.infer<typeof messageTemplateViewSchema>;

export const messageTemplatesOutputSchema = z.object({ items: z.array(messageTemplateViewSchema) });
export type MessageTemplatesOutput = z.infer<typeof messageTemplatesOutputSchema>;

/** Saving a template: its placeholders are checked against its kind, field by field (templateProblems). */
export const messageTemplateUpdateInputSchema = z
  .object({
    kind: z.enum(templateKinds),
    regime: regimeOrAll,
    /** The version the admin saw (0 for a template not yet changed). */
    version: versionSchema,
    subject: z.string().max(templateBounds.subjectMax * 2),
    body: z.string().max(templateBounds.bodyMax * 2),
  })
  .superRefine((value, ctx) => {
    for (const [field, messages] of Object.entries(templateProblems(value.kind, value))) {
      for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  });
export type MessageTemplateUpdateInput = z.input<typeof messageTemplateUpdateInputSchema>;

export const messageTemplateResetInputSchema = z.object({
  kind: z.enum(templateKinds),
  regime: regimeOrAll,
  version: versionSchema,
});

// --- identity checks by email ----------------------------------------------------------------------------

const requestTarget = { id: idSchema, version: versionSchema };

export const verificationSendLinkInputSchema = z.object(requestTarget);
export const verificationSendCodeInputSchema = z.object(requestTarget);
export const verificationCheckCodeInputSchema = z.object({
  ...requestTarget,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The code is six digits.'),
});

/** What sending a link or a code did: the request's new version and the message queued. */
export const verificationSendOutputSchema = z.object({
  version: z.int().min(1),
  messageId: z.uuid(),
  expiresAt: instant,
});
export type VerificationSendOutput = z.infer<typeof verificationSendOutputSchema>;

export const verificationCheckCodeOutputSchema = z.object({
  version: z.int().min(1),
  outcome: z.enum(['passed', 'failed']),
  attemptsLeft: z.int().min(0),
});

// --- the requester's own page (public) -------------------------------------------------------------------

export const publicTokenSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^[0-9a-f-]{36}\.[0-9a-f]{40}$/, 'This link is not complete.');

export const publicVerificationInspectInputSchema = z.object({ token: z.string().max(400) });

/** What the requester's page may say: never a name, an email, or anything about another request. */
export const publicVerificationInspectOutputSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ready'),
    reference: referenceSchema,
    requestType: z.string(),
    law: z.string(),
    receivedOn: z.string(),
    expiresOn: z.string(),
    /** High assurance: the requester signs a declaration themselves (11 CCR §7062(c)). */
    declarationRequired: z.boolean(),
  }),
  z.object({ state: z.literal('unusable') }),
]);
export type PublicVerificationInspectOutput = z.infer<typeof publicVerificationInspectOutputSchema>;

export const publicVerificationConfirmInputSchema = z.object({
  token: z.string().max(400),
  /** The declaration, signed with the requester's own name, when the level needs it. */
  declaration: z
    .object({
      signedName: z
        .string()
        .trim()
        .min(2, 'Type your full name to sign.')
        .max(200, 'A name has at most 200 characters.'),
      agreed: z.literal(true, { message: 'Tick the box to make the declaration.' }),
    })
    .optional(),
});
export type PublicVerificationConfirmInput = z.input<typeof publicVerificationConfirmInputSchema>;

export const publicVerificationConfirmOutputSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('confirmed'), reference: referenceSchema }),
  z.object({ state: z.literal('unusable') }),
]);

// --- the demo's capture inbox ----------------------------------------------------------------------------

export const capturedMailInputSchema = z.object({
  page: z.int().min(1).max(10_000).default(1),
  pageSize: z.int().min(1).max(100).default(25),
});
export const capturedMailViewSchema = z.object({
  id: z.uuid(),
  receivedAt: instant,
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  messageId: z.string().nullable(),
});
export type CapturedMailView = z.infer<typeof capturedMailViewSchema>;
export const capturedMailOutputSchema = z.object({
  /** False when mail goes to a real SMTP server: there is no capture inbox. */
  capturing: z.boolean(),
  items: z.array(capturedMailViewSchema),
  total: z.int().min(0),
  page: z.int().min(1),
  pageSize: z.int().min(1),
});
export type CapturedMailOutput = z.infer<typeof capturedMailOutputSchema>;
export type VerificationCheckCodeOutput = z.infer<typeof verificationCheckCodeOutputSchema>;
export const messageTemplateResetOutputSchema = z.object({
  kind: z.enum(templateKinds),
  regime: regimeOrAll,
});
