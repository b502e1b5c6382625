import { and, eq, ne } from 'drizzle-orm';
import {
  DomainError,
  lineErases,
  lineActionLabels,
  notificationKindLabels,
  retentionGroundLabels,
  justificationReasonLabels,
  type ConnectorKind,
  type PlatformRetentionScope,
} from '@privdesk/shared';
import type { Db, Tx } from '../../db/client.js';
import {
  customers,
  dataSystems,
  erasurePlanLines,
  notifications,
  staff,
  subprocessors,
} from '../../db/schema.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import type { JobContext, JobHandler } from '../../jobs/job-runner.js';
import { jobsQueued } from '../../jobs/job-wake.js';
import type { Logger } from '../../lib/logger.js';
import { randomUUID } from 'node:crypto';
import { addressOf, MailRefused, messageIdFor, type Mailer } from '../../integrations/mail/mailer.js';
import type { Actor } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { sendErasureCall } from '../../integrations/webhooks/erasure-webhook.js';
import { erasePlatformAccount } from '../../platform/platform-connector.js';
import { suppressAccount } from './erasure-reapply.js';
import { schedulePoll } from './erasure-poll.js';
import type { PlatformDb } from '../../platform/platform-db.js';
import { outboxDepsOf, putInOutbox } from '../messages/outbox.js';
import type { SystemActor } from '../requests/request-change.js';
import { readSettings } from '../settings/settings.store.js';
import {
  lockPlan,
  writePlanChange,
  type PlanLineRecord,
  type PlanRecord,
  type PlanState,
} from './plan-change.js';

/** What the execution needs besides the app's database: the platform's, for the internal connector. */
export interface ErasureServices {
  platform: PlatformDb | null;
  /** Opens the webhooks' sealed signing secrets. */
  secretBox: SecretBox;
  /** Where receivers send their signed answers (`<origin>/hooks/erasure`). */
  publicOrigin: string;
}

/** Attempts of one line's job: with the runner's backoff (30 s doubling, at most an hour) about a day. */
export const lineAttempts = 30;

/**
 * Queued with an approval, in its transaction: the plan starts when the grace period ends, if it is still
 * the approved version then (a cancel or a change after approval leaves this job nothing to do).
 */
export async function scheduleExecution(tx: Tx, plan: PlanRecord): Promise<void> {
  if (!plan.graceEndsAt) throw new Error('an approved plan has a grace period');
  await scheduleJob(tx, {
    kind: 'erasure.start',
    runAt: plan.graceEndsAt,
    key: `erasure.start:${plan.id}:v${plan.version}`,
    payload: { requestId: plan.requestId, planVersion: plan.version },
  });
}

function stringOf(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`job payload has no ${key}`);
  return value;
}

/**
 * Lines with work to do: those that erase, and the recipients' notifications of systems where something is
 * erased. The others (retained, held nowhere, a recipient of a system that erases nothing) are recorded done
 * when execution starts.
 */
function runs(line: PlanLineRecord, lines: readonly PlanLineRecord[]): boolean {
  if (lineErases(line.action)) return true;
  return line.action === 'notify' && erasingLineOf(line, lines) !== undefined;
}

/** The line that erases data in a notification line's system: a webhook's call to it also tells the recipient. */
function erasingLineOf(line: PlanLineRecord, lines: readonly PlanLineRecord[]): PlanLineRecord | undefined {
  return lines.find((l) => l.dataSystemId === line.dataSystemId && l.scope === null && lineErases(l.action));
}

/**
 * The grace period is over: approved → fulfilling, retained and empty lines recorded done, and one job per
 * remaining line (keyed by the line, so a repeated start queues nothing twice). A plan that moved on since
 * (cancelled, changed: another version) is left alone.
 */
export function erasureStartJob(): JobHandler {
  return async (ctx: JobContext) => {
    const requestId = stringOf(ctx.job.payload, 'requestId');
    const planVersion = Number(ctx.job.payload.planVersion);
    const actor: SystemActor = { system: `job:${ctx.job.id}` };
    const now = ctx.now();
    await ctx.db.transaction(async (tx) => {
      const current = await lockPlan(tx, requestId, null);
      if (current.plan.version !== planVersion || current.request.status !== 'approved') {
        ctx.log.info({ requestId }, 'erasure start: the plan moved on since its approval; nothing to start');
        return;
      }
      if (current.plan.graceEndsAt && current.plan.graceEndsAt > now) {
        // Run early (a clock set back): come back when the grace period is over.
        await scheduleJob(tx, {
          kind: 'erasure.start',
          runAt: current.plan.graceEndsAt,
          key: `erasure.start:${current.plan.id}:v${planVersion}:${ctx.job.id}`,
          payload: ctx.job.payload,
        });
        return;
      }
      const state = await writePlanChange(
        tx,
        { actor, now, log: ctx.log },
        { requestId, planVersion },
        (plan) => ({
          move: { action: 'start_fulfilment' },
          plan: { executionStartedAt: now },
          lines: plan.lines
            .filter((l) => !runs(l, plan.lines))
            .map((l) => ({
              id: l.id,
              set: {
                status: 'done' as const,
                startedAt: now,
                finishedAt: now,
                result:
                  l.action === 'notify'
                    ? { notified: false, reason: 'Nothing of this person is erased in its system.' }
                    : { kept: l.action === 'retain', ground: l.ground },
              },
            })),
          event: { event: 'execution_started', note: null },
          audit: ({ request, plan: after, from }) => ({
            action: 'erasure.execution_started',
            entityType: 'request',
            entityId: request.id,
            before: { status: from, version: plan.request.version, planVersion: plan.plan.version },
            after: {
              status: request.status,
              version: request.version,
              planVersion: after.version,
              jobs: plan.lines.filter((l) => runs(l, plan.lines)).length,
            },
          }),
        }),
      );
      for (const line of state.lines.filter((l) => runs(l, state.lines))) {
        await scheduleJob(tx, {
          kind: 'erasure.line',
          runAt: now,
          key: `erasure.line:${line.id}`,
          payload: { requestId, lineId: line.id },
          maxAttempts: lineAttempts,
        });
      }
      if (!state.lines.some((l) => runs(l, state.lines)))
        await completeIfDone(tx, state, { actor, now, log: ctx.log });
    });
    jobsQueued();
  };
}

interface LineClaim {
  requestId: string;
  requesterEmail: string;
  line: PlanLineRecord;
  system: typeof dataSystems.$inferSelect;
  accountNumber: string | null;
  customerId: string | null;
  reference: string;
  retain: PlatformRetentionScope[];
  keeps: string[];
  /** A notification line's recipient, and the line whose webhook call tells it (if its system has one). */
  recipient: string | null;
  erasingLine: PlanLineRecord | null;
}

/** Marks the line running (once) and gathers what its connector needs; null when there is nothing to do. */
async function claimLine(db: Db, requestId: string, lineId: string, now: Date): Promise<LineClaim | null> {
  return db.transaction(async (tx) => {
    const current = await lockPlan(tx, requestId, null);
    const line = current.lines.find((l) => l.id === lineId);
    if (!line) throw new DomainError('NOT_FOUND', 'This plan has no such line.');
    if (current.request.status !== 'fulfilling' || line.status === 'done' || line.status === 'justified')
      return null;
    if (line.status === 'pending')
      await tx
        .update(erasurePlanLines)
        .set({ status: 'running', startedAt: now, updatedAt: now, updatedBy: null })
        .where(eq(erasurePlanLines.id, line.id));
    const [system] = await tx.select().from(dataSystems).where(eq(dataSystems.id, line.dataSystemId));
    if (!system) throw new Error(`plan line ${line.id} names a missing system`);
    const [account] = current.request.customerId
      ? await tx
          .select({ accountNumber: customers.accountNumber })
          .from(customers)
          .where(eq(customers.id, current.request.customerId))
      : [];
    const [recipient] = line.recipientId
      ? await tx
          .select({ name: subprocessors.name })
          .from(subprocessors)
          .where(eq(subprocessors.id, line.recipientId))
      : [];
    return {
      requestId,
      requesterEmail: current.request.requesterEmail,
      line,
      system,
      accountNumber: account?.accountNumber ?? null,
      customerId: current.request.customerId,
      reference: current.request.reference,
      // What a receiver keeps for its own obligations, in the plan's words.
      keeps: current.lines
        .filter((l) => l.dataSystemId === line.dataSystemId && l.action === 'retain' && l.scope)
        .flatMap((l) => (l.scope ? [l.scope] : [])),
      // What this system's retained lines keep: the connector keeps those rows, stripped.
      retain: current.lines
        .filter((l) => l.dataSystemId === line.dataSystemId && l.action === 'retain' && l.platformScope)
        .flatMap((l) => (l.platformScope ? [l.platformScope] : [])),
      recipient: recipient?.name ?? null,
      erasingLine: erasingLineOf(line, current.lines) ?? null,
    };
  });
}

/**
 * A recipient's notification (GDPR Art. 19; CCPA §7022(b)). Where the system's own erasure goes to the
 * recipient as a signed call, that call is the notification: the line is done with it (now, or when the call's
 * line is). Otherwise the system's owner is given the task of telling the recipient, closed with evidence.
 */
async function notifyRecipient(deps: Deps, db: Db, claim: LineClaim): Promise<OpenedTask | null> {
  return db.transaction(async (tx) => {
    // Read under the plan's lock: the call's line may finish meanwhile, and must then find this one waiting.
    const current = await lockPlan(tx, claim.requestId, null);
    const call = claim.erasingLine && current.lines.find((l) => l.id === claim.erasingLine?.id);
    if (claim.system.connectorKind === 'webhook' && call && call.status !== 'justified') {
      if (call.status === 'done') {
        await finishLine(
          tx,
          deps,
          { requestId: claim.requestId, lineId: claim.line.id, connector: 'webhook' },
          { result: { notifiedBy: 'erasure_call', callLineId: call.id }, rows: null },
        );
        return null;
      }
      await tx
        .update(erasurePlanLines)
        .set({ result: { waitingOnCall: call.id } })
        .where(and(eq(erasurePlanLines.id, claim.line.id), eq(erasurePlanLines.status, 'running')));
      return null;
    }
    return openTask(tx, deps, claim);
  });
}

/** One line through its connector; run again after a crash, it finds its work done and does nothing twice. */
export function erasureLineJob(
  // The mailer tells a task's owner by email too, where mail goes to a real SMTP server (the bell is the record).
  services: ErasureServices & { mailer?: Mailer },
): JobHandler {
  return async (ctx: JobContext) => {
    const requestId = stringOf(ctx.job.payload, 'requestId');
    const lineId = stringOf(ctx.job.payload, 'lineId');
    const actor: SystemActor = { system: `job:${ctx.job.id}` };
    const claim = await claimLine(ctx.db, requestId, lineId, ctx.now());
    if (!claim) return;
    if (claim.line.action === 'notify') {
      const task = await notifyRecipient({ actor, now: ctx.now(), log: ctx.log }, ctx.db, claim);
      await mailTask(ctx.db, services.mailer, task, ctx.log);
      return;
    }
    switch (claim.system.connectorKind) {
      case 'internal': {
        if (!services.platform)
          throw new Error('No platform database is configured for the internal connector.');
        const report = claim.accountNumber
          ? await erasePlatformAccount(services.platform, {
              accountNumber: claim.accountNumber,
              action: claim.line.action === 'anonymise' ? 'anonymise' : 'delete',
              retain: claim.retain,
              now: ctx.now(),
              // The line is the erasure's key: a retried job gets this erasure's report back.
              idempotencyKey: claim.line.id,
            })
          : null;
        const rows =
          report && report.found
            ? report.tables.reduce((n, t) => n + t.deleted + t.anonymised + t.retained, 0)
            : 0;
        await ctx.db.transaction(async (tx) => {
          await finishLine(
            tx,
            { actor, now: ctx.now(), log: ctx.log },
            { requestId, lineId, connector: 'internal' },
            { result: report && report.found ? { tables: report.tables } : { found: false }, rows },
          );
          // A restored backup must not bring the account back (CCPA §7022(d)): the re-apply job's list.
          if (claim.accountNumber && report?.found)
            await suppressAccount(tx, {
              accountNumber: claim.accountNumber,
              requestId,
              erasedAt: report.erasedAt,
              retained: claim.retain,
            });
          // The directory keeps a tombstone: the account number, when, and which request — nothing personal.
          if (claim.customerId && report?.found)
            await tx
              .update(customers)
              .set({
                name: 'Erased account',
                email: `erased-${claim.accountNumber?.replace(/\D/g, '') ?? 'account'}@erased.invalid`,
                organisationId: null,
                lastActiveAt: null,
                birthYear: null,
                purgeOn: null,
                status: 'erased',
                erasedAt: ctx.now(),
                erasureRequestId: requestId,
              })
              .where(and(eq(customers.id, claim.customerId), ne(customers.status, 'erased')));
        });
        return;
      }
      case 'manual':
        await mailTask(
          ctx.db,
          services.mailer,
          await ctx.db.transaction((tx) => openTask(tx, { actor, now: ctx.now(), log: ctx.log }, claim)),
          ctx.log,
        );
        return;
      case 'webhook': {
        const connector = claim.system.connector;
        if (connector.kind !== 'webhook' || !claim.system.webhookSecretSealed)
          throw new Error(
            `${claim.system.key} has no webhook URL and signing secret: set them in the inventory.`,
          );
        const answer = await sendErasureCall({
          url: connector.url,
          secret: services.secretBox.open(claim.system.webhookSecretSealed),
          call: {
            id: claim.line.id,
            request: claim.reference,
            subject: { accountNumber: claim.accountNumber, email: claim.requesterEmail },
            action: claim.line.action === 'anonymise' ? 'anonymise' : 'delete',
            keep: claim.keeps,
            callbackUrl: `${services.publicOrigin}/hooks/erasure`,
          },
          now: ctx.now(),
        });
        await ctx.db.transaction(async (tx) => {
          if (answer.kind === 'completed') {
            await finishLine(
              tx,
              { actor, now: ctx.now(), log: ctx.log },
              { requestId, lineId, connector: 'webhook' },
              {
                result: { receiver: 'completed', httpStatus: answer.status, records: answer.records },
                rows: answer.records,
              },
            );
            return;
          }
          // Accepted: the receiver's signed callback completes the line; if none comes, it is asked.
          const acceptedAt = ctx.now();
          const accepted = await tx
            .update(erasurePlanLines)
            .set({
              result: {
                receiver: 'accepted',
                httpStatus: answer.status,
                acceptedAt: acceptedAt.toISOString(),
              },
            })
            .where(and(eq(erasurePlanLines.id, lineId), eq(erasurePlanLines.status, 'running')))
            .returning({ id: erasurePlanLines.id });
          if (accepted.length > 0) await schedulePoll(tx, { requestId, lineId }, acceptedAt);
        });
        return;
      }
    }
  };
}

type Deps = { actor: SystemActor | Actor; now: Date; log: Logger };

/** A manual line: its owner is told (once: the notification's key is the line's), and the line waits for evidence. */
/** A task's notification as written (to mail it to its owner after the commit); null when none was new. */
interface OpenedTask {
  staffId: string;
  title: string;
  body: string;
}

async function openTask(tx: Tx, deps: Deps, claim: LineClaim): Promise<OpenedTask | null> {
  const current = await lockPlan(tx, claim.requestId, null);
  const line = current.lines.find((l) => l.id === claim.line.id);
  if (!line || line.status !== 'running' || (line.result && 'taskOpenedAt' in line.result)) return null;
  const owner = claim.system.ownerId;
  await writePlanChange(tx, deps, { requestId: claim.requestId, planVersion: null }, () => ({
    lines: [{ id: line.id, set: { result: { taskOpenedAt: deps.now.toISOString(), ownerId: owner } } }],
    event: {
      event: 'task_opened',
      note: null,
      line: { system: claim.system.name, scope: line.scope, action: line.action, ground: null },
    },
    audit: ({ request }) => ({
      action: 'erasure.task_opened',
      entityType: 'request',
      entityId: request.id,
      before: { lineId: line.id, status: line.status },
      after: { lineId: line.id, ownerId: owner },
    }),
  }));
  if (!owner) return null;
  const written = await tx
    .insert(notifications)
    .values({
      staffId: owner,
      kind: 'erasure.task',
      title: `${notificationKindLabels['erasure.task']}: ${claim.recipient ?? claim.system.name}`,
      body:
        line.action === 'notify'
          ? `${claim.reference}: tell ${claim.recipient ?? 'the recipient'}, which receives data from ${claim.system.name}, that the person’s data is erased and ask it to erase its copy (GDPR Art. 19), then close the task with your evidence on the request’s page.`
          : `${claim.reference}: ${lineActionLabels[line.action].toLowerCase()} the person’s data in ${claim.system.name}, then close the task with your evidence on the request’s page.`,
      data: {
        request: { id: claim.requestId, reference: claim.reference },
        lineId: line.id,
        system: claim.recipient ?? claim.system.name,
      },
      dedupeKey: `erasure.task:${line.id}`,
      createdAt: deps.now,
    })
    .onConflictDoNothing()
    .returning({ title: notifications.title, body: notifications.body });
  return written[0] ? { staffId: owner, ...written[0] } : null;
}

/**
 * After its transaction: the task's owner is told by email as well, where mail goes to a real SMTP server
 * (as the daily reminders are). The bell is the record; a mail that fails is logged by code, not retried.
 */
async function mailTask(db: Db, mailer: Mailer | undefined, task: OpenedTask | null, log: Logger) {
  if (!task || mailer?.kind !== 'smtp') return;
  const [owner] = await db.select({ email: staff.email }).from(staff).where(eq(staff.id, task.staffId));
  if (!owner) return;
  try {
    await mailer.send({
      to: owner.email,
      replyTo: addressOf(mailer.from),
      subject: `Privacy Desk: ${task.title}`,
      text: `${task.body}\n\nThe task is also in the app, under the bell and in My erasure tasks.`,
      messageId: messageIdFor(randomUUID(), mailer.from),
    });
  } catch (error) {
    log.warn(
      { staffId: task.staffId, code: error instanceof MailRefused ? error.code : 'error' },
      'erasure task email not accepted',
    );
  }
}

/**
 * A line's work is done (a connector's report, or a manual task's evidence): the line records it, the
 * timeline and the audit say so, and the request completes if it was the last. Nothing when already done.
 */
export async function finishLine(
  tx: Tx,
  deps: Deps,
  target: { requestId: string; lineId: string; connector: ConnectorKind },
  done: { result: Record<string, unknown>; rows: number | null; evidence?: string },
): Promise<PlanState | null> {
  const current = await lockPlan(tx, target.requestId, null);
  const line = current.lines.find((l) => l.id === target.lineId);
  if (!line) throw new DomainError('NOT_FOUND', 'This plan has no such line.');
  if (line.status === 'done' || line.status === 'justified') return null;
  const [system] = await tx
    .select({ name: dataSystems.name })
    .from(dataSystems)
    .where(eq(dataSystems.id, line.dataSystemId));
  const byPerson = 'system' in deps.actor ? null : deps.actor.staffId;
  const state = await writePlanChange(tx, deps, { requestId: target.requestId, planVersion: null }, () => ({
    lines: [
      {
        id: line.id,
        set: {
          status: 'done',
          finishedAt: deps.now,
          finishedBy: byPerson,
          result: { ...line.result, ...done.result },
          ...(done.evidence === undefined ? {} : { evidence: done.evidence }),
        },
      },
    ],
    event: {
      event: 'line_done',
      note: done.evidence ?? null,
      line: {
        system: system?.name ?? 'Unknown system',
        scope: line.scope,
        action: line.action,
        ground: null,
      },
    },
    audit: ({ request }) =>
      byPerson === null
        ? {
            action: 'erasure.line_done',
            entityType: 'request',
            entityId: request.id,
            before: { lineId: line.id, status: line.status },
            after: { lineId: line.id, status: 'done', connector: target.connector, rows: done.rows },
          }
        : {
            action: 'erasure.task_closed',
            entityType: 'request',
            entityId: request.id,
            before: { lineId: line.id, status: line.status },
            after: { lineId: line.id, status: 'done' },
          },
  }));
  // A recipient waiting on this line's signed call was told by it: its notification is done too.
  let latest = state;
  for (const waiting of state.lines.filter(
    (l) => l.action === 'notify' && l.status === 'running' && l.result?.waitingOnCall === line.id,
  )) {
    latest =
      (await finishLine(
        tx,
        deps,
        { requestId: target.requestId, lineId: waiting.id, connector: target.connector },
        { result: { notifiedBy: 'erasure_call', callLineId: line.id }, rows: null },
      )) ?? latest;
  }
  if (latest !== state) return latest;
  return (await completeIfDone(tx, state, deps)) ?? state;
}

/**
 * A receiver answered that it could not erase: the line is failed, with its words, for an officer to follow up
 * (call again, or justify it as impossible); the request does not complete while it stands.
 */
export async function recordLineFailure(
  tx: Tx,
  deps: Deps,
  target: { requestId: string; lineId: string; connector: ConnectorKind },
  detail: string,
): Promise<void> {
  const current = await lockPlan(tx, target.requestId, null);
  const line = current.lines.find((l) => l.id === target.lineId);
  if (!line || line.status !== 'running') return;
  const [system] = await tx
    .select({ name: dataSystems.name })
    .from(dataSystems)
    .where(eq(dataSystems.id, line.dataSystemId));
  await writePlanChange(tx, deps, { requestId: target.requestId, planVersion: null }, () => ({
    lines: [
      {
        id: line.id,
        set: { status: 'failed', finishedAt: deps.now, result: { ...line.result, failure: detail } },
      },
    ],
    event: {
      event: 'line_failed',
      note: detail,
      line: {
        system: system?.name ?? 'Unknown system',
        scope: line.scope,
        action: line.action,
        ground: null,
      },
    },
    audit: ({ request }) => ({
      action: 'erasure.line_failed',
      entityType: 'request',
      entityId: request.id,
      before: { lineId: line.id, status: line.status },
      after: { lineId: line.id, status: 'failed', connector: target.connector },
    }),
  }));
}

/** What was kept, for the requester: each retained line's data and its ground, in plain words. */
function keptExplanation(state: PlanState, names: Map<string, string>): string {
  const kept = state.lines
    .filter((l) => l.action === 'retain')
    .map((l) => {
      const what = l.scope ?? `the data in ${names.get(l.dataSystemId) ?? 'one system'}`;
      const ground = l.ground ? retentionGroundLabels[l.ground] : 'a legal ground';
      return `${what} (${ground}${l.law ? `; ${l.law}` : ''})`;
    });
  const unconfirmed = state.lines
    .filter((l) => l.status === 'justified' && l.action !== 'notify')
    .map((l) => {
      const reason = l.result?.justification;
      const why =
        reason === 'impossible' || reason === 'disproportionate' ? justificationReasonLabels[reason] : '';
      return `${names.get(l.dataSystemId) ?? 'one system'}${why ? ` (${why.toLowerCase()})` : ''}`;
    });
  const parts: string[] = [];
  if (kept.length > 0)
    parts.push(
      `We erased your personal data except what the law requires us to keep: ${kept.join('; ')}. It is kept only as long as that law requires, then erased.`,
    );
  if (unconfirmed.length > 0)
    parts.push(`We could not confirm the erasure in: ${unconfirmed.join('; ')}; our records say why.`);
  return parts.join(' ');
}

/**
 * When every line is done or justified, the request completes: fulfilled, or partially fulfilled where lines
 * were kept on a legal ground (the explanation names each), and the requester is told through the outbox.
 */
export async function completeIfDone(tx: Tx, state: PlanState, deps: Deps): Promise<PlanState | null> {
  if (state.request.status !== 'fulfilling') return null;
  if (state.lines.some((l) => l.status !== 'done' && l.status !== 'justified')) return null;
  const systems = await tx.select({ id: dataSystems.id, name: dataSystems.name }).from(dataSystems);
  const names = new Map(systems.map((x) => [x.id, x.name]));
  // A recipient that could not be told (justified) does not make the erasure partial: our data is erased.
  const partial = state.lines.some(
    (l) => l.action === 'retain' || (l.status === 'justified' && l.action !== 'notify'),
  );
  const outcome = partial ? ('partially_fulfilled' as const) : ('fulfilled' as const);
  const settings = await readSettings(tx, deps.log);
  // The completion is the app's move (the lifecycle's system channel), whoever finished the last line.
  const system: Deps = {
    ...deps,
    actor: 'system' in deps.actor ? deps.actor : { system: `erasure:completed-after:${deps.actor.staffId}` },
  };
  return writePlanChange(tx, system, { requestId: state.request.id, planVersion: null }, async (current) => {
    const message = await putInOutbox(tx, outboxDepsOf(system), current.request, settings, {
      kind: 'completion',
      effect: null,
    });
    return {
      move: { action: 'complete', outcome, ...(partial ? { note: null } : {}) },
      requestSet: {
        outcome,
        reasonCode: partial ? 'exemption' : null,
        denialExplanation: partial ? keptExplanation(current, names) : null,
      },
      event: { event: 'completed', note: null },
      events: [message.event],
      audit: ({ request, from }) => ({
        action: 'erasure.completed',
        entityType: 'request',
        entityId: request.id,
        before: { status: from, version: current.request.version },
        after: { status: request.status, version: request.version, outcome, lines: current.lines.length },
      }),
    };
  });
}
