// Zod-free and pure (issue 13, item 4): the web imports it through `@privdesk/shared/constants`.
import { regimeTable, type Regime, type RequestType } from '../clocks/regimes.js';

/** What we write to requesters. Each kind has its template, its placeholders and what sending it records. */
export const templateKinds = [
  'acknowledgement',
  'verification_link',
  'verification_reminder',
  'one_time_code',
  'identity_request',
  'clarification_request',
  'extension_notice',
  'denial',
  'completion',
  'closed_unverified',
] as const;
export type TemplateKind = (typeof templateKinds)[number];

/**
 * Every message the outbox sends: the requesters' (admins edit their templates) and the registry's, to
 * customers' privacy contacts (issue 14): a change notice, and the link that confirms a subscription to them.
 */
export const messageKinds = [...templateKinds, 'subprocessor_notice', 'registry_subscription'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const messageKindLabels: Record<MessageKind, string> = {
  acknowledgement: 'Acknowledgement of receipt',
  verification_link: 'Verification link',
  verification_reminder: 'Verification reminder',
  one_time_code: 'One-time code',
  identity_request: 'Request for identity information',
  clarification_request: 'Request for clarification',
  extension_notice: 'Extension notice',
  denial: 'Denial',
  completion: 'Completion',
  closed_unverified: 'Closed: identity not verified',
  subprocessor_notice: 'Subprocessor change notice',
  registry_subscription: 'Registry subscription link',
};

/**
 * queued: written to the outbox, not yet accepted by the SMTP server; sent: accepted (the date the ledger
 * records); failed: refused or unreachable after every retry (or no longer lawful to send), with the
 * server's answer; cancelled: withdrawn before it left (a newer link replaced it).
 */
export const messageStatuses = ['queued', 'sent', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const messageStatusLabels: Record<MessageStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Every placeholder a template may name, `{{like_this}}`, and what it stands for (shown to admins). */
export const messagePlaceholders = {
  requester_name: 'The requester’s name as given',
  reference: 'The request’s reference (DSR-2026-000123)',
  request_type: 'The right exercised, in words (“access to your data”)',
  law: 'The law the request is handled under (EU GDPR, CCPA/CPRA, …)',
  received_date: 'When we received the request',
  due_date: 'The date we will answer by',
  verification_link: 'The requester’s own confirmation link (never stored; made when the mail leaves)',
  link_expires_date: 'The last day the link works',
  code: 'The one-time code (never stored; made when the mail leaves)',
  code_minutes: 'How many minutes the code works',
  question: 'What we need from the requester, as the officer wrote it',
  extension_reason: 'Why we need more time, as the officer wrote it',
  original_due_date: 'The date we would have answered by',
  extended_due_date: 'The date we will now answer by',
  denial_reason: 'The ground for refusing, in words',
  denial_explanation: 'The explanation the officer wrote for the requester',
  complaint_rights: 'Where the requester may complain and seek a judicial remedy (per law)',
  unverified_days: 'After how many days an unverified request closes',
  privacy_email: 'Our privacy address',
} as const;
export type MessagePlaceholder = keyof typeof messagePlaceholders;

const common: readonly MessagePlaceholder[] = [
  'requester_name',
  'reference',
  'request_type',
  'law',
  'received_date',
  'privacy_email',
];

export interface MessageKindRule {
  /** Placeholders a template of this kind may use. */
  allowed: readonly MessagePlaceholder[];
  /** Placeholders it must use: without them the message would not say what the law or the process needs. */
  required: readonly MessagePlaceholder[];
}

export const messageKindRules: Record<TemplateKind, MessageKindRule> = {
  acknowledgement: { allowed: [...common, 'due_date'], required: ['reference'] },
  verification_link: {
    allowed: [...common, 'verification_link', 'link_expires_date'],
    required: ['verification_link', 'link_expires_date'],
  },
  verification_reminder: {
    allowed: [...common, 'verification_link', 'link_expires_date'],
    required: ['verification_link', 'link_expires_date'],
  },
  one_time_code: { allowed: [...common, 'code', 'code_minutes'], required: ['code', 'code_minutes'] },
  identity_request: { allowed: [...common, 'question', 'due_date'], required: ['question'] },
  clarification_request: { allowed: [...common, 'question', 'due_date'], required: ['question'] },
  // GDPR Art. 12(3): the notice gives the reasons for the delay.
  extension_notice: {
    allowed: [...common, 'extension_reason', 'original_due_date', 'extended_due_date'],
    required: ['extension_reason', 'extended_due_date'],
  },
  // GDPR Art. 12(4): the reasons, and the right to complain to a supervisory authority and to a judicial remedy.
  denial: {
    allowed: [...common, 'denial_reason', 'denial_explanation', 'complaint_rights'],
    required: ['denial_explanation', 'complaint_rights'],
  },
  completion: { allowed: [...common], required: ['reference'] },
  closed_unverified: {
    allowed: [...common, 'unverified_days', 'complaint_rights'],
    required: ['reference', 'complaint_rights'],
  },
};

export interface MessageTemplate {
  subject: string;
  body: string;
}

const signature = `\n\nSyncronis Privacy Team\n{{privacy_email}}`;

/** What a fresh deployment sends. Admins may replace each, for every law or for one. */
export const defaultMessageTemplates: Record<TemplateKind, MessageTemplate> = {
  acknowledgement: {
    subject: 'We received your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nWe received your request for {{request_type}} on {{received_date}} and are handling it under {{law}}. Its reference is {{reference}}; please quote it if you write to us.\n\nWe will answer by {{due_date}}. If we need to confirm your identity or ask you anything, we will write to you from this address.${signature}`,
  },
  verification_link: {
    subject: 'Please confirm your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nBefore we act on your request for {{request_type}} ({{reference}}), we need to make sure it comes from you. Please open this link and confirm:\n\n{{verification_link}}\n\nThe link works once, until {{link_expires_date}}. If you did not make this request, ignore this message and nothing will happen.${signature}`,
  },
  verification_reminder: {
    subject: 'Reminder: please confirm your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nWe have not yet had your confirmation of request {{reference}}. We cannot act on it until you confirm it is yours:\n\n{{verification_link}}\n\nThe link works once, until {{link_expires_date}}. If you did not make this request, ignore this message.${signature}`,
  },
  one_time_code: {
    subject: 'Your code for privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nYour one-time code is {{code}}. Read it to the person you are speaking with at Syncronis. It works for {{code_minutes}} minutes.\n\nIf you are not speaking with us about request {{reference}}, do not share this code with anyone.${signature}`,
  },
  identity_request: {
    subject: 'We need to confirm your identity for {{reference}}',
    body: `Dear {{requester_name}},\n\nTo act on your request for {{request_type}} ({{reference}}) we need to confirm that it comes from you:\n\n{{question}}\n\nPlease reply to this message.${signature}`,
  },
  clarification_request: {
    subject: 'A question about your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nTo handle your request for {{request_type}} ({{reference}}) we need a little more from you:\n\n{{question}}\n\nPlease reply to this message.${signature}`,
  },
  extension_notice: {
    subject: 'More time is needed for your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nWe are writing about your request for {{request_type}} ({{reference}}), received on {{received_date}}. We need more time to answer it fully, as {{law}} allows, because:\n\n{{extension_reason}}\n\nWe will now answer by {{extended_due_date}} instead of {{original_due_date}}.${signature}`,
  },
  denial: {
    subject: 'Our answer to your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nWe have considered your request for {{request_type}} ({{reference}}), received on {{received_date}}, and we cannot act on it. The ground: {{denial_reason}}.\n\n{{denial_explanation}}\n\n{{complaint_rights}}${signature}`,
  },
  completion: {
    subject: 'Your privacy request {{reference}} is complete',
    body: `Dear {{requester_name}},\n\nWe have completed your request for {{request_type}} ({{reference}}), received on {{received_date}}, under {{law}}. If anything is not as you expected, reply to this message.${signature}`,
  },
  closed_unverified: {
    subject: 'We have closed your privacy request {{reference}}',
    body: `Dear {{requester_name}},\n\nWe could not confirm that request {{reference}} came from you: it was not confirmed within {{unverified_days}} days, so we have closed it without acting on it. You are welcome to make a new request at any time.\n\n{{complaint_rights}}${signature}`,
  },
};

/** Our privacy address, as the policy gives it (privacy-policy.txt). */
export const privacyEmail = 'privacy@syncronis.net';

/**
 * Where a requester may complain, and the judicial remedy, per law (GDPR Art. 12(4), 77–79; UK GDPR the same
 * with the ICO; CCPA the CPPA or the Attorney General; …). For the EU, the lead authority follows the EU
 * handling entity's country (its holiday calendar in the settings).
 */
export function complaintRightsFor(regime: Regime, handlingCountry: string): string {
  const remedy = 'You also have the right to seek a judicial remedy before the courts.';
  switch (regime) {
    case 'gdpr': {
      const lead = euLeadAuthorities[handlingCountry.slice(0, 2).toUpperCase()];
      const authority = lead
        ? `${lead}, our lead supervisory authority in the EU,`
        : 'our lead supervisory authority in the EU';
      return `If you disagree, you have the right to complain to ${authority} or to the data protection authority of the EU country where you live, work or where you think the law was broken. ${remedy}`;
    }
    case 'uk_gdpr':
      return `If you disagree, you have the right to complain to the Information Commissioner's Office (ico.org.uk). ${remedy}`;
    case 'ccpa':
      return 'If you disagree, you may complain to the California Privacy Protection Agency (cppa.ca.gov) or the California Attorney General (oag.ca.gov/privacy).';
    case 'lgpd':
      return `If you disagree, you have the right to petition the Autoridade Nacional de Proteção de Dados (ANPD). ${remedy}`;
    case 'vcdpa':
      return 'If you disagree, you may appeal by replying to this message within 60 days; if the appeal is refused, you may contact the Virginia Attorney General.';
    case 'cpa':
      return 'If you disagree, you may appeal by replying to this message within 45 days; if the appeal is refused, you may contact the Colorado Attorney General.';
    case 'pipeda':
      return 'If you disagree, you have the right to complain to the Office of the Privacy Commissioner of Canada (priv.gc.ca).';
    case 'quebec':
      return "If you disagree, you have the right to ask the Commission d'accès à l'information du Québec to review our decision.";
  }
}

const euLeadAuthorities: Readonly<Record<string, string>> = {
  IE: 'the Data Protection Commission (Ireland)',
  DE: 'the competent German data protection authority',
  FR: 'the CNIL (France)',
  NL: 'the Autoriteit Persoonsgegevens (Netherlands)',
  LU: 'the CNPD (Luxembourg)',
  BE: 'the Data Protection Authority (Belgium)',
  ES: 'the AEPD (Spain)',
  IT: 'the Garante per la protezione dei dati personali (Italy)',
};

/** The law's name as requesters read it. */
export function lawNameOf(regime: Regime): string {
  return regimeTable[regime].label;
}

// --- templates: reading, checking, filling ---------------------------------------------------------------

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text names, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const seen: string[] = [];
  for (const match of text.matchAll(placeholderPattern)) {
    const name = match[1] ?? '';
    if (!seen.includes(name)) seen.push(name);
  }
  return seen;
}

function isPlaceholder(name: string): name is MessagePlaceholder {
  return Object.hasOwn(messagePlaceholders, name);
}

export const templateBounds = { subjectMax: 200, bodyMax: 10_000 } as const;

/**
 * What is wrong with a template, field by field (empty when nothing): a placeholder this kind does not know,
 * a required one missing from subject and body both, braces that open or close nothing, a subject on two
 * lines or over its length.
 */
export function templateProblems(kind: TemplateKind, template: MessageTemplate): Record<string, string[]> {
  const rule = messageKindRules[kind];
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);
  const allowedList = rule.allowed.map((p) => `{{${p}}}`).join(', ');
  for (const [field, text] of [
    ['subject', template.subject],
    ['body', template.body],
  ] as const) {
    if (text.trim().length === 0) add(field, field === 'subject' ? 'Write a subject.' : 'Write a message.');
    for (const name of placeholdersIn(text)) {
      if (!isPlaceholder(name) || !rule.allowed.includes(name)) {
        add(field, `{{${name}}} is not a placeholder of this message. It may use ${allowedList}.`);
      }
    }
    const stray = text.replace(placeholderPattern, '');
    if (stray.includes('{{') || stray.includes('}}')) {
      add(field, 'A “{{” or “}}” does not make a placeholder: write {{name}} with both pairs of braces.');
    }
  }
  if (template.subject.length > templateBounds.subjectMax)
    add('subject', `Keep the subject within ${templateBounds.subjectMax} characters.`);
  if (/[\r\n]/.test(template.subject)) add('subject', 'A subject is one line.');
  if (template.body.length > templateBounds.bodyMax)
    add('body', `Keep the message within ${templateBounds.bodyMax.toLocaleString('en-GB')} characters.`);
  // The link and the code are only ever in the body: a subject is shown in lists and notifications.
  for (const secret of ['verification_link', 'code'] as const) {
    if (placeholdersIn(template.subject).includes(secret))
      add('subject', `{{${secret}}} belongs in the message, never in the subject.`);
  }
  const used = new Set([...placeholdersIn(template.subject), ...placeholdersIn(template.body)]);
  const missing = rule.required.filter((p) => !used.has(p));
  if (missing.length > 0) {
    add(
      'body',
      `This message must include ${missing.map((p) => `{{${p}}}`).join(' and ')}: ${missing
        .map((p) => messagePlaceholders[p].toLowerCase())
        .join('; ')}.`,
    );
  }
  return problems;
}

/** Fills a checked template. Every placeholder it names must have a value (a programming error otherwise). */
export function fillTemplate(text: string, values: Partial<Record<MessagePlaceholder, string>>): string {
  return text.replace(placeholderPattern, (_whole, raw: string) => {
    const name = raw.trim();
    const value = isPlaceholder(name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`No value for the placeholder {{${name}}}.`);
    return value;
  });
}

/**
 * Stand-ins for what is never stored: the outbox keeps the message with these in place of the requester's
 * link and code, which are made again from the message's id when it leaves. Shown to staff as the words.
 */
export const messageSecretStandIns = {
  verification_link: '[[verification-link]]',
  code: '[[one-time-code]]',
} as const;

/** A stored message as staff read it: its secrets named, never shown. */
export function messageTextForStaff(text: string): string {
  return text
    .replaceAll(messageSecretStandIns.verification_link, '[the requester’s personal link — not kept]')
    .replaceAll(messageSecretStandIns.code, '[the one-time code — not kept]');
}

/** The identity-check link's life and the one-time code's (product.md §5). */
export const verificationLinkDays = 7;
export const verificationReminderHours = 24;
export const oneTimeCodeMinutes = 10;
export const oneTimeCodeAttempts = 5;
/** Links to one request: not two within this many minutes, and at most this many a day. */
export const verificationLinkResend = { minMinutes: 5, perDay: 3 } as const;

/** An identity check sent by email: a link the requester opens, or a code they read back on a call. */
export const challengeMethods = ['email_link', 'one_time_code'] as const;
export type ChallengeMethod = (typeof challengeMethods)[number];

/**
 * pending: usable until it expires; used: confirmed (single use); superseded: a newer one went out;
 * locked: the code's attempts ran out.
 */
export const challengeStatuses = ['pending', 'used', 'superseded', 'locked'] as const;
export type ChallengeStatus = (typeof challengeStatuses)[number];

/** What a message's leaving records, besides its own status (the ledger's notice date, a link to make). */
export const messageLedgerEvents = [
  'acknowledged',
  'extension_noticed',
  'identity_asked',
  'clarification_asked',
] as const;
export type MessageLedgerEvent = (typeof messageLedgerEvents)[number];

/** The right exercised, as a requester reads it ("your request for …"). */
export const requestTypePhrases: Record<RequestType, string> = {
  access: 'access to your personal data',
  rectification: 'correction of your personal data',
  erasure: 'erasure of your personal data',
  restriction: 'restriction of the processing of your personal data',
  portability: 'a portable copy of your personal data',
  objection: 'an objection to the processing of your personal data',
  withdraw_consent: 'the withdrawal of your consent',
  know: 'information about the personal information we hold about you',
  delete: 'deletion of your personal information',
  correct: 'correction of your personal information',
  opt_out_sale: 'opting out of the sale or sharing of your personal information',
  limit_sensitive: 'limiting the use of your sensitive personal information',
  confirmation: 'confirmation of whether we process your personal data',
};

/** A calendar date as requesters read it: "3 December 2026" (US laws: "December 3, 2026"). */
export function requesterDate(isoDate: string, regime: Regime): string {
  const us = regime === 'ccpa' || regime === 'vcdpa' || regime === 'cpa';
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(us ? 'en-US' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
