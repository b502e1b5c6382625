import {
  calendarDateIn,
  customerFlagLiftInputSchema,
  customerFlagSetInputSchema,
  defaultSettings,
  isPastVerification,
  permissionsOf,
  requestAcknowledgeInputSchema,
  requestAddNoteInputSchema,
  requestAssignInputSchema,
  requestCreateInputSchema,
  requestExtendInputSchema,
  requestPauseInputSchema,
  requestPriorities,
  requestResumeInputSchema,
  requestTransitionInputSchema,
  verificationAccountMatchInputSchema,
  verificationAgentInputSchema,
  verificationDataPointsInputSchema,
  verificationDocumentInputSchema,
  type ClockEvent,
  type CustomerFlagLiftInput,
  type CustomerFlagSetInput,
  type RequestStatus,
  type LineAction,
  type RetentionGround,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../db/client.js';
import {
  acknowledgeRequest,
  extendRequest,
  pauseRequest,
  resumeRequest,
} from '../features/requests/clock-ledger.service.js';
import { assignInTx, checkAssignee } from '../features/requests/request-assign.js';
import { createRequest } from '../features/requests/request-intake.js';
import { transitionInTx } from '../features/requests/request-moves.js';
import { addRequestNote } from '../features/requests/request-notes.js';
import { liftCustomerFlag, setCustomerFlag } from '../features/customers/customer-flags.js';
import { getPlan } from '../features/erasure/erasure-plan.queries.js';
import {
  approvePlan,
  changePlanLine,
  preparePlan,
  rejectPlan,
  submitPlan,
} from '../features/erasure/erasure-plan.service.js';
import { eq } from 'drizzle-orm';
import { customers, requests } from '../db/schema.js';
import { readSettings } from '../features/settings/settings.store.js';
import {
  recordAccountMatch,
  recordAgentAuthority,
  recordDataPoints,
  recordDocumentReview,
} from '../features/verification/verification-record.js';
import { accountEmailMatches, assessRequest } from '../features/verification/verification.service.js';
import type { Logger } from '../lib/logger.js';
import { defaultMailFrom } from '../features/messages/outbox.js';
import type { Actor, ActorDeps } from '../lib/service.js';
import { movePath } from './move-path.js';
import type { RequestPlan } from './request-dataset.js';

/**
 * The demo's requests are not inserted as finished rows: each one's history is replayed through the same
 * services a person's clicks go through (intake, assignment, the lifecycle's moves, clock entries, notes),
 * each at the instant it happened. So every seeded status change is one the lifecycle allows, every clock
 * date is one the engine derived, and the audit log tells the same story as the timelines — by construction.
 */

type MoveDetails = Omit<z.input<typeof requestTransitionInputSchema>, 'id' | 'version'>;

/** One thing that happened to one request. `key` is the generator's id for it, mapped to the real one. */
export type DemoStep = { at: Date; key: string; actorId: string } & (
  | { kind: 'intake'; input: z.input<typeof requestCreateInputSchema> }
  | { kind: 'assign'; assigneeId: string }
  | { kind: 'move'; details: MoveDetails }
  | { kind: 'clock'; entry: ClockEvent }
  | { kind: 'note'; text: string }
  // The identity check made before work starts, by the method the request allows (see verifyForDemo).
  | { kind: 'verify'; part: 'agent' | 'identity' | 'partial' }
  // `key` is the customer account's id for these two.
  | { kind: 'flag_set'; input: Omit<CustomerFlagSetInput, 'customerId' | 'version'> }
  | { kind: 'flag_lift'; input: Omit<CustomerFlagLiftInput, 'customerId' | 'version'> }
  // Another feature's step (the registry's), run through that feature's services at its instant.
  | { kind: 'run'; run: (deps: DemoStepDeps) => Promise<void> }
  // The request's erasure plan, through the plan's own rules (erasure-demo.ts).
  | { kind: 'plan'; step: DemoPlanStep }
);

/** A step of an erasure plan: prepared, a line changed (by the system's key), submitted, decided. */
export type DemoPlanStep =
  | { action: 'prepare' }
  | {
      action: 'change_line';
      system: string;
      lineAction: LineAction;
      ground: RetentionGround | null;
      note: string | null;
    }
  | { action: 'submit' }
  | { action: 'approve' | 'reject'; note: string };

/** What a step's services get: the seed's transaction, the step's instant and actor, mail as history. */
export interface DemoStepDeps {
  db: Tx;
  log: Logger;
  now: Date;
  actor: Actor;
  mail: { from: string; delivery: 'demo_history' };
}

/** The staff the demo's work is done by. */
export interface DemoPeople {
  officerIds: readonly string[];
  /** Assigns requests (managers triage the unassigned). */
  managerId: string;
  /** Logs the requests that come in by phone or through support. */
  supportId: string;
}

const officerPermissions = permissionsOf(['privacy_officer']);
const MINUTE = 60_000;
const askMessage = 'Could you confirm which account this request is about?';
const withdrawalNote = 'The requester wrote to withdraw the request.';
const noteText = 'Checked the platform database and the support desk; nothing unusual.';

/** What the last move of a request needs, from the outcome the generator picked for it. */
function closingDetails(plan: RequestPlan, to: RequestStatus): MoveDetails {
  const { row } = plan;
  switch (to) {
    case 'completed':
      return row.outcome === 'partially_fulfilled'
        ? {
            to,
            outcome: 'partially_fulfilled',
            reasonCode: row.reasonCode ?? null,
            explanation: row.denialExplanation ?? null,
          }
        : { to, outcome: 'fulfilled' };
    case 'denied':
    case 'closed_unverified':
      return { to, reasonCode: row.reasonCode ?? null, explanation: row.denialExplanation ?? null };
    case 'withdrawn':
      return { to, note: withdrawalNote };
    case 'awaiting_requester':
      return { to, message: askMessage };
    default:
      return { to };
  }
}

interface PlannedMove {
  details: MoveDetails;
  /** Asks and answers happen on their ledger day; other moves are spread between them. */
  fixedAt?: number;
}

/**
 * The moves that take a generated request from "received" to its final status, shortest first, through the
 * asks its ledger records: an identity ask is made during verification and a clarification during work,
 * each answered (a resume) where the ledger says it was.
 */
export function plannedMoves(plan: RequestPlan, at: (on: string) => number): PlannedMove[] {
  const { row, ledger } = plan;
  const out: PlannedMove[] = [];
  let status: RequestStatus = 'received';
  const goTo = (to: RequestStatus) => {
    const path = movePath(status, to, row.type, officerPermissions);
    if (path === undefined)
      throw new Error(`demo: no manual way from ${status} to ${to} for a ${row.type} request`);
    path.forEach((m, k) =>
      out.push({
        details: k === path.length - 1 && to === row.status ? closingDetails(plan, m.to) : { to: m.to },
      }),
    );
    status = to;
  };
  for (const ask of ledger.filter((e) => e.kind === 'identity_asked' || e.kind === 'clarification_asked')) {
    const askFor = ask.kind === 'identity_asked' ? 'identity' : 'clarification';
    const from: RequestStatus = askFor === 'identity' ? 'verifying' : 'in_progress';
    goTo(from);
    out.push({ details: { to: 'awaiting_requester', askFor, message: askMessage }, fixedAt: at(ask.on) });
    status = 'awaiting_requester';
    const answer = ledger.find((e) => e.kind === `${askFor}_received`);
    if (answer) {
      out.push({ details: { to: from }, fixedAt: at(answer.on) });
      status = from;
    }
  }
  goTo(row.status);
  return out;
}

/** The history of one generated request, as steps dated between its logging and now. */
export function historyOf(plan: RequestPlan, people: DemoPeople, now: Date): DemoStep[] {
  const { row } = plan;
  const key = row.id;
  const loggedAt = row.loggedAt.getTime();
  const latest = now.getTime() - MINUTE;
  const zone = defaultSettings.handling[row.regime].timeZone;
  // Mid-morning UTC of a ledger day is that same day in every handling time zone (UTC−8 to UTC+1).
  const at = (on: string) =>
    Math.min(latest - 30 * MINUTE, Math.max(loggedAt + 2 * MINUTE, Date.parse(`${on}T10:00:00Z`)));
  const worker = row.assigneeId ?? people.officerIds[0];
  if (worker === undefined) throw new Error('demo: no privacy officer to do the work');

  const steps: DemoStep[] = [];
  const intakeBy = row.channel === 'support' || row.channel === 'phone' ? people.supportId : worker;
  steps.push({
    at: row.loggedAt,
    key,
    actorId: intakeBy,
    kind: 'intake',
    input: {
      type: row.type,
      regime: row.regime,
      channel: row.channel,
      receivedAt: row.receivedAt.toISOString(),
      requester: {
        name: row.requesterName,
        email: row.requesterEmail,
        ...(row.requesterLocation ? { location: row.requesterLocation } : {}),
      },
      agent:
        row.agentName && row.agentEmail && row.agentPermissionNote
          ? { name: row.agentName, email: row.agentEmail, permissionNote: row.agentPermissionNote }
          : null,
      customerId: row.customerId ?? null,
      description: row.description ?? '',
      priority: requestPriorities[row.priority ?? 1] ?? 'normal',
      minor: row.minor ?? false,
    },
  });
  if (row.assigneeId)
    steps.push({
      at: new Date(loggedAt + MINUTE),
      key,
      actorId: people.managerId,
      kind: 'assign',
      assigneeId: row.assigneeId,
    });

  const hand = plan.ledger
    .filter((e) => !e.kind.endsWith('_asked') && !e.kind.endsWith('_received'))
    // A few minutes past the hour, and apart, so no two changes of one request share an instant.
    .map((entry, i) => ({ entry, at: at(entry.on) + (7 + 5 * i) * MINUTE }));
  const moves = plannedMoves(plan, at);
  // The last unanchored moves end at the last change, after every clock entry (nothing is recorded on a closed request).
  const anchors = [
    ...hand.map((h) => h.at),
    ...moves.flatMap((m) => (m.fixedAt === undefined ? [] : [m.fixedAt])),
  ];
  const end = Math.min(
    latest - 10 * MINUTE,
    Math.max(plan.lastChange.getTime(), ...anchors.map((a) => a + 60 * MINUTE)),
  );
  let previous = loggedAt + 2 * MINUTE;
  let k = 0;
  while (k < moves.length) {
    let j = k;
    while (j < moves.length && moves[j]?.fixedAt === undefined) j += 1;
    const next = j < moves.length ? (moves[j]?.fixedAt ?? end) : end;
    // Moves k..j-1 are spread evenly up to the next anchor (the last of a trailing run lands on `end`).
    const slots = j < moves.length ? j - k + 1 : j - k;
    for (let m = k; m < j; m += 1) {
      const t = Math.max(previous + MINUTE, previous + ((next - previous) * (m - k + 1)) / slots);
      const move = moves[m];
      if (move) move.fixedAt = t;
      previous = t;
    }
    const anchored = moves[j];
    if (anchored?.fixedAt !== undefined) {
      anchored.fixedAt = Math.max(anchored.fixedAt, previous + MINUTE);
      previous = anchored.fixedAt;
    }
    k = j + 1;
  }
  let verified = false;
  for (const m of moves) {
    const moveAt = m.fixedAt ?? end;
    // Work past verification needs the identity checked first (issue 13): a second before the move.
    if (!verified && isPastVerification(m.details.to)) {
      if (row.channel === 'authorised_agent')
        steps.push({ at: new Date(moveAt - 2000), key, actorId: worker, kind: 'verify', part: 'agent' });
      steps.push({ at: new Date(moveAt - 1000), key, actorId: worker, kind: 'verify', part: 'identity' });
      verified = true;
    }
    steps.push({ at: new Date(moveAt), key, actorId: worker, kind: 'move', details: m.details });
  }
  // Some requests still verifying show a check under way: one data point of two matched, not yet enough.
  if (row.status === 'verifying' && row.customerId && Number(row.reference.slice(-1)) % 2 === 0) {
    steps.push({
      at: new Date(Math.min(latest, end + 5 * MINUTE)),
      key,
      actorId: worker,
      kind: 'verify',
      part: 'partial',
    });
  }
  for (const h of hand) {
    // The entry's day is the day it was recorded, in the regime's handling zone, as a person would enter it.
    const entry = { ...h.entry, on: calendarDateIn(new Date(h.at), zone) };
    steps.push({ at: new Date(h.at), key, actorId: worker, kind: 'clock', entry });
  }
  if (plan.note) {
    const last = Math.max(...steps.map((s) => s.at.getTime()));
    steps.push({
      at: new Date(Math.min(latest, last + 20 * MINUTE)),
      key,
      actorId: worker,
      kind: 'note',
      text: noteText,
    });
  }
  // One change, one instant: the audit event and the timeline entries of a change share it, so two changes
  // of the same request never do. The order is stable, so the intake stays first.
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  steps.forEach((s, i) => {
    const before = steps[i - 1];
    if (before && s.at.getTime() <= before.at.getTime()) s.at = new Date(before.at.getTime() + 1000);
  });
  for (const s of steps) {
    if (s.at.getTime() > now.getTime() || s.at.getTime() < loggedAt)
      throw new Error(`demo: a ${s.kind} step of ${row.reference} falls outside its request's life`);
  }
  return steps;
}

/**
 * The check an officer would make, through the verification services: nothing where none may be asked (a
 * CCPA opt-out), an account match when the requester wrote from the account's own address, two data points
 * read back against a linked account otherwise, and a document seen when no account is linked; an agent's
 * request also records the agent's permission, confirmed by the subject.
 */
async function verifyForDemo(
  deps: ActorDeps,
  t: { id: string; version: number },
  part: 'agent' | 'identity' | 'partial',
): Promise<number> {
  const settings = await readSettings(deps.db, deps.log);
  const [record] = await deps.db.select().from(requests).where(eq(requests.id, t.id));
  if (!record) throw new Error('demo: a verify step names no request');
  const { required } = assessRequest(record, [], settings);
  if (required.level === 'none') return t.version;
  const version = t.version;
  if (part === 'partial') {
    const [holder] = record.customerId
      ? await deps.db
          .select({ name: customers.name })
          .from(customers)
          .where(eq(customers.id, record.customerId))
      : [];
    if (!holder) return version;
    return (
      await recordDataPoints(
        deps,
        verificationDataPointsInputSchema.parse({
          id: t.id,
          version,
          // The name matches; the plan the requester remembered does not.
          supplied: { name: holder.name, plan: 'a plan no account has' },
          note: 'Asked on the phone; the caller was unsure of the plan.',
        }),
      )
    ).version;
  }
  if (part === 'agent') {
    return (
      await recordAgentAuthority(
        deps,
        verificationAgentInputSchema.parse({
          id: t.id,
          version,
          subjectConfirmed: true,
          note: 'Signed permission on file; the subject confirmed by phone that the agent acts for them.',
        }),
      )
    ).version;
  }
  const [account] = record.customerId
    ? await deps.db
        .select({ name: customers.name, accountNumber: customers.accountNumber })
        .from(customers)
        .where(eq(customers.id, record.customerId))
    : [];
  const out = !account
    ? await recordDocumentReview(
        deps,
        verificationDocumentInputSchema.parse({
          id: t.id,
          version,
          documentType: 'passport',
          outcome: 'passed',
        }),
      )
    : // Some requesters are asked for two data points though they wrote from the account's address (a third
      // of them, by reference): the demo shows both.
      Number(record.reference.slice(-1)) % 3 !== 0 && (await accountEmailMatches(deps.db, record))
      ? await recordAccountMatch(deps, verificationAccountMatchInputSchema.parse({ id: t.id, version }))
      : await recordDataPoints(
          deps,
          verificationDataPointsInputSchema.parse({
            id: t.id,
            version,
            supplied: { name: account.name, account_number: account.accountNumber },
          }),
        );
  return out.version;
}

/**
 * Replays every step, oldest first across all requests, so the audit chain runs forward in time like a real
 * one. Each step runs its service with `now` at the step's instant, as the person named, inside the seed's
 * one transaction (assignments and moves through the same in-transaction writers the bulk actions use).
 */
export async function replayHistories(
  tx: Tx,
  steps: readonly DemoStep[],
  actors: ReadonlyMap<string, Actor>,
  log: Logger,
): Promise<Map<string, string>> {
  const ordered = [...steps].sort((a, b) => a.at.getTime() - b.at.getTime());
  const live = new Map<string, { id: string; version: number }>();
  /** Customer accounts' versions, as their flags change. */
  const accounts = new Map<string, number>();
  /** Erasure plans' versions, by their request's key. */
  const plans = new Map<string, number>();
  const target = (key: string) => {
    const found = live.get(key);
    if (!found) throw new Error('demo: a step ran before its request was logged');
    return found;
  };
  for (const step of ordered) {
    const actor = actors.get(step.actorId);
    if (!actor) throw new Error('demo: a step names someone who is not demo staff');
    // Its messages (acknowledgements, notices, questions, answers) are recorded as sent at their instant:
    // the history replays them; no mail leaves for the past.
    const deps: DemoStepDeps = {
      db: tx,
      log,
      now: step.at,
      actor,
      mail: { from: defaultMailFrom, delivery: 'demo_history' },
    };
    switch (step.kind) {
      case 'intake': {
        const created = await createRequest(deps, requestCreateInputSchema.parse(step.input));
        live.set(step.key, { id: created.id, version: created.version });
        break;
      }
      case 'assign': {
        const t = target(step.key);
        const input = requestAssignInputSchema.parse({ ...t, assigneeId: step.assigneeId });
        await checkAssignee(tx, input.assigneeId);
        t.version = (await assignInTx(tx, deps, input, input.assigneeId)).version;
        break;
      }
      case 'move': {
        const t = target(step.key);
        const input = requestTransitionInputSchema.parse({ ...t, ...step.details });
        t.version = (await transitionInTx(tx, deps, input, input)).version;
        break;
      }
      case 'clock': {
        const t = target(step.key);
        const { entry } = step;
        const out =
          // Sent by us, on the day the entry is dated (the step's instant is on that day where it is handled).
          entry.kind === 'acknowledged'
            ? await acknowledgeRequest(
                deps,
                requestAcknowledgeInputSchema.parse({ ...t, notice: 'send_email' }),
              )
            : entry.kind === 'extension_noticed'
              ? await extendRequest(
                  deps,
                  requestExtendInputSchema.parse({ ...t, notice: 'send_email', reason: entry.reason }),
                )
              : entry.kind === 'paused'
                ? await pauseRequest(
                    deps,
                    requestPauseInputSchema.parse({ ...t, on: entry.on, reason: entry.reason }),
                  )
                : entry.kind === 'resumed'
                  ? await resumeRequest(deps, requestResumeInputSchema.parse({ ...t, on: entry.on }))
                  : undefined;
        if (!out) throw new Error(`demo: a ${entry.kind} entry is not entered by hand`);
        t.version = out.version;
        break;
      }
      case 'verify': {
        const t = target(step.key);
        t.version = await verifyForDemo(deps, t, step.part);
        break;
      }
      case 'note':
        await addRequestNote(
          deps,
          requestAddNoteInputSchema.parse({ id: target(step.key).id, text: step.text }),
        );
        break;
      case 'flag_set': {
        const version = accounts.get(step.key) ?? 0;
        const out = await setCustomerFlag(
          deps,
          customerFlagSetInputSchema.parse({ ...step.input, customerId: step.key, version }),
        );
        accounts.set(step.key, out.version);
        break;
      }
      case 'flag_lift': {
        const version = accounts.get(step.key) ?? 0;
        const out = await liftCustomerFlag(
          deps,
          customerFlagLiftInputSchema.parse({ ...step.input, customerId: step.key, version }),
        );
        accounts.set(step.key, out.version);
        break;
      }
      case 'run':
        await step.run(deps);
        break;
      case 'plan': {
        const t = target(step.key);
        const planVersion = plans.get(step.key) ?? 0;
        const out = await replayPlanStep(deps, t, planVersion, step.step);
        t.version = out.requestVersion;
        plans.set(step.key, out.plan.version);
        break;
      }
    }
  }
  return new Map([...live].map(([key, t]) => [key, t.id]));
}

/** One plan step through the plan's services; an approval is made with the MFA step-up it needs, at its instant. */
async function replayPlanStep(
  deps: DemoStepDeps,
  request: { id: string; version: number },
  planVersion: number,
  step: DemoPlanStep,
) {
  switch (step.action) {
    case 'prepare':
      return preparePlan(deps, { requestId: request.id, requestVersion: request.version });
    case 'change_line': {
      const { plan } = await getPlan(deps, request.id);
      // The system's own line: not a rule's retain line, nor a recipient's notification through it.
      const line = plan?.lines.find(
        (l) => l.system.key === step.system && l.scope === null && l.action !== 'notify',
      );
      if (!line) throw new Error(`demo: the plan has no line for ${step.system}`);
      return changePlanLine(deps, {
        requestId: request.id,
        planVersion,
        lineId: line.id,
        action: step.lineAction,
        ground: step.ground,
        note: step.note,
      });
    }
    case 'submit':
      return submitPlan(deps, { requestId: request.id, planVersion });
    case 'approve':
      return approvePlan(
        { ...deps, actor: { ...deps.actor, mfaAt: deps.now } },
        { requestId: request.id, planVersion, note: step.note },
      );
    case 'reject':
      return rejectPlan(deps, { requestId: request.id, planVersion, note: step.note });
  }
}
