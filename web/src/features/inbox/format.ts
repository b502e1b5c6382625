import type { InboundMailFlag, InboundMailStatus, MailAuthVerdict } from '@privdesk/shared/constants';

export { formatCompactDateTime, formatDateTime } from '../../lib/dates';

// With seconds: when two messages from one sender arrived a minute apart, which came first matters (a
// request is received when its email arrived).
const exactFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** When a message arrived, to the second, in the viewer's zone with the zone named: "2 Mar 2026, 09:15:07 UTC". */
export function formatExactDateTime(iso: string): string {
  return exactFormat.format(new Date(iso));
}

/** An attachment's size as a person reads it: "812 B", "23 KB", "1.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The dot beside a status: the words carry the meaning, the colour only helps the eye. */
export const statusColors: Record<InboundMailStatus, string> = {
  new: 'blue',
  request: 'teal',
  reply: 'indigo',
  not_request: 'gray',
};

/**
 * The list's short names for what is odd about a message (the full sentence is the badge's title and is
 * written out on the message). `no_from` and `attachments_dropped` have none: the sender line ("No sender
 * address") and the attachment count already say so in the list.
 */
export const listFlagLabels: Record<InboundMailFlag, string | null> = {
  no_from: null,
  malformed: 'Malformed',
  eight_bit: 'Odd header bytes',
  truncated: 'Text cut',
  attachments_dropped: null,
};

export const authVerdictLabels: Record<MailAuthVerdict, string> = {
  pass: 'pass',
  fail: 'fail',
  softfail: 'softfail',
  neutral: 'neutral',
  none: 'none',
  temperror: 'temporary error',
  permerror: 'permanent error',
  policy: 'policy',
};

/** "Nadia Okoro <nadia@example.com>", "nadia@example.com", or the name alone when there is no address. */
export function senderOf(mail: { fromName: string; fromAddress: string | null }): {
  name: string;
  address: string | null;
} {
  const name = mail.fromName.trim();
  return { name: name.length > 0 ? name : (mail.fromAddress ?? 'Unknown sender'), address: mail.fromAddress };
}

export function subjectOf(subject: string): string {
  return subject.trim().length > 0 ? subject : '(no subject)';
}

/**
 * The privacy mailbox's address as the empty inbox names it: the server's default (INBOUND_ADDRESSES), which
 * the web is not told.
 */
export const privacyAddress = 'privacy@syncronis.net';
