import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { inboundTextLimit, type InboundMailFlag } from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { inboundAttachments, inboundMail } from '../../db/schema.js';
import { jobsQueued } from '../../jobs/job-wake.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { recordAudit } from '../audit/audit.writer.js';

/** What the SMTP conversation told us besides the message itself. */
export interface InboundEnvelope {
  mailFrom: string;
  rcptTo: string[];
  remoteIp: string;
  helo: string;
}

/** The system actor that receives mail, as the audit log names it. */
export const inboundActor = 'smtp:inbound';

const headerLineLimit = 200;
const headerValueLimit = 2000;

/** Text a PostgreSQL text column can hold: no NUL, and at most `max` characters. */
function storable(value: string, max: number): { text: string; cut: boolean } {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must go
  const clean = value.replace(/\u0000/g, '');
  return clean.length > max ? { text: clean.slice(0, max), cut: true } : { text: clean, cut: false };
}

/** Whether the header section holds bytes that are not UTF-8 (8-bit garbage, or an undeclared charset). */
function hasEightBitHeaders(raw: Buffer): boolean {
  let end = raw.indexOf('\r\n\r\n');
  if (end < 0) end = raw.indexOf('\n\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return false;
  } catch {
    return true;
  }
}

function firstAddress(from: AddressObject | undefined): { address: string | null; name: string } {
  const first = from?.value[0];
  const address = first?.address?.trim().toLowerCase() ?? '';
  // A usable address has one @ with something either side; anything else is recorded as none.
  const usable = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) ? address : null;
  return { address: usable, name: storable(first?.name?.trim() ?? '', 200).text };
}

function referencesOf(parsed: ParsedMail): string[] {
  const refs = parsed.references;
  const list = refs === undefined ? [] : Array.isArray(refs) ? refs : [refs];
  return list.slice(0, 50).map((r) => storable(r, 998).text);
}

/** What the inbox keeps of one message: read from its bytes; never throws (a malformed one is flagged). */
export async function readInbound(
  raw: Buffer,
  keep: AttachmentKeeping = noKeeping,
): Promise<{
  row: Omit<
    typeof inboundMail.$inferInsert,
    'id' | 'receivedAt' | 'envelopeFrom' | 'envelopeTo' | 'remoteIp' | 'helo'
  >;
  kept: { position: number; name: string; type: string; size: number; content: Buffer }[];
}> {
  const flags = new Set<InboundMailFlag>();
  if (hasEightBitHeaders(raw)) flags.add('eight_bit');
  let parsed: ParsedMail | null = null;
  try {
    // Only text is taken: HTML is turned into text by the parser, and nothing it links to is fetched.
    parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipHtmlToText: false,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch {
    flags.add('malformed');
  }
  const from = firstAddress(parsed?.from);
  if (from.address === null) flags.add('no_from');
  const body = storable(parsed?.text ?? (parsed ? '' : raw.toString('latin1')), inboundTextLimit);
  if (body.cut) flags.add('truncated');
  const attachments = (parsed?.attachments ?? []).map((a) => ({
    name: storable(a.filename ?? '', 200).text,
    type: storable(a.contentType, 200).text,
    size: a.size,
  }));
  // Kept only where the setting allows, each under its size limit; any other is recorded, not kept.
  const kept = (parsed?.attachments ?? []).flatMap((a, position) => {
    const meta = attachments[position];
    return keep.days > 0 && meta && a.size <= keep.maxBytes
      ? [{ position, ...meta, content: a.content }]
      : [];
  });
  if (kept.length < attachments.length) flags.add('attachments_dropped');
  const headers = (parsed?.headerLines ?? []).slice(0, headerLineLimit).map((h) => {
    const colon = h.line.indexOf(':');
    return {
      name: storable(h.key, 200).text,
      value: storable(colon < 0 ? h.line : h.line.slice(colon + 1).trim(), headerValueLimit).text,
    };
  });
  return {
    row: {
      messageId: parsed?.messageId ? storable(parsed.messageId, 998).text : null,
      inReplyTo: parsed?.inReplyTo ? storable(parsed.inReplyTo, 998).text : null,
      references: parsed ? referencesOf(parsed) : [],
      fromAddress: from.address,
      fromName: from.name,
      subject: storable(parsed?.subject ?? '', 998).text,
      headers,
      text: body.text,
      attachments,
      sizeBytes: raw.length,
      flags: [...flags],
      raw,
    },
    kept,
  };
}

/** How long attachments are kept, and the largest kept (INBOUND_KEEP_ATTACHMENT_DAYS, …_MAX_BYTES). */
export interface AttachmentKeeping {
  days: number;
  maxBytes: number;
}
export const noKeeping: AttachmentKeeping = { days: 0, maxBytes: 0 };

/**
 * Keeps one accepted message: the row (with its arrival time), its `inbox.received` audit event and the
 * `inbox.process` job that threads and checks it, in one transaction. The SMTP answer is 250 only once this
 * has committed, so an accepted message is never lost; a crash before it leaves the sender to retry.
 */
export async function storeInbound(
  db: DbOrTx,
  envelope: InboundEnvelope,
  raw: Buffer,
  receivedAt: Date,
  /** A fixed id (the demo's history names the mail its request is made of); else a new one. */
  fixedId?: string,
  keep: AttachmentKeeping = noKeeping,
): Promise<string> {
  const { row, kept } = await readInbound(raw, keep);
  const id = await db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(inboundMail)
      .values({
        ...(fixedId ? { id: fixedId } : {}),
        ...row,
        receivedAt,
        envelopeFrom: storable(envelope.mailFrom, 998).text,
        envelopeTo: envelope.rcptTo.map((r) => storable(r, 998).text),
        remoteIp: storable(envelope.remoteIp, 64).text,
        helo: storable(envelope.helo, 255).text,
      })
      .returning({ id: inboundMail.id });
    if (!stored) throw new Error('inbound mail insert returned nothing');
    await recordAudit(
      tx,
      { actorId: null, ip: envelope.remoteIp, requestId: inboundActor },
      {
        action: 'inbox.received',
        entityType: 'inbound_mail',
        entityId: stored.id,
        after: {
          sizeBytes: raw.length,
          attachments: row.attachments?.length ?? 0,
          flags: row.flags ?? [],
        },
      },
      receivedAt,
    );
    if (kept.length > 0) {
      const keptUntil = new Date(receivedAt.getTime() + keep.days * 86_400_000);
      await tx.insert(inboundAttachments).values(kept.map((a) => ({ mailId: stored.id, ...a, keptUntil })));
      // Emptied when the keeping time ends, by a job of its own: durable, so a restart does not forget it.
      await scheduleJob(tx, {
        kind: 'inbox.purge',
        runAt: keptUntil,
        key: `inbox.purge:${stored.id}`,
        payload: { mailId: stored.id },
      });
    }
    await scheduleJob(tx, {
      kind: 'inbox.process',
      runAt: receivedAt,
      key: `inbox.process:${stored.id}`,
      payload: { mailId: stored.id },
    });
    return stored.id;
  });
  jobsQueued();
  return id;
}
