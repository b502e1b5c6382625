import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  messageId: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** The next `count` messages are refused with this SMTP answer (e.g. 451 4.3.0 try later). */
  refuseNext(count: number, code: number, answer: string): void;
  close(): Promise<void>;
}

/** A real SMTP server in the test's process (the `smtp-server` package): what it accepted, in order. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let refusals: { left: number; code: number; answer: string } = { left: 0, code: 0, answer: '' };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (refusals.left > 0) {
            refusals = { ...refusals, left: refusals.left - 1 };
            const error = new Error(refusals.answer) as Error & { responseCode: number };
            error.responseCode = refusals.code;
            callback(error);
            return;
          }
          const text = (v: { text: string } | { text: string }[] | undefined) =>
            v === undefined ? '' : Array.isArray(v) ? v.map((a) => a.text).join(', ') : v.text;
          received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: text(parsed.from),
            to: text(parsed.to),
            replyTo: text(parsed.replyTo),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? '',
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error('parse failed')));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(count, code, answer) {
      refusals = { left: count, code, answer };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
