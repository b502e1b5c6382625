import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../db/client.js';
import { capturedMail } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';

export interface CaptureSmtp {
  /** `smtp://127.0.0.1:<port>`: the mailer sends here. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The embedded demo's mail server (no SMTP_URL set): a real SMTP server on loopback that keeps what it is
 * given in `captured_mail`, so mail really leaves the outbox (the app's mailer speaks SMTP to it) and can be
 * read in the app. It accepts plain SMTP without authentication, from this machine only.
 */
export async function startCaptureSmtp(db: Db, log: Logger, port = 0): Promise<CaptureSmtp> {
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 2 * 1024 * 1024,
    onConnect(session, callback) {
      // Loopback only: the demo's inbox is nobody's relay.
      const ip = session.remoteAddress;
      if (ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1') callback();
      else callback(new Error('Only this machine may send here.'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          await db.insert(capturedMail).values({
            receivedAt: new Date(),
            envelopeFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            messageId: parsed.messageId ?? null,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          callback();
        })
        .catch((error: unknown) => {
          log.error({ err: error }, 'capture inbox could not keep a message');
          callback(new Error('The message could not be kept.'));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', (error: unknown) => log.error({ err: error }, 'capture inbox error'));
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
