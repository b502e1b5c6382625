import { and, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  DomainError,
  calendarDateIn,
  fieldError,
  inboundPreviewLength,
  referenceIn,
  referenceOfReplyAddress,
  suggestRegime,
  suggestRequestType,
  type InboxGetOutput,
  type InboxItem,
  type InboxMail,
  type InboxSuggestion,
  type RequestInboundOutput,
  type ThreadedVia,
  type inboxAttachInputSchema,
  type inboxDismissInputSchema,
  type inboxFindInputSchema,
  type inboxInformationReceivedInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import {
  customers,
  inboundAttachments,
  inboundMail,
  messages,
  requestEvents,
  requests,
  staff,
} from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { openAsks, ledgerOf } from '../requests/clock-ledger.js';
import { writeRequestChange, type SystemActor } from '../requests/request-change.js';
import { transitionInTx } from '../requests/request-moves.js';
import { readSettings } from '../settings/settings.store.js';

export type InboundRow = typeof inboundMail.$inferSelect;

const listColumns = {
  id: inboundMail.id,
  receivedAt: inboundMail.receivedAt,
  fromName: inboundMail.fromName,
  fromAddress: inboundMail.fromAddress,
  subject: inboundMail.subject,
  // The preview is cut by the database: a long message's text never travels for a list row.
  preview: sql<string>`left(${inboundMail.text}, ${inboundPreviewLength * 2})`,
  status: inboundMail.status,
  flags: inboundMail.flags,
  attachmentCount: sql<number>`jsonb_array_length(${inboundMail.attachments})::int`,
  requestId: inboundMail.requestId,
  reference: requests.reference,
  version: inboundMail.version,
};

type ListRow = {
  id: string;
  receivedAt: Date;
  fromName: string;
  fromAddress: string | null;
  subject: string;
  preview: string;
  status: InboxItem['status'];
  flags: InboxItem['flags'];
  attachmentCount: number;
  requestId: string | null;
  reference: string | null;
  version: number;
};

function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > inboundPreviewLength ? `${flat.slice(0, inboundPreviewLength - 1)}…` : flat;
}

function itemOf(row: ListRow): InboxItem {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    fromName: row.fromName,
    fromAddress: row.fromAddress,
    subject: row.subject,
    preview: previewOf(row.preview),
    status: row.status,
    flags: row.flags,
    attachmentCount: row.attachmentCount,
    request:
      row.requestId !== null && row.reference !== null
        ? { id: row.requestId, reference: row.reference }
        : null,
    version: row.version,
  };
}

/** The inbox: untriaged mail (or handled, or all), newest first, with the count of untriaged. */
export async function findInbox(deps: ActorDeps, input: z.output<typeof inboxFindInputSchema>) {
  const where =
    input.show === 'new'
      ? eq(inboundMail.status, 'new')
      : input.show === 'handled'
        ? ne(inboundMail.status, 'new')
        : undefined;
  const [rows, [total], [fresh]] = await Promise.all([
    deps.db
      .select(listColumns)
      .from(inboundMail)
      .leftJoin(requests, eq(requests.id, inboundMail.requestId))
      .where(where)
      .orderBy(desc(inboundMail.receivedAt), desc(inboundMail.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    deps.db.select({ n: count() }).from(inboundMail).where(where),
    deps.db.select({ n: count() }).from(inboundMail).where(eq(inboundMail.status, 'new')),
  ]);
  return {
    items: rows.map(itemOf),
    total: total?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
    newCount: fresh?.n ?? 0,
  };
}

async function loadMail(db: DbOrTx, id: string, lock = false): Promise<InboundRow> {
  const query = db.select().from(inboundMail).where(eq(inboundMail.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new DomainError('NOT_FOUND', 'No message with this id in the inbox.');
  return row;
}

function mailOf(
  row: InboundRow,
  reference: string | null,
  handledBy: string | null,
  kept: InboxMail['kept'] = [],
): InboxMail {
  return {
    ...itemOf({
      ...row,
      preview: row.text.slice(0, inboundPreviewLength * 2),
      attachmentCount: row.attachments.length,
      reference,
    }),
    text: row.text,
    to: row.envelopeTo,
    envelopeFrom: row.envelopeFrom,
    messageId: row.messageId,
    inReplyTo: row.inReplyTo,
    sizeBytes: row.sizeBytes,
    attachments: row.attachments,
    kept,
    auth: row.auth && row.authCheckedAt ? { ...row.auth, checkedAt: row.authCheckedAt.toISOString() } : null,
    threadedVia: row.threadedVia,
    notRequest: row.notRequestReason ? { reason: row.notRequestReason, note: row.notRequestNote } : null,
    handled:
      row.handledAt !== null
        ? { by: handledBy ?? 'Privacy Desk (by itself)', at: row.handledAt.toISOString() }
        : null,
  };
}

/** The request a message answers: one of our messages it replies to, else the reference its subject or text names. */
async function requestNamedBy(
  db: DbOrTx,
  row: Pick<InboundRow, 'inReplyTo' | 'references' | 'subject' | 'text' | 'envelopeTo'>,
  ours: readonly string[],
): Promise<{ id: string; reference: string; status: string; via: ThreadedVia | null } | null> {
  const ids = [row.inReplyTo, ...row.references].filter((v): v is string => v !== null && v.length > 0);
  if (ids.length > 0) {
    const [answered] = await db
      .select({ id: requests.id, reference: requests.reference, status: requests.status })
      .from(messages)
      .innerJoin(requests, eq(requests.id, messages.requestId))
      .where(inArray(messages.messageId, ids))
      .orderBy(desc(messages.queuedAt))
      .limit(1);
    if (answered) return { ...answered, via: 'in_reply_to' };
  }
  const byAddress = row.envelopeTo
    .map((to) => referenceOfReplyAddress(to, ours))
    .find((r) => r !== undefined);
  const reference = byAddress ?? referenceIn(row.subject) ?? referenceIn(row.text.slice(0, 5000));
  if (reference === undefined) return null;
  const [named] = await db
    .select({ id: requests.id, reference: requests.reference, status: requests.status })
    .from(requests)
    .where(eq(requests.reference, reference));
  return named ? { ...named, via: byAddress !== undefined ? 'reply_address' : null } : null;
}

/** Bulk mail, auto-replies and mailing lists announce themselves in their headers (RFC 3834, RFC 2369). */
function looksAutomatic(row: Pick<InboundRow, 'headers' | 'fromAddress'>): boolean {
  if (row.fromAddress === null) return true;
  return row.headers.some((h) => {
    const name = h.name.toLowerCase();
    const value = h.value.toLowerCase();
    return (
      (name === 'auto-submitted' && value !== 'no') ||
      (name === 'precedence' && /^(bulk|list|junk)/.test(value)) ||
      name === 'list-unsubscribe' ||
      name === 'list-id'
    );
  });
}

async function suggestionFor(db: DbOrTx, row: InboundRow, ours: readonly string[]): Promise<InboxSuggestion> {
  const named = await requestNamedBy(db, row, ours);
  const accounts =
    row.fromAddress === null
      ? []
      : await db
          .select({ id: customers.id, accountNumber: customers.accountNumber, country: customers.country })
          .from(customers)
          .where(and(eq(customers.email, row.fromAddress), ne(customers.status, 'erased')))
          .limit(2);
  const customer = accounts.length === 1 ? (accounts[0] ?? null) : null;
  const regime = suggestRegime(customer?.country) ?? null;
  const words = `${row.subject}\n${row.text.slice(0, 5000)}`;
  return {
    action: named ? 'reply' : looksAutomatic(row) ? 'not_request' : 'new_request',
    request: named ? { id: named.id, reference: named.reference, status: named.status } : null,
    type: suggestRequestType(words, regime ?? undefined) ?? null,
    regime,
    customer,
  };
}

/** One message in full, with what the inbox suggests doing with it. */
export async function getInboxMail(
  deps: ActorDeps,
  id: string,
  ours: readonly string[],
): Promise<InboxGetOutput> {
  const row = await loadMail(deps.db, id);
  const [linked] = row.requestId
    ? await deps.db
        .select({ reference: requests.reference })
        .from(requests)
        .where(eq(requests.id, row.requestId))
    : [];
  const [who] = row.handledBy
    ? await deps.db.select({ name: staff.name }).from(staff).where(eq(staff.id, row.handledBy))
    : [];
  const kept = await deps.db
    .select({
      id: inboundAttachments.id,
      position: inboundAttachments.position,
      keptUntil: inboundAttachments.keptUntil,
      purgedAt: inboundAttachments.purgedAt,
    })
    .from(inboundAttachments)
    .where(eq(inboundAttachments.mailId, id))
    .orderBy(inboundAttachments.position);
  return {
    mail: mailOf(
      row,
      linked?.reference ?? null,
      who?.name ?? null,
      kept.map((k) => ({
        ...k,
        keptUntil: k.keptUntil.toISOString(),
        purgedAt: k.purgedAt?.toISOString() ?? null,
      })),
    ),
    suggestion: await suggestionFor(deps.db, row, ours),
  };
}

/** Whether a sender is the request's requester (or its agent): only then may a reply address thread by itself. */
function sentByRequester(
  row: Pick<InboundRow, 'fromAddress'>,
  request: { requesterEmail: string; agentEmail: string | null },
) {
  const from = row.fromAddress;
  if (from === null) return false;
  return from === request.requesterEmail.toLowerCase() || from === request.agentEmail?.toLowerCase();
}

/**
 * Puts a message on a request inside the caller's transaction: the request's timeline entry and the
 * `inbox.threaded` audit event through the request's change writer, and the message marked as on it.
 */
async function putOnRequest(
  tx: Tx,
  deps: { actor: ActorDeps['actor'] | SystemActor; now: Date },
  mail: InboundRow,
  requestId: string,
  via: ThreadedVia,
): Promise<{ reference: string }> {
  const [current] = await tx
    .select({ version: requests.version })
    .from(requests)
    .where(eq(requests.id, requestId))
    .for('update');
  if (!current) throw new DomainError('NOT_FOUND', 'No request with this id.');
  const updated = await writeRequestChange(tx, deps, { id: requestId, version: current.version }, () => ({
    set: {},
    events: [{ kind: 'mail_received', data: { mailId: mail.id, via } }],
    audit: (after) => ({
      action: 'inbox.threaded',
      entityType: 'request',
      entityId: requestId,
      before: { version: current.version },
      after: { version: after.version, mailId: mail.id, via },
    }),
  }));
  await tx
    .update(inboundMail)
    .set({
      status: 'reply',
      requestId,
      threadedVia: via,
      handledBy: 'system' in deps.actor ? null : deps.actor.staffId,
      handledAt: deps.now,
      version: mail.version + 1,
    })
    .where(eq(inboundMail.id, mail.id));
  return { reference: updated.reference };
}

/**
 * Threading (the `inbox.process` job): a new message that answers one of our messages (In-Reply-To or
 * References holds its Message-ID, which nobody outside could guess) goes on that request by itself; one sent
 * to a request's reply address does too, but only when it comes from that request's requester or agent (a
 * reference is easy to guess, so anyone else's mail waits for an officer). Returns how it was threaded.
 */
export async function threadInbound(
  tx: Tx,
  deps: { actor: SystemActor; now: Date },
  mailId: string,
  ours: readonly string[],
): Promise<ThreadedVia | null> {
  const mail = await loadMail(tx, mailId, true);
  if (mail.status !== 'new') return null;
  const named = await requestNamedBy(tx, mail, ours);
  if (!named || named.via === null) return null;
  // A request past its retention period takes no more mail: this one stays in the inbox for an officer.
  const [target] = await tx
    .select({ scrubbedAt: requests.scrubbedAt })
    .from(requests)
    .where(eq(requests.id, named.id));
  if (target?.scrubbedAt) return null;
  if (named.via === 'reply_address') {
    const [request] = await tx
      .select({ requesterEmail: requests.requesterEmail, agentEmail: requests.agentEmail })
      .from(requests)
      .where(eq(requests.id, named.id));
    if (!request || !sentByRequester(mail, request)) return null;
  }
  await putOnRequest(tx, deps, mail, named.id, named.via);
  return named.via;
}

function checkVersion(mail: InboundRow, version: number): void {
  if (mail.version !== version)
    throw new DomainError(
      'CONFLICT',
      'This message was handled by someone else meanwhile — reload to see what became of it.',
    );
  if (mail.status !== 'new')
    throw new DomainError('BAD_REQUEST', 'This message was already handled — it cannot be handled again.');
}

/** "Reply on DSR-…": an officer puts a message on a request by its reference. */
export async function attachInbound(deps: ActorDeps, input: z.output<typeof inboxAttachInputSchema>) {
  return deps.db.transaction(async (tx) => {
    const mail = await loadMail(tx, input.id, true);
    checkVersion(mail, input.version);
    const [request] = await tx
      .select({ id: requests.id })
      .from(requests)
      .where(eq(requests.reference, input.reference));
    if (!request) throw fieldError('reference', `No request ${input.reference}.`);
    const { reference } = await putOnRequest(tx, deps, mail, request.id, 'officer');
    return {
      id: mail.id,
      version: mail.version + 1,
      status: 'reply' as const,
      request: { id: request.id, reference },
    };
  });
}

/** "Not a request": what the message is instead, audited; the message stays. */
export async function dismissInbound(deps: ActorDeps, input: z.output<typeof inboxDismissInputSchema>) {
  return deps.db.transaction(async (tx) => {
    const mail = await loadMail(tx, input.id, true);
    checkVersion(mail, input.version);
    await tx
      .update(inboundMail)
      .set({
        status: 'not_request',
        notRequestReason: input.reason,
        notRequestNote: input.note ?? null,
        handledBy: deps.actor.staffId,
        handledAt: deps.now,
        version: mail.version + 1,
      })
      .where(eq(inboundMail.id, mail.id));
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'inbox.dismissed',
        entityType: 'inbound_mail',
        entityId: mail.id,
        before: { status: 'new', version: mail.version },
        after: { status: 'not_request', reason: input.reason, version: mail.version + 1 },
      },
      deps.now,
    );
    return { id: mail.id, version: mail.version + 1, status: 'not_request' as const, request: null };
  });
}

/**
 * A request made of a message (intake's `fromMailId`), inside intake's transaction: the message must be new;
 * it becomes the request's, with a timeline entry pointing at it.
 */
export async function lockMailForIntake(tx: Tx, mailId: string): Promise<InboundRow> {
  const [mail] = await tx.select().from(inboundMail).where(eq(inboundMail.id, mailId)).for('update');
  if (!mail) throw fieldError('fromMailId', 'No message with this id in the inbox.');
  if (mail.status !== 'new')
    throw fieldError('fromMailId', 'This message was already handled: it cannot become a second request.');
  return mail;
}

export async function markMailAsRequest(
  tx: Tx,
  mail: InboundRow,
  requestId: string,
  staffId: string,
  now: Date,
): Promise<void> {
  await tx
    .update(inboundMail)
    .set({ status: 'request', requestId, handledBy: staffId, handledAt: now, version: mail.version + 1 })
    .where(eq(inboundMail.id, mail.id));
}

/** The arrival time of a message, for intake: read before its transaction (the receipt check needs it). */
export async function mailArrival(db: DbOrTx, mailId: string): Promise<Date> {
  const [mail] = await db
    .select({ receivedAt: inboundMail.receivedAt })
    .from(inboundMail)
    .where(eq(inboundMail.id, mailId));
  if (!mail) throw fieldError('fromMailId', 'No message with this id in the inbox.');
  return mail.receivedAt;
}

/** The mail that came in on a request (made of it, or on it since), oldest first. */
export async function inboundOfRequest(deps: ActorDeps, requestId: string): Promise<RequestInboundOutput> {
  const [request] = await deps.db
    .select({ id: requests.id, regime: requests.regime, reference: requests.reference })
    .from(requests)
    .where(eq(requests.id, requestId));
  if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
  const settings = await readSettings(deps.db, deps.log);
  const zone = settings.handling[request.regime].timeZone;
  const rows = await deps.db
    .select()
    .from(inboundMail)
    .where(eq(inboundMail.requestId, requestId))
    .orderBy(inboundMail.receivedAt)
    .limit(200);
  return {
    items: rows.map((row) => ({
      ...itemOf({
        ...row,
        preview: row.text.slice(0, inboundPreviewLength * 2),
        attachmentCount: row.attachments.length,
        reference: request.reference,
      }),
      text: row.text,
      threadedVia: row.threadedVia,
      arrivedOn: calendarDateIn(row.receivedAt, zone),
    })),
  };
}

/**
 * "Information received" from a reply: the request waiting on its requester resumes (to verification when
 * identity was asked, else to work), and the clock ledger records what came in on the day the reply
 * arrived where the request is handled — not the day an officer noticed it.
 */
export async function informationReceived(
  deps: ActorDeps,
  input: z.output<typeof inboxInformationReceivedInputSchema>,
) {
  return deps.db.transaction(async (tx) => {
    const mail = await loadMail(tx, input.mailId);
    if (mail.requestId !== input.requestId || mail.status !== 'reply')
      throw fieldError('mailId', 'This message is not a reply on this request.');
    const [request] = await tx
      .select({ status: requests.status, regime: requests.regime })
      .from(requests)
      .where(eq(requests.id, input.requestId));
    if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
    if (request.status !== 'awaiting_requester')
      throw new DomainError('BAD_REQUEST', 'This request is not waiting on its requester.');
    const asks = openAsks((await ledgerOf(tx, input.requestId)).filter((e) => e.removedAt === null));
    // Back to where it was when the requester was asked (verification or work); identity asked means verification.
    const [asked] = await tx
      .select({ data: requestEvents.data })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, input.requestId), eq(requestEvents.kind, 'status_changed')))
      .orderBy(desc(requestEvents.at), desc(requestEvents.seq))
      .limit(1);
    const before = (asked?.data as { from?: string } | undefined)?.from;
    const to = asks.includes('identity') || before === 'verifying' ? 'verifying' : 'in_progress';
    const settings = await readSettings(tx, deps.log);
    const on = calendarDateIn(mail.receivedAt, settings.handling[request.regime].timeZone);
    const updated = await transitionInTx(
      tx,
      deps,
      { id: input.requestId, version: input.requestVersion },
      { to },
      {},
      { receivedOn: on, fromMailId: mail.id },
    );
    return { id: updated.id, version: updated.version, status: updated.status, receivedOn: on };
  });
}

/**
 * A kept attachment's content, for an officer to open (the download route): its name, type and bytes, or
 * null when there is no such attachment or its keeping time is over. The caller logs the view.
 */
export async function keptAttachment(
  db: DbOrTx,
  id: string,
  now: Date,
): Promise<{ mailId: string; name: string; content: Buffer } | null> {
  const [row] = await db
    .select({
      mailId: inboundAttachments.mailId,
      name: inboundAttachments.name,
      content: inboundAttachments.content,
      keptUntil: inboundAttachments.keptUntil,
    })
    .from(inboundAttachments)
    .where(eq(inboundAttachments.id, id));
  if (!row?.content || row.keptUntil <= now) return null;
  return { mailId: row.mailId, name: row.name, content: row.content };
}
