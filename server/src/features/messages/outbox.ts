import { randomUUID } from 'node:crypto';
import { and, eq, isNull, or } from 'drizzle-orm';
import {
  complaintRightsFor,
  defaultMessageTemplates,
  fillTemplate,
  lawNameOf,
  privacyEmail,
  requesterDate,
  requestTypePhrases,
  calendarDateIn,
  type AppSettings,
  type TemplateKind,
  type MessagePlaceholder,
  type MessageTemplate,
  type Regime,
  type StoredTimelineEntry,
} from '@privdesk/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import { messages, messageTemplates, type MessageEffect } from '../../db/schema.js';
import { jobsQueued } from '../../jobs/job-wake.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { messageIdFor, replyAddressFor } from '../../integrations/mail/mailer.js';
import type { Actor, ActorDeps, Delivery } from '../../lib/service.js';
import type { RequestChange, RequestRecord, SystemActor } from '../requests/request-change.js';

export type MessageRow = typeof messages.$inferSelect;

/** Attempts at the SMTP server before a message fails for good (backoff 30 s, 1, 2, 4 min between). */
export const sendAttempts = 5;

export type { Delivery };

/** The sender when no configuration names one (MAIL_FROM's default). */
export const defaultMailFrom = 'Syncronis Privacy <privacy@syncronis.net>';

/** The outbox's view of a service's deps: who acts, when, our sender and how messages leave. */
export function outboxDepsOf(
  deps: Pick<ActorDeps, 'now' | 'mail'> & { actor: Actor | SystemActor },
): OutboxDeps {
  return {
    actor: deps.actor,
    now: deps.now,
    mailFrom: deps.mail?.from ?? defaultMailFrom,
    ...(deps.mail?.delivery ? { delivery: deps.mail.delivery } : {}),
  };
}

export interface OutboxDeps {
  actor: Actor | SystemActor;
  now: Date;
  mailFrom: string;
  delivery?: Delivery;
}

/** The template a kind sends under a law: the law's own, else the one for every law, else the shipped one. */
export async function templateFor(
  db: DbOrTx,
  kind: TemplateKind,
  regime: Regime | null,
): Promise<MessageTemplate> {
  const rows = await db
    .select({
      regime: messageTemplates.regime,
      subject: messageTemplates.subject,
      body: messageTemplates.body,
    })
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.kind, kind),
        regime === null
          ? isNull(messageTemplates.regime)
          : or(eq(messageTemplates.regime, regime), isNull(messageTemplates.regime)),
      ),
    );
  const own = rows.find((r) => r.regime !== null) ?? rows.find((r) => r.regime === null);
  return own ? { subject: own.subject, body: own.body } : defaultMessageTemplates[kind];
}

/** The placeholders every message about a request can use. */
export function requestPlaceholderValues(
  request: RequestRecord,
  settings: AppSettings,
): Partial<Record<MessagePlaceholder, string>> {
  const handling = settings.handling[request.regime];
  return {
    requester_name: request.requesterName,
    reference: request.reference,
    request_type: requestTypePhrases[request.type],
    law: lawNameOf(request.regime),
    received_date: requesterDate(calendarDateIn(request.receivedAt, handling.timeZone), request.regime),
    due_date: requesterDate(request.effectiveDueOn, request.regime),
    privacy_email: privacyEmail,
    complaint_rights: complaintRightsFor(request.regime, handling.calendar),
    unverified_days: String(settings.unverifiedCloseDays),
  };
}

/**
 * A request's change that only queues a message: its timeline entry and the `requests.message_queued`
 * audit event (the challenge it carries, for a link or code). The writer adds the version.
 */
export function messageQueuedChange(
  current: RequestRecord,
  outbox: OutboxEntry,
  challengeId?: string,
): RequestChange {
  return {
    set: {},
    events: [outbox.event],
    audit: (after) => ({
      action: 'requests.message_queued',
      entityType: 'request',
      entityId: current.id,
      before: { version: current.version },
      after: {
        version: after.version,
        messageId: outbox.message.id,
        messageKind: outbox.message.kind,
        ...(challengeId === undefined ? {} : { challengeId }),
      },
    }),
  };
}

export interface OutboxEntry {
  message: MessageRow;
  /** For the request's change: the message on its timeline. */
  event: StoredTimelineEntry;
  /** Recorded as sent now (the demo's history): its effect belongs in this same change. */
  sentNow: boolean;
}

/**
 * Writes a message to the outbox inside the caller's transaction (the action's own): its exact text from
 * the kind's template, its Message-ID and reply address, and the `mail.send` job that will send it. The
 * caller puts `event` on the request's timeline through its change writer.
 */
export async function putInOutbox(
  tx: Tx,
  deps: OutboxDeps,
  request: RequestRecord,
  settings: AppSettings,
  spec: {
    kind: TemplateKind;
    values?: Partial<Record<MessagePlaceholder, string>>;
    effect: MessageEffect | null;
  },
): Promise<OutboxEntry> {
  const template = await templateFor(tx, spec.kind, request.regime);
  const values = { ...requestPlaceholderValues(request, settings), ...spec.values };
  const id = randomUUID();
  const demoHistory = deps.delivery === 'demo_history';
  const [message] = await tx
    .insert(messages)
    .values({
      id,
      requestId: request.id,
      kind: spec.kind,
      regime: request.regime,
      toAddress: request.requesterEmail,
      subject: fillTemplate(template.subject, values),
      body: fillTemplate(template.body, values),
      messageId: messageIdFor(id, deps.mailFrom),
      replyTo: replyAddressFor(deps.mailFrom, request.reference),
      status: demoHistory ? 'sent' : 'queued',
      attempts: demoHistory ? 1 : 0,
      serverAnswer: demoHistory ? 'Recorded as sent by the demo’s history: no mail left for it.' : null,
      sentAt: demoHistory ? deps.now : null,
      effect: spec.effect,
      queuedAt: deps.now,
      queuedBy: 'system' in deps.actor ? null : deps.actor.staffId,
    })
    .returning();
  if (!message) throw new Error('outbox insert returned nothing');
  if (!demoHistory) {
    await scheduleJob(tx, {
      kind: 'mail.send',
      runAt: deps.now,
      key: `mail.send:${id}:0`,
      payload: { messageId: id },
      maxAttempts: sendAttempts,
    });
    jobsQueued();
  }
  return {
    message,
    event: {
      kind: 'message',
      data: { messageId: id, messageKind: spec.kind, event: demoHistory ? 'sent' : 'queued' },
    },
    sentNow: demoHistory,
  };
}
