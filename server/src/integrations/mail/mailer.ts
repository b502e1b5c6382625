import { createTransport } from 'nodemailer';

/** One message as it leaves: the outbox row's fields with its link or code filled in. */
export interface OutgoingMail {
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  /** Fixed when the message was queued (`<id@domain>`): a resend is the same message. */
  messageId: string;
}

/** The server accepted the message: its answer ("250 2.0.0 Ok: queued as …"). */
export interface MailAccepted {
  answer: string;
}

/** The server refused the message, or could not be reached: its answer, or what went wrong. */
export class MailRefused extends Error {
  /** The SMTP server's own words (may name the address), or the connection fault. */
  declare readonly answer: string;
  constructor(
    answer: string,
    /** A code to log (`550`, `ECONNECTION`): logs carry codes, never the answer's text. */
    readonly code: string,
  ) {
    super(`The mail server did not accept the message (${code}).`);
    this.name = 'MailRefused';
    // Not enumerable: a logged error (its properties copied by the serializer) never carries the answer.
    Object.defineProperty(this, 'answer', { value: answer, enumerable: false });
  }
}

export interface Mailer {
  /** Our sender, `Name <address>`. */
  readonly from: string;
  /** What kind of server takes our mail: for the start-up banner and the mailbox page. */
  readonly kind: 'smtp' | 'capture' | 'none';
  send(mail: OutgoingMail): Promise<MailAccepted>;
  close(): Promise<void>;
}

interface NodemailerFailure {
  code?: unknown;
  response?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

function refusalOf(error: unknown): MailRefused {
  const e = (error ?? {}) as NodemailerFailure;
  const code =
    typeof e.responseCode === 'number'
      ? String(e.responseCode)
      : typeof e.code === 'string'
        ? e.code
        : 'unknown';
  const answer =
    typeof e.response === 'string' && e.response.length > 0
      ? e.response
      : typeof e.message === 'string'
        ? e.message
        : 'The mail server could not be reached.';
  return new MailRefused(answer.slice(0, 1000), code);
}

/** Mail through an SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`), one connection a message. */
export function smtpMailer(url: string, from: string, kind: 'smtp' | 'capture' = 'smtp'): Mailer {
  const transport = createTransport(url, {
    from,
  });
  transport.set('connectionTimeout', 10_000);
  return {
    from,
    kind,
    async send(mail) {
      let info: { accepted: unknown[]; rejected: unknown[]; response: string };
      try {
        info = await transport.sendMail({
          from,
          to: mail.to,
          replyTo: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
        });
      } catch (error) {
        throw refusalOf(error);
      }
      if (info.accepted.length === 0 || info.rejected.length > 0)
        throw new MailRefused(info.response, 'rejected');
      return { answer: info.response };
    },
    close: () => Promise.resolve(transport.close()),
  };
}

/** No server to send to (a deployment without SMTP_URL): every attempt fails, saying so; nothing is lost. */
export function noMailer(from: string): Mailer {
  return {
    from,
    kind: 'none',
    send: () =>
      Promise.reject(new MailRefused('No SMTP server is configured: set SMTP_URL to send mail.', 'no-smtp')),
    close: () => Promise.resolve(),
  };
}

/** The address part of `Name <address>` (or the whole of a bare address). */
export function addressOf(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match?.[1] ?? from).trim();
}

/**
 * Where a requester's reply to a request's mail goes: our address with the reference as a sub-address
 * (`privacy+dsr-2026-000123@syncronis.net`), so that the email-intake work can thread it.
 */
export function replyAddressFor(from: string, reference: string | null): string {
  const address = addressOf(from);
  if (reference === null) return address;
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  return `${address.slice(0, at)}+${reference.toLowerCase()}${address.slice(at)}`;
}

/** A Message-ID in our sender's domain, fixed when the message is queued. */
export function messageIdFor(id: string, from: string): string {
  const address = addressOf(from);
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : 'privacydesk.invalid';
  return `<${id}@${domain}>`;
}
