import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import { regimes, requestTypes } from '../clocks/regimes.js';
import {
  inboundMailFlags,
  inboundMailStatuses,
  mailAuthVerdicts,
  notRequestReasons,
  threadedVia,
} from './inbox.constants.js';

const versionSchema = z.number({ message: 'Give the version you saw.' }).int().min(0);
const referenceSchema = z.string().regex(/^DSR-\d{4}-\d{6}$/);

export const inboundMailStatusSchema = z.enum(inboundMailStatuses);

/** Which messages the inbox lists: the untriaged ones by default, newest first. */
export const inboxFindInputSchema = z.object({
  show: z.enum(['new', 'handled', 'all']).default('new'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type InboxFindInput = z.input<typeof inboxFindInputSchema>;

/** A request's timeline entry for mail put on it (the text stays with the mail, not on the timeline). */
export const mailReceivedEventShape = { mailId: z.uuid(), via: z.enum(threadedVia) };

const requestLinkSchema = z.object({ id: z.uuid(), reference: referenceSchema });

export const inboxItemSchema = z.object({
  id: z.uuid(),
  receivedAt: z.iso.datetime(),
  fromName: z.string(),
  /** Null when the message had no usable From address. */
  fromAddress: z.string().nullable(),
  subject: z.string(),
  preview: z.string(),
  status: inboundMailStatusSchema,
  flags: z.array(z.enum(inboundMailFlags)),
  attachmentCount: z.int().min(0),
  /** The request it became, or is on. */
  request: requestLinkSchema.nullable(),
  version: z.int(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxFindOutputSchema = z.object({
  items: z.array(inboxItemSchema),
  total: z.int().min(0),
  page: z.int().min(1),
  pageSize: z.int().min(1),
  /** Untriaged messages, whatever is listed: the navigation's count. */
  newCount: z.int().min(0),
});
export type InboxFindOutput = z.infer<typeof inboxFindOutputSchema>;

export const inboxGetInputSchema = z.object({ id: idSchema });

const authCheckSchema = z.object({
  verdict: z.enum(mailAuthVerdicts),
  /** The domain the verdict is about, where there is one. */
  domain: z.string().nullable(),
});

export const inboxMailSchema = inboxItemSchema.extend({
  text: z.string(),
  to: z.array(z.string()),
  envelopeFrom: z.string(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  sizeBytes: z.int().min(0),
  attachments: z.array(z.object({ name: z.string(), type: z.string(), size: z.int().min(0) })),
  /** The attachments kept for a short time (INBOUND_KEEP_ATTACHMENT_DAYS), by their place among `attachments`. */
  kept: z.array(
    z.object({
      id: z.uuid(),
      position: z.int().min(0),
      keptUntil: z.iso.datetime(),
      /** Set once the keeping time ended and the content went. */
      purgedAt: z.iso.datetime().nullable(),
    }),
  ),
  /** SPF, DKIM, DMARC once checked (after the message was stored); a signal, never verification. */
  auth: z
    .object({
      spf: authCheckSchema,
      dkim: authCheckSchema,
      dmarc: authCheckSchema,
      checkedAt: z.iso.datetime(),
    })
    .nullable(),
  threadedVia: z.enum(threadedVia).nullable(),
  notRequest: z.object({ reason: z.enum(notRequestReasons), note: z.string().nullable() }).nullable(),
  handled: z.object({ by: z.string(), at: z.iso.datetime() }).nullable(),
});
export type InboxMail = z.infer<typeof inboxMailSchema>;

/** What the inbox suggests doing with a new message: every part is for the officer to confirm. */
export const inboxSuggestionSchema = z.object({
  action: z.enum(['new_request', 'reply', 'not_request']),
  /** A reply: the request it names (by reference in its subject or text) or answers. */
  request: requestLinkSchema.extend({ status: z.string() }).nullable(),
  type: z.enum(requestTypes).nullable(),
  regime: z.enum(regimes).nullable(),
  /** The account whose email is the sender's, when there is exactly one. */
  customer: z.object({ id: z.uuid(), accountNumber: z.string(), country: z.string() }).nullable(),
});
export type InboxSuggestion = z.infer<typeof inboxSuggestionSchema>;

export const inboxGetOutputSchema = z.object({
  mail: inboxMailSchema,
  suggestion: inboxSuggestionSchema,
});
export type InboxGetOutput = z.infer<typeof inboxGetOutputSchema>;

export const inboxDismissInputSchema = z
  .object({
    id: idSchema,
    version: versionSchema,
    reason: z.enum(notRequestReasons, { message: 'Choose why this is not a request.' }),
    note: z.string().trim().max(1000, 'A note has at most 1000 characters.').optional(),
  })
  .superRefine((input, ctx) => {
    if (input.reason === 'other' && !input.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what this message is.' });
  });
export type InboxDismissInput = z.input<typeof inboxDismissInputSchema>;

export const inboxAttachInputSchema = z.object({
  id: idSchema,
  version: versionSchema,
  reference: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^DSR-\d{4}-\d{6}$/, 'Give a request reference such as DSR-2026-000123.'),
});
export type InboxAttachInput = z.input<typeof inboxAttachInputSchema>;

export const inboxChangeOutputSchema = z.object({
  id: z.uuid(),
  version: z.int(),
  status: inboundMailStatusSchema,
  request: requestLinkSchema.nullable(),
});

/** The mail a request's timeline holds: the requester's messages that came in on it. */
export const requestInboundInputSchema = z.object({ requestId: idSchema });
export const requestInboundOutputSchema = z.object({
  items: z.array(
    inboxItemSchema.extend({
      text: z.string(),
      threadedVia: z.enum(threadedVia).nullable(),
      /** The calendar day it arrived where the request is handled: the day "information received" records. */
      arrivedOn: z.iso.date(),
    }),
  ),
});
export type RequestInboundOutput = z.infer<typeof requestInboundOutputSchema>;

/**
 * "Information received" from a reply: the request resumes and the clock ledger records what came in on the
 * day the reply arrived (not the day someone noticed it).
 */
export const inboxInformationReceivedInputSchema = z.object({
  mailId: idSchema,
  requestId: idSchema,
  requestVersion: versionSchema,
});
export type InboxInformationReceivedInput = z.input<typeof inboxInformationReceivedInputSchema>;
