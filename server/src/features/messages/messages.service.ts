import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import {
  defaultMessageTemplates,
  DomainError,
  templateKinds,
  messageTextForStaff,
  regimes,
  type CapturedMailOutput,
  type MailboxOutput,
  type TemplateKind,
  type MessageStatusView,
  type MessageTemplatesOutput,
  type MessageTemplateView,
  type MessageView,
  type Regime,
  type mailboxInputSchema,
  type messageTemplateResetInputSchema,
  type messageTemplateUpdateInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { capturedMail, messages, messageTemplates, requests } from '../../db/schema.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { jobsQueued } from '../../jobs/job-wake.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { writeRequestChange } from '../requests/request-change.js';
import { staffNames } from '../requests/requests.queries.js';
import { sendAttempts, type MessageRow } from './outbox.js';

type Listed = MessageRow & { reference: string | null };

const listedColumns = { message: messages, reference: requests.reference };

async function presentFull(db: DbOrTx, rows: readonly Listed[]): Promise<MessageView[]> {
  const names = await staffNames(
    db,
    rows.map((r) => r.queuedBy),
  );
  return rows.map((m) => ({
    id: m.id,
    requestId: m.requestId,
    reference: m.reference,
    kind: m.kind,
    status: m.status,
    to: m.toAddress,
    subject: m.subject,
    body: messageTextForStaff(m.body),
    messageId: m.messageId,
    replyTo: m.replyTo,
    queuedAt: m.queuedAt.toISOString(),
    queuedBy:
      m.queuedBy === null ? null : { id: m.queuedBy, name: names.get(m.queuedBy) ?? 'Unknown staff member' },
    sentAt: m.sentAt?.toISOString() ?? null,
    failedAt: m.failedAt?.toISOString() ?? null,
    attempts: m.attempts,
    serverAnswer: m.serverAnswer,
    failure: m.failure,
  }));
}

/** An SMTP answer for readers who see no addresses: anything shaped like one is taken out. */
export function withoutAddresses(answer: string | null): string | null {
  return answer === null ? null : answer.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '[address]');
}

function presentStatus(m: Listed): MessageStatusView {
  return {
    id: m.id,
    reference: m.reference,
    kind: m.kind,
    status: m.status,
    queuedAt: m.queuedAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    failedAt: m.failedAt?.toISOString() ?? null,
    attempts: m.attempts,
    serverAnswer: withoutAddresses(m.serverAnswer),
  };
}

/** A request's mail, newest first ("Sent mail" on the request page). */
export async function messagesOfRequest(
  deps: ActorDeps,
  requestId: string,
): Promise<{ items: MessageView[] }> {
  const [request] = await deps.db
    .select({ id: requests.id })
    .from(requests)
    .where(eq(requests.id, requestId));
  if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
  const rows = await deps.db
    .select(listedColumns)
    .from(messages)
    .leftJoin(requests, eq(requests.id, messages.requestId))
    .where(eq(messages.requestId, requestId))
    .orderBy(desc(messages.queuedAt), desc(messages.id))
    .limit(500);
  return {
    items: await presentFull(
      deps.db,
      rows.map((r) => ({ ...r.message, reference: r.reference })),
    ),
  };
}

/**
 * Every message, newest first: in full for those who read mail (privacy officers), delivery status only
 * for everyone else on the page (admins: no address, subject or text, addresses taken out of answers).
 */
export async function mailbox(
  deps: ActorDeps,
  input: z.output<typeof mailboxInputSchema>,
): Promise<MailboxOutput> {
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(messages.status, input.status));
  if (input.kind) conditions.push(eq(messages.kind, input.kind));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [total] = await deps.db.select({ n: count() }).from(messages).where(where);
  const rows = await deps.db
    .select(listedColumns)
    .from(messages)
    .leftJoin(requests, eq(requests.id, messages.requestId))
    .where(where)
    .orderBy(desc(messages.queuedAt), desc(messages.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const listed = rows.map((r) => ({ ...r.message, reference: r.reference }));
  const page = { total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
  return deps.actor.can.readMessages
    ? { view: 'full', items: await presentFull(deps.db, listed), ...page }
    : { view: 'status', items: listed.map(presentStatus), ...page };
}

/**
 * A failed message goes back to the outbox, as it was (same text, same Message-ID), for another round of
 * attempts: on the request's timeline and in the audit log, through the request's change writer.
 */
export async function retryMessage(deps: ActorDeps, messageId: string): Promise<MessageView> {
  return deps.db.transaction(async (tx) => {
    const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
    if (!message) throw new DomainError('NOT_FOUND', 'No message with this id.');
    if (message.status !== 'failed')
      throw new DomainError('BAD_REQUEST', 'Only a message that failed can be sent again.');
    if (message.requestId === null)
      throw new DomainError('BAD_REQUEST', 'This message belongs to no request.');
    const [current] = await tx
      .select({ version: requests.version })
      .from(requests)
      .where(eq(requests.id, message.requestId));
    if (!current) throw new DomainError('NOT_FOUND', 'No request with this id.');
    const generation = message.generation + 1;
    await writeRequestChange(tx, deps, { id: message.requestId, version: current.version }, async () => {
      await tx
        .update(messages)
        .set({ status: 'queued', generation, failedAt: null, failure: null })
        .where(eq(messages.id, message.id));
      await scheduleJob(tx, {
        kind: 'mail.send',
        runAt: deps.now,
        key: `mail.send:${message.id}:${generation}`,
        payload: { messageId: message.id },
        maxAttempts: sendAttempts,
      });
      return {
        set: {},
        events: [
          { kind: 'message', data: { messageId: message.id, messageKind: message.kind, event: 'queued' } },
        ],
        audit: () => ({
          action: 'messages.retried',
          entityType: 'message',
          entityId: message.id,
          before: { status: 'failed', attempts: message.attempts },
          after: { status: 'queued', generation },
        }),
      };
    });
    jobsQueued();
    const [row] = await tx
      .select(listedColumns)
      .from(messages)
      .leftJoin(requests, eq(requests.id, messages.requestId))
      .where(eq(messages.id, message.id));
    if (!row) throw new Error('retried message vanished');
    const [view] = await presentFull(tx, [{ ...row.message, reference: row.reference }]);
    if (!view) throw new Error('retried message not presented');
    return view;
  });
}

/** The demo's capture inbox, newest first (empty, and saying so, where mail goes to a real server). */
export async function capturedInbox(
  deps: ActorDeps,
  input: { page: number; pageSize: number },
  capturing: boolean,
): Promise<CapturedMailOutput & { requestIds: string[] }> {
  const base = { capturing, page: input.page, pageSize: input.pageSize };
  if (!capturing) return { ...base, items: [], total: 0, requestIds: [] };
  const [total] = await deps.db.select({ n: count() }).from(capturedMail);
  const rows = await deps.db
    .select({ mail: capturedMail, requestId: messages.requestId })
    .from(capturedMail)
    .leftJoin(messages, eq(messages.messageId, capturedMail.messageId))
    .orderBy(desc(capturedMail.receivedAt), desc(capturedMail.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return {
    ...base,
    total: total?.n ?? 0,
    items: rows.map(({ mail }) => ({
      id: mail.id,
      receivedAt: mail.receivedAt.toISOString(),
      from: mail.envelopeFrom,
      to: mail.envelopeTo,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
    })),
    requestIds: [...new Set(rows.flatMap((r) => (r.requestId === null ? [] : [r.requestId])))],
  };
}

// --- templates -------------------------------------------------------------------------------------------

/** Every kind's template for every law, then each law's own where an admin made one. */
export async function listTemplates(deps: { db: DbOrTx }): Promise<MessageTemplatesOutput> {
  const rows = await deps.db.select().from(messageTemplates);
  const names = await staffNames(
    deps.db,
    rows.map((r) => r.updatedBy),
  );
  const items: MessageTemplateView[] = [];
  for (const kind of templateKinds) {
    for (const regime of [null, ...regimes] as (Regime | null)[]) {
      const row = rows.find((r) => r.kind === kind && r.regime === regime);
      if (row) {
        items.push({
          kind,
          regime,
          subject: row.subject,
          body: row.body,
          isDefault: false,
          version: row.version,
          updatedAt: row.updatedAt.toISOString(),
          updatedBy:
            row.updatedBy === null
              ? null
              : { id: row.updatedBy, name: names.get(row.updatedBy) ?? 'Unknown staff member' },
        });
      } else if (regime === null) {
        const shipped = defaultMessageTemplates[kind];
        items.push({
          kind,
          regime: null,
          ...shipped,
          isDefault: true,
          version: 0,
          updatedAt: null,
          updatedBy: null,
        });
      }
    }
  }
  return { items };
}

function templateWhere(kind: TemplateKind, regime: Regime | null): SQL {
  const byRegime = regime === null ? isNull(messageTemplates.regime) : eq(messageTemplates.regime, regime);
  return and(eq(messageTemplates.kind, kind), byRegime) ?? byRegime;
}

function staleTemplate(): DomainError {
  return new DomainError(
    'CONFLICT',
    'Someone changed this template since you opened it — reload to see their text, then try again.',
  );
}

/** Saves an admin's template (checked placeholders, by the input schema) for every law or for one. */
export async function saveTemplate(
  deps: ActorDeps,
  input: z.output<typeof messageTemplateUpdateInputSchema>,
): Promise<MessageTemplateView> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(messageTemplates)
      .where(templateWhere(input.kind, input.regime))
      .for('update');
    if ((row?.version ?? 0) !== input.version) throw staleTemplate();
    const version = input.version + 1;
    const values = {
      subject: input.subject,
      body: input.body,
      version,
      updatedAt: deps.now,
      updatedBy: deps.actor.staffId,
    };
    const [saved] = row
      ? await tx.update(messageTemplates).set(values).where(eq(messageTemplates.id, row.id)).returning()
      : await tx
          .insert(messageTemplates)
          .values({ kind: input.kind, regime: input.regime, ...values })
          .returning();
    if (!saved) throw new Error('template save returned nothing');
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'messages.template_saved',
        entityType: 'message_template',
        entityId: saved.id,
        before: { version: input.version, wasDefault: row === undefined },
        after: { version, kind: input.kind, regime: input.regime },
      },
      deps.now,
    );
    return {
      kind: input.kind,
      regime: input.regime,
      subject: saved.subject,
      body: saved.body,
      isDefault: false,
      version,
      updatedAt: deps.now.toISOString(),
      updatedBy: {
        id: deps.actor.staffId,
        name: (await staffNames(tx, [deps.actor.staffId])).get(deps.actor.staffId) ?? 'Unknown staff member',
      },
    };
  });
}

/** Takes an admin's template out: the kind sends the law's general one, or the shipped text, again. */
export async function resetTemplate(
  deps: ActorDeps,
  input: z.output<typeof messageTemplateResetInputSchema>,
): Promise<{ kind: TemplateKind; regime: Regime | null }> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(messageTemplates)
      .where(templateWhere(input.kind, input.regime))
      .for('update');
    if (!row) throw new DomainError('BAD_REQUEST', 'This template is already the shipped text.');
    if (row.version !== input.version) throw staleTemplate();
    await tx.delete(messageTemplates).where(eq(messageTemplates.id, row.id));
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'messages.template_reset',
        entityType: 'message_template',
        entityId: row.id,
        before: { version: row.version },
        after: { kind: input.kind, regime: input.regime },
      },
      deps.now,
    );
    return { kind: input.kind, regime: input.regime };
  });
}
