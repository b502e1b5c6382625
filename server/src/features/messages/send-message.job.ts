import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import {
  ClockError,
  DomainError,
  messageSecretStandIns,
  type AuditPayload,
  type StoredTimelineEntry,
} from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import {
  messages,
  requests,
  subprocessorNotices,
  verificationChallenges,
  type MessageEffect,
} from '../../db/schema.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';
import {
  registryConfirmStandIn,
  registryLinkToken,
  registryPageUrl,
  registryUnsubscribeStandIn,
} from '../registry/registry-links.js';
import { openWindowInTx } from '../registry/registry.service.js';
import { originOfActor } from '../registry/subprocessor-change.js';
import { MailRefused, type Mailer } from '../../integrations/mail/mailer.js';
import type { JobContext, JobHandler } from '../../jobs/job-runner.js';
import type { SecretBox } from '../../lib/tokens.js';
import { ledgerOf, planClockChange, todayFor, type PlannedClockChange } from '../requests/clock-ledger.js';
import { writeRequestChange, type RequestRecord } from '../requests/request-change.js';
import { readSettings } from '../settings/settings.store.js';
import { linkTokenFor, oneTimeCodeFor, verificationPageUrl } from '../verification/challenge-secrets.js';
import type { MessageRow } from './outbox.js';

/** What the sender needs besides the database: the mail server, the key its secrets derive from, our URL. */
export interface MailServices {
  mailer: Mailer;
  secretBox: SecretBox;
  /** Where the requester's confirmation page is served (`PUBLIC_ORIGIN`, or this server's address). */
  publicOrigin: string;
}

type Verdict = { send: true; text: string } | { send: false; status: 'failed' | 'cancelled'; why: string };

/** The ledger entry a message's leaving records, dated today where the request is handled. */
export async function planLedgerEffect(
  tx: Tx,
  request: RequestRecord,
  effect: Extract<MessageEffect, { kind: 'ledger' }>,
  now: Date,
): Promise<PlannedClockChange> {
  const settings = await readSettings(tx);
  const active = (await ledgerOf(tx, request.id)).filter((e) => e.removedAt === null);
  const today = todayFor(request.regime, settings, now);
  return planClockChange(
    request,
    active,
    settings,
    { add: [{ kind: effect.event, on: today, reason: effect.reason }], field: 'on' },
    today,
  );
}

/**
 * Whether the message may still leave, and its text as it leaves. An extension's notice that the law no
 * longer allows (its window closed while the mail was retried) fails instead of going out; a link or code
 * replaced by a newer one, used, or expired is cancelled; a link or code is made again from its challenge.
 */
async function verdictOn(tx: Tx, message: MessageRow, services: MailServices, now: Date): Promise<Verdict> {
  const effect = message.effect;
  // Its request's personal data was removed after the retention period (issue 18): the address is a
  // placeholder now, and the request takes no more mail.
  if (message.requestId !== null) {
    const [owner] = await tx
      .select({ scrubbedAt: requests.scrubbedAt })
      .from(requests)
      .where(eq(requests.id, message.requestId));
    if (owner?.scrubbedAt)
      return {
        send: false,
        status: 'cancelled',
        why: 'Not sent: its request was kept the retention period and its personal data removed.',
      };
  }
  if (effect?.kind === 'ledger' && message.requestId !== null) {
    const [request] = await tx.select().from(requests).where(eq(requests.id, message.requestId));
    if (!request) return { send: false, status: 'failed', why: 'Its request no longer exists.' };
    try {
      await planLedgerEffect(tx, request, effect, now);
    } catch (error) {
      if (error instanceof DomainError || error instanceof ClockError)
        return { send: false, status: 'failed', why: `Not sent: ${error.message}` };
      throw error;
    }
  }
  if (effect?.kind === 'challenge') {
    const [challenge] = await tx
      .select()
      .from(verificationChallenges)
      .where(eq(verificationChallenges.id, effect.challengeId));
    if (!challenge || challenge.status !== 'pending' || challenge.expiresAt.getTime() <= now.getTime()) {
      return {
        send: false,
        status: 'cancelled',
        why:
          challenge?.status === 'superseded'
            ? 'Not sent: a newer one replaced it.'
            : 'Not sent: the check it carries is no longer open.',
      };
    }
    const text =
      challenge.method === 'email_link'
        ? message.body.replaceAll(
            messageSecretStandIns.verification_link,
            verificationPageUrl(services.publicOrigin, linkTokenFor(services.secretBox, challenge.id)),
          )
        : message.body.replaceAll(
            messageSecretStandIns.code,
            oneTimeCodeFor(services.secretBox, challenge.id),
          );
    return { send: true, text };
  }
  if (message.subscriberId !== null) {
    const purpose = message.kind === 'registry_subscription' ? 'confirm' : 'unsubscribe';
    const url = registryPageUrl(
      services.publicOrigin,
      purpose,
      registryLinkToken(services.secretBox, purpose, message.subscriberId),
    );
    const standIn = purpose === 'confirm' ? registryConfirmStandIn : registryUnsubscribeStandIn;
    return { send: true, text: message.body.replaceAll(standIn, url) };
  }
  return { send: true, text: message.body };
}

/** A message's outcome as its audit event records it (ids and counts; never the text or the address). */
function outcomeAudit(
  message: MessageRow,
  outcome: 'sent' | 'failed' | 'cancelled',
  now: Date,
  clockEntry?: AuditPayload<'messages.sent'>['after']['clockEntry'],
): AuditEntry {
  const about = { messageId: message.id, messageKind: message.kind, requestId: message.requestId };
  return outcome === 'sent'
    ? {
        action: 'messages.sent',
        entityType: 'message',
        entityId: message.id,
        after: {
          ...about,
          attempts: message.attempts + 1,
          sentAt: now.toISOString(),
          ...(clockEntry ? { clockEntry } : {}),
        },
      }
    : {
        action: 'messages.failed',
        entityType: 'message',
        entityId: message.id,
        reason: outcome === 'cancelled' ? 'cancelled before it left' : null,
        after: { ...about, attempts: message.attempts, sent: false },
      };
}

/**
 * A registry message's outcome (it has no request): its audit event and, for a change notice, the
 * objection window opening once the last of the notice's messages has settled.
 */
async function recordRegistryOutcome(
  tx: Tx,
  ctx: JobContext,
  message: MessageRow,
  outcome: 'sent' | 'failed' | 'cancelled',
  now: Date,
): Promise<void> {
  const actor = { system: `job:${ctx.job.id}` };
  await recordAudit(tx, originOfActor(actor), outcomeAudit(message, outcome, now), now);
  if (message.noticeId !== null) {
    const [notice] = await tx
      .select({ subprocessorId: subprocessorNotices.subprocessorId })
      .from(subprocessorNotices)
      .where(eq(subprocessorNotices.id, message.noticeId));
    if (notice) await openWindowInTx(tx, { actor, now }, notice.subprocessorId, message.noticeId);
  }
}

/**
 * A message's outcome on its request: the timeline entry (and, when sent, the ledger entry its leaving
 * records), through the request's change writer, with the message's own audit event.
 */
async function recordOnRequest(
  tx: Tx,
  ctx: JobContext,
  message: MessageRow,
  outcome: 'sent' | 'failed' | 'cancelled',
  now: Date,
): Promise<void> {
  const event: StoredTimelineEntry = {
    kind: 'message',
    data: { messageId: message.id, messageKind: message.kind, event: outcome },
  };
  const actor = { system: `job:${ctx.job.id}` };
  if (message.requestId === null) {
    await recordRegistryOutcome(tx, ctx, message, outcome, now);
    return;
  }
  const [current] = await tx
    .select({ version: requests.version, scrubbedAt: requests.scrubbedAt })
    .from(requests)
    .where(eq(requests.id, message.requestId));
  if (!current) return;
  if (current.scrubbedAt) {
    // A scrubbed request takes no more changes, its timeline included: the message's own row and its audit
    // event say what became of it.
    await recordAudit(tx, originOfActor(actor), outcomeAudit(message, outcome, now), now);
    return;
  }
  await writeRequestChange(
    tx,
    { actor, now },
    { id: message.requestId, version: current.version },
    async (request) => {
      const effect = message.effect;
      let ledger: PlannedClockChange | null = null;
      if (outcome === 'sent' && effect?.kind === 'ledger') {
        try {
          ledger = await planLedgerEffect(tx, request, effect, now);
        } catch (error) {
          // Accepted by the server a moment after the law's last day (checked just before sending): the mail
          // went, its date is not recorded; the timeline says it was sent and the ledger stays as it was.
          if (!(error instanceof DomainError || error instanceof ClockError)) throw error;
          ctx.log.warn({ messageId: message.id }, 'message sent but its ledger entry was refused');
        }
      }
      return {
        set: {},
        ledger,
        events: [event],
        audit: (updated, written) => {
          const entry = written?.recorded[0];
          return outcomeAudit(
            message,
            outcome,
            now,
            entry && effect?.kind === 'ledger'
              ? {
                  id: entry.id,
                  kind: effect.event,
                  on: entry.on,
                  effectiveDueOn: updated.effectiveDueOn,
                  statutoryDueOn: updated.statutoryDueOn,
                  clockState: updated.clockState,
                }
              : undefined,
          );
        },
      };
    },
  );
}

/** Marks the row, only if it is still queued (a second run finds it done and does nothing). */
async function settle(
  tx: Tx,
  message: MessageRow,
  set: PgUpdateSetSource<typeof messages>,
): Promise<boolean> {
  const updated = await tx
    .update(messages)
    .set(set)
    .where(and(eq(messages.id, message.id), eq(messages.status, 'queued')))
    .returning({ id: messages.id });
  return updated.length > 0;
}

/**
 * `mail.send`: one message from the outbox to the SMTP server. Sent means the server accepted it, and that
 * instant is what the row, the timeline and the ledger record. A refusal or a fault is retried with backoff
 * (the job queue's); after the last attempt the message is failed with the server's answer, never lost. A
 * run that dies between the server's acceptance and the record is run again and sends again with the same
 * Message-ID, so every mail system treats the two as one message.
 */
export function sendMessageJob(services: MailServices): JobHandler {
  return async (ctx) => {
    const messageId = ctx.job.payload.messageId;
    if (typeof messageId !== 'string') throw new Error('mail.send job without a message id');
    const [message] = await ctx.db.select().from(messages).where(eq(messages.id, messageId));
    if (!message || message.status !== 'queued') return;
    const verdict = await ctx.db.transaction((tx) => verdictOn(tx, message, services, ctx.now()));
    if (!verdict.send) {
      await ctx.db.transaction(async (tx) => {
        const now = ctx.now();
        const settled = await settle(
          tx,
          message,
          verdict.status === 'failed'
            ? { status: 'failed', failedAt: now, failure: verdict.why }
            : { status: 'cancelled', failure: verdict.why },
        );
        if (settled) await recordOnRequest(tx, ctx, message, verdict.status, now);
      });
      return;
    }
    let answer: string;
    try {
      answer = (
        await services.mailer.send({
          to: message.toAddress,
          replyTo: message.replyTo,
          subject: message.subject,
          text: verdict.text,
          messageId: message.messageId,
        })
      ).answer;
    } catch (error) {
      const refused =
        error instanceof MailRefused ? error : new MailRefused('The message could not be sent.', 'error');
      const final = ctx.job.attempts >= ctx.job.maxAttempts;
      await ctx.db.transaction(async (tx) => {
        const now = ctx.now();
        if (final) {
          const settled = await settle(tx, message, {
            status: 'failed',
            failedAt: now,
            attempts: sql`${messages.attempts} + 1`,
            serverAnswer: refused.answer,
            failure: `The mail server did not accept it after ${ctx.job.attempts} attempts.`,
          });
          if (settled)
            await recordOnRequest(tx, ctx, { ...message, attempts: message.attempts + 1 }, 'failed', now);
        } else {
          await settle(tx, message, {
            attempts: sql`${messages.attempts} + 1`,
            serverAnswer: refused.answer,
          });
        }
      });
      // Codes only: the server's answer may name the address.
      ctx.log.warn({ messageId: message.id, code: refused.code, final }, 'mail not accepted');
      if (final) return;
      throw new Error(`The mail server did not accept message ${message.id} (${refused.code}).`, {
        cause: error,
      });
    }
    await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const settled = await settle(tx, message, {
        status: 'sent',
        sentAt: now,
        attempts: sql`${messages.attempts} + 1`,
        serverAnswer: answer.slice(0, 1000),
        failure: null,
      });
      if (settled) await recordOnRequest(tx, ctx, message, 'sent', now);
    });
    ctx.log.info({ messageId: message.id, kind: message.kind }, 'message sent');
  };
}
