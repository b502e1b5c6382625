// Zod-free and pure: the privacy mailbox's states and the suggestions the inbox makes (issue 16).
import type { Regime, RequestType } from '../clocks/regimes.js';
import { regimeTypes } from '../clocks/regimes.js';

/**
 * What became of a message. `new`: nobody has looked at it yet. `request`: an officer made a request of it.
 * `reply`: it belongs to a request already (threaded by itself, or attached by an officer). `not_request`:
 * an officer said what it is instead. Nothing is ever deleted.
 */
export const inboundMailStatuses = ['new', 'request', 'reply', 'not_request'] as const;
export type InboundMailStatus = (typeof inboundMailStatuses)[number];

export const inboundMailStatusLabels: Record<InboundMailStatus, string> = {
  new: 'New',
  request: 'Made a request',
  reply: 'On a request',
  not_request: 'Not a request',
};

/** Why a message is not a request: the three the inbox offers, and anything else with a note. */
export const notRequestReasons = ['spam', 'marketing_reply', 'question_answered', 'other'] as const;
export type NotRequestReason = (typeof notRequestReasons)[number];

export const notRequestReasonLabels: Record<NotRequestReason, string> = {
  spam: 'Spam',
  marketing_reply: 'A reply to marketing',
  question_answered: 'A general question, answered',
  other: 'Something else (say what)',
};

/** How a message came to be on a request. */
export const threadedVia = ['in_reply_to', 'reply_address', 'officer'] as const;
export type ThreadedVia = (typeof threadedVia)[number];

export const threadedViaLabels: Record<ThreadedVia, string> = {
  in_reply_to: 'it answers our message (In-Reply-To)',
  reply_address: 'it was sent to the request’s reply address',
  officer: 'an officer attached it',
};

/**
 * What is odd about a stored message: shown on it, never a reason to refuse it. `no_from`: no usable From
 * address. `malformed`: the MIME structure could not be read as a whole (the text is what could be).
 * `eight_bit`: bytes in the headers that are not valid text. `truncated`: the text was longer than we keep.
 * `attachments_dropped`: it carried attachments, which are recorded but not kept.
 */
export const inboundMailFlags = [
  'no_from',
  'malformed',
  'eight_bit',
  'truncated',
  'attachments_dropped',
] as const;
export type InboundMailFlag = (typeof inboundMailFlags)[number];

export const inboundMailFlagLabels: Record<InboundMailFlag, string> = {
  no_from: 'No usable sender address',
  malformed: 'Malformed message: shown as far as it could be read',
  eight_bit: 'Headers with bytes that are not text',
  truncated: 'Text longer than the inbox keeps: cut',
  attachments_dropped: 'Attachments recorded, not kept',
};

/** Sender-authentication verdicts (SPF, DKIM, DMARC), as mailauth reports them. A signal, never verification. */
export const mailAuthVerdicts = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
] as const;
export type MailAuthVerdict = (typeof mailAuthVerdicts)[number];

/** How much text of a message the inbox keeps (characters). */
export const inboundTextLimit = 100_000;
/** The preview's length in the list. */
export const inboundPreviewLength = 160;

/** The words that suggest each kind of right, in the order they are tried (the first match wins). */
const typeWords: readonly { kind: RightKind; words: RegExp }[] = [
  {
    kind: 'opt_out',
    words:
      /\b(do not sell|don'?t sell|opt[- ]?out|sale of my|selling my|share my (personal )?(data|information))\b/i,
  },
  {
    kind: 'erase',
    words: /\b(delete|deletion|erase|erasure|remove|removal|forget|forgotten|close my account|wipe)\b/i,
  },
  { kind: 'port', words: /\b(portab\w*|export|transfer (my|it)|machine[- ]readable)\b/i },
  { kind: 'correct', words: /\b(correct\w*|rectif\w*|wrong|inaccurate|out of date|update my)\b/i },
  { kind: 'restrict', words: /\b(restrict\w*|stop processing|limit the use)\b/i },
  { kind: 'object', words: /\b(object|objection|direct marketing)\b/i },
  {
    kind: 'access',
    words:
      /\b(access|copy of (my|the|all)|subject access|dsar|sar|what (personal )?(data|information) (do )?you (hold|have|keep)|right to know)\b/i,
  },
];

type RightKind = 'opt_out' | 'erase' | 'port' | 'correct' | 'restrict' | 'object' | 'access';

/** Each kind of right as the types of each law name it (the first the law has). */
const typesOfKind: Record<RightKind, readonly RequestType[]> = {
  opt_out: ['opt_out_sale', 'objection'],
  erase: ['erasure', 'delete'],
  port: ['portability', 'know', 'access'],
  correct: ['rectification', 'correct'],
  restrict: ['restriction', 'limit_sensitive'],
  object: ['objection', 'opt_out_sale'],
  access: ['access', 'know', 'confirmation'],
};

/**
 * The type of request a message's words suggest, under a law when one is suggested (else as the GDPR names
 * it): a suggestion for the officer to confirm, never a decision. Undefined when no word points anywhere.
 */
export function suggestRequestType(text: string, regime: Regime | undefined): RequestType | undefined {
  const found = typeWords.find((t) => t.words.test(text));
  if (!found) return undefined;
  const offered = regimeTypes[regime ?? 'gdpr'];
  return typesOfKind[found.kind].find((t) => offered.includes(t));
}

/**
 * A request reference written anywhere in a text (`DSR-2026-000123`, any case): how a subject line or a
 * reply address names the request it is about.
 */
export function referenceIn(text: string): string | undefined {
  const match = /\bdsr-(\d{4})-(\d{6})\b/i.exec(text);
  return match ? `DSR-${match[1]}-${match[2]}` : undefined;
}

/**
 * The request a reply address names: our mailbox's address with the reference as a sub-address
 * (`privacy+dsr-2026-000123@syncronis.net`), for one of our own addresses only.
 */
export function referenceOfReplyAddress(address: string, ours: readonly string[]): string | undefined {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus <= 0) return undefined;
  const base = `${local.slice(0, plus)}@${domain}`;
  if (!ours.some((o) => o.toLowerCase() === base)) return undefined;
  const tag = local.slice(plus + 1);
  return /^dsr-\d{4}-\d{6}$/.test(tag) ? tag.toUpperCase() : undefined;
}

/** Whether an envelope recipient is one of our privacy addresses (itself, or with a sub-address). */
export function isOurAddress(address: string, ours: readonly string[]): boolean {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return false;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  const base = `${plus > 0 ? local.slice(0, plus) : local}@${lower.slice(at + 1)}`;
  return ours.some((o) => o.toLowerCase() === base);
}
