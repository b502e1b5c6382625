import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { isOurAddress } from '@privdesk/shared';
import type { Db } from '../../db/client.js';
import { storeInbound, type AttachmentKeeping } from '../../features/inbox/inbox-store.js';
import type { Logger } from '../../lib/logger.js';

export interface InboundSmtpOptions {
  port: number;
  host: string;
  /** The privacy addresses we take mail for; a sub-address of one (`privacy+…@`) too. */
  addresses: readonly string[];
  maxBytes: number;
  /** Messages one sender may deliver in `senderWindowMs`. */
  senderLimit: number;
  senderWindowMs?: number;
  /** The server's clock (a test clock in tests); arrival times are read from it. */
  now: () => Date;
  /** Attachments kept for a short time (none by default). */
  keepAttachments?: AttachmentKeeping;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

/** An SMTP refusal with its code: smtp-server answers `<code> <message>`. */
function refusal(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Counts per sender over a sliding window (per process), forgetting the oldest when it grows too large. */
function senderCounter(limit: number, windowMs: number) {
  const seen = new Map<string, number[]>();
  return (sender: string, at: number): boolean => {
    const recent = (seen.get(sender) ?? []).filter((t) => at - t < windowMs);
    if (recent.length >= limit) {
      seen.set(sender, recent);
      return false;
    }
    recent.push(at);
    if (seen.size > 50_000) seen.clear();
    seen.set(sender, recent);
    return true;
  };
}

function collect(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the bytes are read and dropped (the answer is 552), never kept in memory.
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * The privacy mailbox's SMTP listener (issue 16, items 1 and 4). It takes mail for our privacy addresses only
 * (others are refused at RCPT with 550), refuses what is over the size limit (552) and a sender past its rate
 * (451, so a real mail server tries again later), and answers 250 only after the message is stored: a crash
 * after the answer loses nothing, a crash before leaves the sending server to retry. Malformed MIME, missing
 * From or 8-bit headers are stored and flagged, not refused. No AUTH and no STARTTLS: it is the last hop
 * behind our MX (or the demo's local port), not a submission server.
 */
export async function startInboundSmtp(
  db: Db,
  log: Logger,
  options: InboundSmtpOptions,
): Promise<InboundSmtp> {
  const allowSender = senderCounter(options.senderLimit, options.senderWindowMs ?? 10 * 60_000);
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    banner: 'Syncronis privacy mailbox',
    size: options.maxBytes,
    maxClients: 200,
    // A slow or silent client is let go after a minute without a word.
    socketTimeout: 60_000,
    closeTimeout: 10_000,
    onMailFrom(address, session, callback) {
      const sender = address.address.trim().toLowerCase() || `<>@${session.remoteAddress}`;
      if (!allowSender(sender, Date.now())) {
        callback(refusal(451, '4.7.1 Too many messages from this sender: try again later'));
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (!isOurAddress(address.address, options.addresses)) {
        callback(refusal(550, '5.1.1 No such mailbox here'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      collect(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            callback(refusal(552, `5.3.4 Message too big: the limit is ${options.maxBytes} bytes`));
            return;
          }
          const id = await storeInbound(
            db,
            {
              mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              remoteIp: session.remoteAddress,
              helo: session.hostNameAppearsAs,
            },
            raw,
            options.now(),
            undefined,
            options.keepAttachments,
          );
          log.info({ mailId: id, bytes: raw.length }, 'inbound mail stored');
          callback(null, `2.0.0 Stored as ${id}`);
        })
        .catch((error: unknown) => {
          // Ids and codes only: the error may carry the message's words.
          log.error(
            { err: { name: (error as Error).name, code: (error as { code?: unknown }).code } },
            'inbound mail could not be stored',
          );
          callback(refusal(451, '4.3.0 The message could not be stored: try again later'));
        });
    },
  });
  server.on('error', (error: unknown) =>
    log.warn(
      { err: { name: (error as Error).name, code: (error as { code?: unknown }).code } },
      'inbound smtp error',
    ),
  );
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.server.off('error', fail);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
