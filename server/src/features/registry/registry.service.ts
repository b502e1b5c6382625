import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  addCalendarDays,
  canMoveSubprocessor,
  DomainError,
  fieldError,
  subprocessorFieldLabels,
  subprocessorStatusLabels,
  type objectionDecideInputSchema,
  type objectionRecordInputSchema,
  type SubprocessorField,
  type SubprocessorFields,
  type SubprocessorMove,
  type subprocessorActivateInputSchema,
  type subprocessorRetireInputSchema,
  type subprocessorSendNoticeInputSchema,
  type subprocessorUpdateInputSchema,
  type SubprocessorStatus,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import {
  dataSystems,
  messages,
  organisations,
  registrySubscribers,
  subprocessorNotices,
  subprocessorObjections,
  subprocessors,
} from '../../db/schema.js';
import { jobsQueued } from '../../jobs/job-wake.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { messageIdFor } from '../../integrations/mail/mailer.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { defaultMailFrom, sendAttempts } from '../messages/outbox.js';
import type { SystemActor } from '../requests/request-change.js';
import { readSettings } from '../settings/settings.store.js';
import {
  columnsOf,
  linkDataSystems,
  originOfActor,
  recordHistory,
  registryToday,
  writeSubprocessorChange,
  type SubprocessorRecord,
} from './subprocessor-change.js';
import { registryUnsubscribeStandIn } from './registry-links.js';

type Deps = Pick<ActorDeps, 'actor' | 'now' | 'mail'>;

const nameTaken = () =>
  fieldError('fields.name', 'Another subprocessor in the registry has this name (retired ones aside).');

/** What the schema cannot know: dates against today, and that linked records exist. */
async function checkFields(
  db: DbOrTx,
  fields: SubprocessorFields,
  today: string,
  self: string | null,
): Promise<void> {
  const problems: Record<string, string[]> = {};
  if (fields.dpaSignedOn !== null && fields.dpaSignedOn > today)
    problems['fields.dpaSignedOn'] = [`A DPA is signed on or before today (${today}).`];
  for (const [i, cert] of fields.certifications.entries())
    if (cert.expiresOn < '2000-01-01')
      problems[`fields.certifications.${i}.expiresOn`] = ['Give the date the certificate runs to.'];
  if (fields.dataSystemIds.length > 0) {
    const found = await db
      .select({ id: dataSystems.id })
      .from(dataSystems)
      .where(inArray(dataSystems.id, [...new Set(fields.dataSystemIds)]));
    if (found.length !== new Set(fields.dataSystemIds).size)
      problems['fields.dataSystemIds'] = ['One of these data systems does not exist.'];
  }
  if (fields.replacesId !== null) {
    if (fields.replacesId === self) problems['fields.replacesId'] = ['A subprocessor cannot replace itself.'];
    else {
      const [replaced] = await db
        .select({ status: subprocessors.status })
        .from(subprocessors)
        .where(eq(subprocessors.id, fields.replacesId));
      if (!replaced) problems['fields.replacesId'] = ['No subprocessor with this id.'];
      else if (replaced.status !== 'active')
        problems['fields.replacesId'] = [
          `Only an active subprocessor can be replaced (this one is ${subprocessorStatusLabels[replaced.status].toLowerCase()}).`,
        ];
    }
  }
  const first = Object.values(problems)[0]?.[0];
  if (first) throw new DomainError('BAD_REQUEST', first, problems);
}

/** Which fields differ, in the history's order. */
export function changedFields(before: SubprocessorFields, after: SubprocessorFields): SubprocessorField[] {
  return (Object.keys(subprocessorFieldLabels) as SubprocessorField[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

/** A new subprocessor, proposed: inside the caller's transaction (the import writes many in one). */
export async function createInTx(
  tx: Tx,
  deps: Deps,
  fields: SubprocessorFields,
): Promise<SubprocessorRecord> {
  const settings = await readSettings(tx);
  const today = registryToday(settings, deps.now);
  await checkFields(tx, fields, today, null);
  const staffId = 'system' in deps.actor ? null : deps.actor.staffId;
  const id = randomUUID();
  let row: SubprocessorRecord | undefined;
  try {
    await tx.execute(sql`savepoint subprocessor_insert`);
    [row] = await tx
      .insert(subprocessors)
      .values({
        id,
        ...columnsOf(fields),
        fields,
        status: 'proposed',
        proposedOn: today,
        version: 1,
        createdAt: deps.now,
        createdBy: staffId,
        updatedAt: deps.now,
        updatedBy: staffId,
      })
      .returning();
    await tx.execute(sql`release savepoint subprocessor_insert`);
  } catch (error) {
    await tx.execute(sql`rollback to savepoint subprocessor_insert`);
    if (isUniqueViolation(error, 'subprocessors_name_key')) throw nameTaken();
    throw error;
  }
  if (!row) throw new Error('subprocessor insert returned nothing');
  await linkDataSystems(tx, row.id, fields.dataSystemIds);
  await recordHistory(tx, deps, row, { kind: 'created', data: {} });
  await recordAudit(
    tx,
    originOfActor(deps.actor),
    {
      action: 'registry.created',
      entityType: 'subprocessor',
      entityId: row.id,
      after: { version: row.version, status: row.status, replacesId: row.replacesId },
    },
    deps.now,
  );
  return row;
}

export async function createSubprocessor(deps: ActorDeps, fields: SubprocessorFields) {
  return deps.db.transaction((tx) => createInTx(tx, deps, fields));
}

/** An edit of the fields: refused on a retired record, and when nothing changed. */
export async function updateInTx(
  tx: Tx,
  deps: Deps,
  input: Pick<z.output<typeof subprocessorUpdateInputSchema>, 'id' | 'version' | 'fields' | 'reason'>,
): Promise<SubprocessorRecord> {
  const settings = await readSettings(tx);
  const today = registryToday(settings, deps.now);
  try {
    await tx.execute(sql`savepoint subprocessor_update`);
    const row = await writeSubprocessorChange(tx, deps, input, async (current) => {
      if (current.status === 'retired')
        throw new DomainError(
          'BAD_REQUEST',
          'A retired subprocessor is kept as it was: it cannot be edited.',
        );
      await checkFields(tx, input.fields, today, current.id);
      const fields = changedFields(current.fields, input.fields);
      if (fields.length === 0) throw new DomainError('BAD_REQUEST', 'Nothing changed.');
      return {
        fields: input.fields,
        event: { kind: 'updated', data: { changed: fields }, reason: input.reason ?? null },
        audit: (updated) => ({
          action: 'registry.updated',
          entityType: 'subprocessor',
          entityId: updated.id,
          reason: input.reason ?? null,
          before: { version: current.version },
          after: { version: updated.version, fields },
        }),
      };
    });
    await tx.execute(sql`release savepoint subprocessor_update`);
    return row;
  } catch (error) {
    await tx.execute(sql`rollback to savepoint subprocessor_update`);
    if (isUniqueViolation(error, 'subprocessors_name_key')) throw nameTaken();
    throw error;
  }
}

export async function updateSubprocessor(
  deps: ActorDeps,
  input: z.output<typeof subprocessorUpdateInputSchema>,
) {
  return deps.db.transaction((tx) => updateInTx(tx, deps, input));
}

/** Why a move is refused from a status, in words that say what to do instead. */
function refuseMove(move: SubprocessorMove, from: SubprocessorStatus): DomainError {
  const status = subprocessorStatusLabels[from].toLowerCase();
  const what: Record<SubprocessorMove, string> = {
    send_notice: `Its notice can be sent only while it is proposed; it is ${status}.`,
    open_window: `The objection window opens only after the notice is sent; it is ${status}.`,
    activate:
      from === 'proposed'
        ? 'Send the change notice first: activation waits for the objection window to end.'
        : from === 'notice_sent'
          ? 'Its notice is still being delivered: the objection window has not opened yet.'
          : `It is already ${status}.`,
    activate_early: `It is already ${status}.`,
    retire: 'It is already retired.',
  };
  return new DomainError('BAD_REQUEST', what[move]);
}

function assertMove(move: SubprocessorMove, from: SubprocessorStatus): void {
  if (!canMoveSubprocessor(move, from)) throw refuseMove(move, from);
}

/** The mail a notice sends to one subscriber: the notice's text and how to stop receiving them. */
export function noticeMailBody(body: string): string {
  return `${body}\n\n—\nYou receive this as a subscriber to Syncronis's subprocessor changes. To stop: ${registryUnsubscribeStandIn}`;
}

/**
 * Sends (or records) the change notice: its date, channel and text, the objection deadline (the notice's
 * date plus the contractual days), and for email one message per confirmed subscriber through the outbox.
 * A notice sent another way opens the objection window at once; an emailed one when its mail has left.
 */
export async function sendNotice(deps: ActorDeps, input: z.output<typeof subprocessorSendNoticeInputSchema>) {
  return deps.db.transaction(async (tx) => {
    const settings = await readSettings(tx);
    const today = registryToday(settings, deps.now);
    const noticeId = randomUUID();
    const mailFrom = deps.mail?.from ?? defaultMailFrom;
    const demoHistory = deps.mail?.delivery === 'demo_history';
    let queued = 0;
    const row = await writeSubprocessorChange(tx, deps, input, async (current) => {
      assertMove('send_notice', current.status);
      let sentOn = today;
      if (input.channel === 'manual') {
        if (!input.sentOn) throw fieldError('sentOn', 'Give the day the notice went out.');
        if (input.sentOn > today)
          throw fieldError('sentOn', `The notice went out on or before today (${today}).`);
        if (input.sentOn < current.proposedOn)
          throw fieldError('sentOn', `The notice cannot predate the proposal (${current.proposedOn}).`);
        sentOn = input.sentOn;
      } else if (input.sentOn !== undefined && input.sentOn !== today) {
        throw fieldError('sentOn', 'An emailed notice is dated the day it is sent.');
      }
      const subscribers =
        input.channel === 'email'
          ? await tx
              .select({ id: registrySubscribers.id, email: registrySubscribers.email })
              .from(registrySubscribers)
              .where(eq(registrySubscribers.status, 'confirmed'))
          : [];
      if (input.channel === 'email' && subscribers.length === 0)
        throw fieldError(
          'channel',
          'No customer contact has confirmed a subscription yet: add one, or record a notice sent another way.',
        );
      const objectionDeadline = addCalendarDays(sentOn, settings.registryObjectionDays);
      queued = subscribers.length;
      return {
        set: { status: 'notice_sent', objectionDeadline },
        write: async (t) => {
          await t.insert(subprocessorNotices).values({
            id: noticeId,
            subprocessorId: current.id,
            channel: input.channel,
            sentOn,
            objectionDeadline,
            subject: input.subject,
            body: input.body,
            sentBy: 'system' in deps.actor ? null : deps.actor.staffId,
            createdAt: deps.now,
          });
          for (const subscriber of subscribers) {
            const id = randomUUID();
            await t.insert(messages).values({
              id,
              noticeId,
              subscriberId: subscriber.id,
              kind: 'subprocessor_notice',
              toAddress: subscriber.email,
              subject: input.subject,
              body: noticeMailBody(input.body),
              messageId: messageIdFor(id, mailFrom),
              replyTo: mailFrom.replace(/^.*<([^>]+)>$/, '$1'),
              status: demoHistory ? 'sent' : 'queued',
              attempts: demoHistory ? 1 : 0,
              serverAnswer: demoHistory
                ? 'Recorded as sent by the demo’s history: no mail left for it.'
                : null,
              sentAt: demoHistory ? deps.now : null,
              queuedAt: deps.now,
              queuedBy: 'system' in deps.actor ? null : deps.actor.staffId,
            });
            if (!demoHistory)
              await scheduleJob(t, {
                kind: 'mail.send',
                runAt: deps.now,
                key: `mail.send:${id}:0`,
                payload: { messageId: id },
                maxAttempts: sendAttempts,
              });
          }
        },
        event: {
          kind: 'notice_recorded',
          data: { noticeId, channel: input.channel, sentOn, objectionDeadline, messages: subscribers.length },
        },
        audit: (updated) => ({
          action: 'registry.notice_sent',
          entityType: 'subprocessor',
          entityId: updated.id,
          before: { version: current.version, status: current.status },
          after: {
            version: updated.version,
            status: updated.status,
            noticeId,
            channel: input.channel,
            sentOn,
            objectionDeadline,
            messages: subscribers.length,
          },
        }),
      };
    });
    if (queued > 0 && !demoHistory) jobsQueued();
    if (input.channel === 'manual' || demoHistory || queued === 0)
      return openWindowInTx(tx, { actor: deps.actor, now: deps.now }, row.id, noticeId);
    return row;
  });
}

/**
 * Opens the objection window once the notice has left: every one of its messages settled (sent, failed or
 * cancelled), or at once for a notice sent another way. Does nothing when it is no longer waiting for that.
 */
export async function openWindowInTx(
  tx: Tx,
  deps: { actor: Deps['actor'] | SystemActor; now: Date },
  subprocessorId: string,
  noticeId: string,
): Promise<SubprocessorRecord> {
  const [current] = await tx
    .select({ version: subprocessors.version, status: subprocessors.status })
    .from(subprocessors)
    .where(eq(subprocessors.id, subprocessorId));
  if (!current) throw new Error('subprocessor vanished');
  const [pending] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.noticeId, noticeId), eq(messages.status, 'queued')));
  if (current.status !== 'notice_sent' || (pending?.n ?? 0) > 0) {
    const [row] = await tx.select().from(subprocessors).where(eq(subprocessors.id, subprocessorId));
    if (!row) throw new Error('subprocessor vanished');
    return row;
  }
  return writeSubprocessorChange(tx, deps, { id: subprocessorId, version: current.version }, (row) => ({
    set: { status: 'objection_window' },
    event: { kind: 'moved', data: { move: 'open_window', from: row.status, to: 'objection_window' } },
    audit: (updated) => ({
      action: 'registry.window_opened',
      entityType: 'subprocessor',
      entityId: updated.id,
      before: { version: row.version, status: row.status },
      after: { version: updated.version, status: updated.status, noticeId },
    }),
  }));
}

async function pendingObjections(tx: Tx, subprocessorId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(subprocessorObjections)
    .where(
      and(
        eq(subprocessorObjections.subprocessorId, subprocessorId),
        eq(subprocessorObjections.outcome, 'pending'),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Activation: after the objection window has ended (the day after its deadline), with no objection still
 * open; before that only where no objection period applies, with the reason recorded.
 */
export async function activateSubprocessor(
  deps: ActorDeps,
  input: z.output<typeof subprocessorActivateInputSchema>,
) {
  return deps.db.transaction(async (tx) => {
    const settings = await readSettings(tx);
    const today = registryToday(settings, deps.now);
    return writeSubprocessorChange(tx, deps, input, async (current) => {
      if (input.noObjectionPeriod) {
        assertMove('activate_early', current.status);
        if (!input.reason)
          throw fieldError(
            'reason',
            'Say why no objection period applies: it is recorded with the activation.',
          );
      } else {
        assertMove('activate', current.status);
        if (current.objectionDeadline !== null && today <= current.objectionDeadline)
          throw new DomainError(
            'BAD_REQUEST',
            `The objection window runs until ${current.objectionDeadline}: activate from ${addCalendarDays(current.objectionDeadline, 1)}, or record that no objection period applies.`,
          );
      }
      const open = await pendingObjections(tx, current.id);
      if (open > 0)
        throw new DomainError(
          'BAD_REQUEST',
          `${open === 1 ? 'An objection is' : `${open} objections are`} still open: record ${open === 1 ? 'its' : 'their'} outcome first.`,
        );
      const early = input.noObjectionPeriod;
      return {
        set: {
          status: 'active',
          activeFrom: today,
          activatedEarlyReason: early ? (input.reason ?? null) : null,
        },
        event: {
          kind: 'moved',
          data: { move: early ? 'activate_early' : 'activate', from: current.status, to: 'active' },
          reason: input.reason ?? null,
        },
        audit: (updated) => ({
          action: 'registry.activated',
          entityType: 'subprocessor',
          entityId: updated.id,
          reason: input.reason ?? null,
          before: { version: current.version, status: current.status },
          after: { version: updated.version, status: updated.status, activeFrom: today, early },
        }),
      };
    });
  });
}

/** Retiring keeps the record, its history, notices and objections; only its status and date change. */
export async function retireSubprocessor(
  deps: ActorDeps,
  input: z.output<typeof subprocessorRetireInputSchema>,
) {
  return deps.db.transaction(async (tx) => {
    const settings = await readSettings(tx);
    const today = registryToday(settings, deps.now);
    return writeSubprocessorChange(tx, deps, input, (current) => {
      assertMove('retire', current.status);
      return {
        set: { status: 'retired', retiredOn: today, retiredReason: input.reason },
        event: {
          kind: 'moved',
          data: { move: 'retire', from: current.status, to: 'retired' },
          reason: input.reason,
        },
        audit: (updated) => ({
          action: 'registry.retired',
          entityType: 'subprocessor',
          entityId: updated.id,
          reason: input.reason,
          before: { version: current.version, status: current.status },
          after: { version: updated.version, status: updated.status, retiredOn: today },
        }),
      };
    });
  });
}

/** An objection from a customer organisation, received between the notice and its deadline. */
export async function recordObjection(deps: ActorDeps, input: z.output<typeof objectionRecordInputSchema>) {
  return deps.db.transaction(async (tx) => {
    const settings = await readSettings(tx);
    const today = registryToday(settings, deps.now);
    const objectionId = randomUUID();
    return writeSubprocessorChange(tx, deps, input, async (current) => {
      if (current.status !== 'notice_sent' && current.status !== 'objection_window')
        throw new DomainError(
          'BAD_REQUEST',
          `Objections are recorded while the change is under notice; it is ${subprocessorStatusLabels[current.status].toLowerCase()}.`,
        );
      const [notice] = await tx
        .select({ sentOn: subprocessorNotices.sentOn, deadline: subprocessorNotices.objectionDeadline })
        .from(subprocessorNotices)
        .where(eq(subprocessorNotices.subprocessorId, current.id));
      if (!notice) throw new Error('a subprocessor under notice has no notice');
      if (input.receivedOn > today)
        throw fieldError('receivedOn', `It arrived on or before today (${today}).`);
      if (input.receivedOn < notice.sentOn)
        throw fieldError(
          'receivedOn',
          `The notice went out on ${notice.sentOn}: an objection to it comes after.`,
        );
      if (input.receivedOn > notice.deadline)
        throw fieldError('receivedOn', `The objection window closed on ${notice.deadline}.`);
      const [organisation] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, input.organisationId));
      if (!organisation) throw fieldError('organisationId', 'No customer organisation with this id.');
      const [already] = await tx
        .select({ id: subprocessorObjections.id })
        .from(subprocessorObjections)
        .where(
          and(
            eq(subprocessorObjections.subprocessorId, current.id),
            eq(subprocessorObjections.organisationId, input.organisationId),
          ),
        );
      if (already)
        throw fieldError(
          'organisationId',
          'This organisation’s objection is already recorded: decide it there.',
        );
      return {
        write: async (t) => {
          await t.insert(subprocessorObjections).values({
            id: objectionId,
            subprocessorId: current.id,
            organisationId: input.organisationId,
            receivedOn: input.receivedOn,
            summary: input.summary,
            recordedAt: deps.now,
            recordedBy: deps.actor.staffId,
          });
        },
        event: {
          kind: 'objection_recorded',
          data: { objectionId, organisationId: input.organisationId, receivedOn: input.receivedOn },
        },
        audit: (updated) => ({
          action: 'registry.objection_recorded',
          entityType: 'subprocessor',
          entityId: updated.id,
          before: { version: current.version },
          after: {
            version: updated.version,
            objectionId,
            organisationId: input.organisationId,
            receivedOn: input.receivedOn,
          },
        }),
      };
    });
  });
}

/** What became of an objection: decided once, with a note. */
export async function decideObjection(deps: ActorDeps, input: z.output<typeof objectionDecideInputSchema>) {
  return deps.db.transaction(async (tx) =>
    writeSubprocessorChange(tx, deps, input, async (current) => {
      const [objection] = await tx
        .select()
        .from(subprocessorObjections)
        .where(
          and(
            eq(subprocessorObjections.id, input.objectionId),
            eq(subprocessorObjections.subprocessorId, current.id),
          ),
        )
        .for('update');
      if (!objection) throw fieldError('objectionId', 'No objection with this id on this subprocessor.');
      if (objection.outcome !== 'pending')
        throw new DomainError('BAD_REQUEST', 'This objection was already decided.');
      return {
        write: async (t) => {
          await t
            .update(subprocessorObjections)
            .set({
              outcome: input.outcome,
              note: input.note,
              decidedAt: deps.now,
              decidedBy: deps.actor.staffId,
            })
            .where(eq(subprocessorObjections.id, objection.id));
        },
        event: {
          kind: 'objection_decided',
          data: {
            objectionId: objection.id,
            organisationId: objection.organisationId,
            outcome: input.outcome,
          },
          reason: input.note,
        },
        audit: (updated) => ({
          action: 'registry.objection_decided',
          entityType: 'subprocessor',
          entityId: updated.id,
          before: { version: current.version, outcome: 'pending' },
          after: { version: updated.version, objectionId: objection.id, outcome: input.outcome },
        }),
      };
    }),
  );
}
