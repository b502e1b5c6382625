import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import {
  DomainError,
  isErasureType,
  requestStatusLabels,
  type Certificate,
  type ConnectorKind,
  type ErasureTasks,
  type PlanOutput,
  type PlanView,
} from '@privdesk/shared';
import {
  customers,
  dataSystems,
  erasurePlanLines,
  erasurePlans,
  erasureSuppressions,
  requestEvents,
  requests,
  subprocessors,
} from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { staffNames } from '../requests/requests.queries.js';
import { readSettings } from '../settings/settings.store.js';
import { assessRequest, verificationRowsOf } from '../verification/verification.service.js';
import type { PlanState } from './plan-change.js';

type Reader = Pick<ActorDeps, 'db' | 'actor' | 'log'>;

/** What a line's connector reported erasing: the platform's rows per table summed, or a receiver's records. */
function rowsOf(result: Record<string, unknown>): number | null {
  if (Array.isArray(result.tables)) {
    let n = 0;
    for (const t of result.tables as unknown[])
      if (t && typeof t === 'object')
        for (const key of ['deleted', 'anonymised', 'retained'] as const) {
          const v = (t as Record<string, unknown>)[key];
          if (typeof v === 'number') n += v;
        }
    return n;
  }
  return typeof result.records === 'number' ? result.records : null;
}

/** The names of the recipients that a plan's notification lines tell. */
async function recipientNames(
  db: Reader['db'],
  lines: readonly { recipientId: string | null }[],
): Promise<Map<string, string>> {
  const ids = [...new Set(lines.flatMap((l) => (l.recipientId ? [l.recipientId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: subprocessors.id, name: subprocessors.name })
    .from(subprocessors)
    .where(inArray(subprocessors.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The plan as its reader sees it, with what they may do next and why not where the next step is closed. */
export async function presentPlan(deps: Reader, state: PlanState): Promise<PlanView> {
  const { request, plan, lines } = state;
  const { db, actor } = deps;
  const systems = lines.length
    ? await db
        .select({
          id: dataSystems.id,
          key: dataSystems.key,
          name: dataSystems.name,
          connectorKind: dataSystems.connectorKind,
          ownerId: dataSystems.ownerId,
        })
        .from(dataSystems)
        .where(
          inArray(
            dataSystems.id,
            lines.map((l) => l.dataSystemId),
          ),
        )
    : [];
  const systemById = new Map(systems.map((s) => [s.id, s]));
  const recipients = await recipientNames(db, lines);
  const names = await staffNames(db, [
    plan.preparedBy,
    plan.submittedBy,
    plan.decidedBy,
    ...plan.editorIds,
    ...systems.map((s) => s.ownerId),
    ...lines.map((l) => l.finishedBy),
  ]);
  const ref = (id: string | null) =>
    id === null ? null : { id, name: names.get(id) ?? 'Unknown staff member' };
  const works = actor.permissions.includes('requests:work');
  const approves = actor.permissions.includes('requests:approve');
  const status = request.status;
  const started = plan.executionStartedAt !== null || status === 'fulfilling';
  const isEditor = plan.editorIds.includes(actor.staffId);
  const blockers: string[] = [];
  let verified = true;
  if (status === 'in_progress' || status === 'awaiting_approval') {
    const settings = await readSettings(db, deps.log);
    const { assessment } = assessRequest(request, await verificationRowsOf(db, request.id), settings);
    verified = assessment.satisfied;
    if (!verified)
      blockers.push(
        `Identity is not verified to the level this request needs: ${assessment.missing ?? 'record the check first'}.`,
      );
  }
  if (status === 'awaiting_approval' && approves && isEditor)
    blockers.push('You prepared or changed this plan: another privacy officer decides it (four eyes).');
  return {
    id: plan.id,
    requestId: request.id,
    status,
    version: plan.version,
    preparedBy: ref(plan.preparedBy),
    preparedAt: plan.preparedAt.toISOString(),
    editors: plan.editorIds.map((id) => ({ id, name: names.get(id) ?? 'Unknown staff member' })),
    submitted:
      plan.submittedAt && plan.submittedVersion !== null
        ? { by: ref(plan.submittedBy), at: plan.submittedAt.toISOString(), version: plan.submittedVersion }
        : null,
    decision:
      plan.decision && plan.decidedAt && plan.decisionNote !== null
        ? {
            kind: plan.decision,
            by: ref(plan.decidedBy),
            at: plan.decidedAt.toISOString(),
            note: plan.decisionNote,
          }
        : null,
    graceEndsAt: plan.graceEndsAt?.toISOString() ?? null,
    executionStartedAt: plan.executionStartedAt?.toISOString() ?? null,
    lines: lines.map((line) => {
      const system = systemById.get(line.dataSystemId);
      if (!system) throw new Error(`plan line ${line.id} names a missing system`);
      const { ownerId, ...shown } = system;
      const result = line.result ?? {};
      return {
        id: line.id,
        position: line.position,
        system: shown,
        recipient: line.recipientId
          ? { id: line.recipientId, name: recipients.get(line.recipientId) ?? 'A former subprocessor' }
          : null,
        scope: line.scope,
        platformScope: line.platformScope,
        action: line.action,
        ground: line.ground,
        law: line.law,
        forcedBy: line.forcedBy,
        note: line.note,
        status: line.status,
        rows: rowsOf(result),
        waitingFor:
          line.status !== 'running'
            ? null
            : 'taskOpenedAt' in result
              ? ('owner' as const)
              : 'waitingOnCall' in result
                ? ('call' as const)
                : result.receiver === 'accepted'
                  ? ('receiver' as const)
                  : null,
        owner: ref(ownerId),
        failure: typeof result.failure === 'string' ? result.failure : null,
        notice:
          line.action !== 'notify' || line.status !== 'done'
            ? null
            : result.notifiedBy === 'erasure_call'
              ? ('erasure_call' as const)
              : result.notified === false
                ? ('nothing_erased' as const)
                : null,
        evidence: line.evidence,
        finishedAt: line.finishedAt?.toISOString() ?? null,
        finishedBy: ref(line.finishedBy),
      };
    }),
    can: {
      change: works && !started && ['in_progress', 'awaiting_approval', 'approved'].includes(status),
      submit: works && status === 'in_progress' && verified,
      decide: approves && status === 'awaiting_approval' && !isEditor && verified,
      cancel: works && status === 'approved' && !started,
    },
    blockers,
  };
}

/** A request's plan, or why there is none yet and whether the reader may prepare it. */
export async function getPlan(deps: Reader, requestId: string): Promise<PlanOutput> {
  const { db, actor } = deps;
  const [request] = await db.select().from(requests).where(eq(requests.id, requestId));
  if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
  const [plan] = await db.select().from(erasurePlans).where(eq(erasurePlans.requestId, requestId));
  if (plan) {
    const lines = await db
      .select()
      .from(erasurePlanLines)
      .where(eq(erasurePlanLines.planId, plan.id))
      .orderBy(asc(erasurePlanLines.position));
    return {
      plan: await presentPlan(deps, { request, plan, lines }),
      canPrepare: false,
      prepareBlocker: null,
    };
  }
  if (!isErasureType(request.type))
    return { plan: null, canPrepare: false, prepareBlocker: 'Only an erasure request has an erasure plan.' };
  const works = actor.permissions.includes('requests:work');
  if (request.status !== 'in_progress')
    return {
      plan: null,
      canPrepare: false,
      prepareBlocker: `The plan is prepared once identity is verified and work has started; the request is ${requestStatusLabels[request.status].toLowerCase()}.`,
    };
  const [system] = await db.select({ id: dataSystems.id }).from(dataSystems).limit(1);
  if (!system)
    return {
      plan: null,
      canPrepare: false,
      prepareBlocker: 'The data inventory has no systems yet: add them under Registry → Data inventory.',
    };
  return {
    plan: null,
    canPrepare: works,
    prepareBlocker: works ? null : 'A privacy officer prepares the plan.',
  };
}

/** The reader's open manual tasks: lines of systems they own, waiting for their evidence, oldest first. */
export async function myTasks(deps: Reader): Promise<ErasureTasks> {
  const rows = await deps.db
    .select({
      requestId: requests.id,
      reference: requests.reference,
      lineId: erasurePlanLines.id,
      systemId: dataSystems.id,
      systemName: dataSystems.name,
      connector: dataSystems.connector,
      action: erasurePlanLines.action,
      scope: erasurePlanLines.scope,
      accountNumber: customers.accountNumber,
      startedAt: erasurePlanLines.startedAt,
      recipientId: erasurePlanLines.recipientId,
      result: erasurePlanLines.result,
    })
    .from(erasurePlanLines)
    .innerJoin(dataSystems, eq(dataSystems.id, erasurePlanLines.dataSystemId))
    .innerJoin(erasurePlans, eq(erasurePlans.id, erasurePlanLines.planId))
    .innerJoin(requests, eq(requests.id, erasurePlans.requestId))
    .leftJoin(customers, eq(customers.id, requests.customerId))
    .where(
      and(
        eq(dataSystems.ownerId, deps.actor.staffId),
        eq(erasurePlanLines.status, 'running'),
        eq(requests.status, 'fulfilling'),
      ),
    )
    // Oldest request first (references count up), each plan's tasks in the plan's order: the lines of one
    // run start within moments of each other, in whatever order their jobs ran.
    .orderBy(asc(requests.reference), asc(erasurePlanLines.position));
  // A task is a line whose owner was given it: a manual system's, or a recipient's notification to make.
  const tasks = rows.filter((r) => r.result !== null && 'taskOpenedAt' in r.result);
  const recipients = await recipientNames(deps.db, tasks);
  return {
    items: tasks.map((r) => ({
      requestId: r.requestId,
      reference: r.reference,
      lineId: r.lineId,
      system: {
        id: r.systemId,
        name: r.systemName,
        instructions: r.connector.kind === 'manual' ? r.connector.instructions : '',
      },
      recipient: r.recipientId ? (recipients.get(r.recipientId) ?? 'A former subprocessor') : null,
      action: r.action,
      scope: r.scope,
      accountNumber: r.accountNumber,
      openedAt: (r.startedAt ?? new Date(0)).toISOString(),
    })),
  };
}

const connectorDoer: Record<ConnectorKind, string> = {
  internal: 'Platform connector',
  webhook: 'Signed webhook to the receiver',
  manual: 'Manual task',
};

/** The certificate of a request's erasure: complete once the request is, a record of progress before. */
export async function erasureCertificate(
  deps: Reader & { now: Date },
  requestId: string,
): Promise<Certificate> {
  const { db } = deps;
  const [request] = await db.select().from(requests).where(eq(requests.id, requestId));
  if (!request) throw new DomainError('NOT_FOUND', 'No request with this id.');
  const [plan] = await db.select().from(erasurePlans).where(eq(erasurePlans.requestId, requestId));
  if (!plan) throw new DomainError('NOT_FOUND', `${request.reference} has no erasure plan.`);
  const lines = await db
    .select({ line: erasurePlanLines, system: dataSystems })
    .from(erasurePlanLines)
    .innerJoin(dataSystems, eq(dataSystems.id, erasurePlanLines.dataSystemId))
    .where(eq(erasurePlanLines.planId, plan.id))
    .orderBy(asc(erasurePlanLines.position));
  const [account] = request.customerId
    ? await db
        .select({ accountNumber: customers.accountNumber })
        .from(customers)
        .where(eq(customers.id, request.customerId))
    : [];
  const [suppressed] = account
    ? await db
        .select({ at: erasureSuppressions.erasedAt })
        .from(erasureSuppressions)
        .where(eq(erasureSuppressions.accountNumber, account.accountNumber))
    : [];
  const names = await staffNames(db, [
    plan.preparedBy,
    plan.decidedBy,
    ...lines.map((l) => l.line.finishedBy),
  ]);
  const recipients = await recipientNames(
    db,
    lines.map((l) => l.line),
  );
  const name = (id: string | null) => (id === null ? null : (names.get(id) ?? 'Unknown staff member'));
  const [completed] =
    request.status === 'completed'
      ? await db
          .select({ at: requestEvents.at })
          .from(requestEvents)
          .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.kind, 'status_changed')))
          .orderBy(desc(requestEvents.seq))
          .limit(1)
      : [];
  const outcome =
    request.outcome === 'fulfilled' || request.outcome === 'partially_fulfilled' ? request.outcome : null;
  return {
    requestId,
    reference: request.reference,
    regime: request.regime,
    status: request.status,
    outcome,
    receivedAt: request.receivedAt.toISOString(),
    completedAt: completed?.at.toISOString() ?? null,
    accountNumber: account?.accountNumber ?? null,
    plan: {
      version: plan.version,
      preparedBy: name(plan.preparedBy),
      preparedAt: plan.preparedAt.toISOString(),
      approvedBy: plan.decision === 'approved' || plan.executionStartedAt ? name(plan.decidedBy) : null,
      approvedAt: plan.decidedAt?.toISOString() ?? null,
      approvalNote: plan.decisionNote,
      executionStartedAt: plan.executionStartedAt?.toISOString() ?? null,
    },
    lines: lines.map(({ line, system }) => {
      const result = line.result ?? {};
      const tables = Array.isArray(result.tables)
        ? (result.tables as { table: string; deleted: number; anonymised: number; retained: number }[])
        : null;
      return {
        system: system.name,
        connector: system.connectorKind,
        recipient: line.recipientId ? (recipients.get(line.recipientId) ?? 'A former subprocessor') : null,
        scope: line.scope,
        action: line.action,
        ground: line.ground,
        law: line.law,
        note: line.note,
        status: line.status,
        rows: rowsOf(result),
        tables,
        startedAt: line.startedAt?.toISOString() ?? null,
        finishedAt: line.finishedAt?.toISOString() ?? null,
        doneBy:
          line.status !== 'done'
            ? null
            : (name(line.finishedBy) ??
              (line.action === 'retain'
                ? 'Kept as planned'
                : line.action === 'not_held'
                  ? 'Checked: holds nothing'
                  : line.action === 'notify'
                    ? result.notifiedBy === 'erasure_call'
                      ? 'Told by the signed erasure call'
                      : 'Nothing erased there to tell'
                    : connectorDoer[system.connectorKind])),
        evidence: line.evidence,
      };
    }),
    backups: {
      suppressed: suppressed !== undefined,
      statement:
        suppressed !== undefined
          ? `The account ${account?.accountNumber ?? ''} is on the suppression list since ${suppressed.at.toISOString().slice(0, 10)}: a backup restored later is erased again by the daily re-apply job before it is used (CCPA §7022(d)). Backups themselves expire on their own schedule.`
          : 'No platform account was erased, so none is on the suppression list.',
    },
    issuedAt: deps.now.toISOString(),
  };
}
