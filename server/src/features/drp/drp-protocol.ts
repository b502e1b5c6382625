import { and, eq, lt, ne } from 'drizzle-orm';
import {
  drpEnvelopeSchema,
  drpExerciseMessageSchema,
  drpExerciseRequest,
  drpPairwiseSetupSchema,
  drpRevokeMessageSchema,
  drpStatusOf,
  isOpenStatus,
  unstorableTextFields,
  type DrpExerciseMessage,
  type DrpExerciseStatus,
} from '@privdesk/shared';
import type { z, ZodType } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import {
  customers,
  drpAgents,
  drpRequests,
  drpSeenMessages,
  drpTokens,
  requestEvents,
  requests,
} from '../../db/schema.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { Delivery, ServiceDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { createRequest } from '../requests/request-intake.js';
import { transitionInTx } from '../requests/request-moves.js';
import { loadRequest } from '../requests/request-change.js';
import type { DrpAgentRecord } from './drp-agents.js';
import { revokeAgentTokens } from './drp-agents.js';
import { callbackUrlProblem, type CallbackPolicy } from './drp-callback.js';
import { decodeSignedBody, newBearerToken, sha256Hex, verifySignature } from './drp-crypto.js';
import { currentDrpStatus, verificationAllowed, type DrpRequestRecord } from './drp-status.js';

/** An error answer (§3.06): the HTTP status, a message that names no personal data, and whether it is final. */
export class DrpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fatal = true,
  ) {
    super(message);
    this.name = 'DrpError';
  }
}

export interface DrpDeps extends ServiceDeps {
  /** Our business id (`DRP_BUSINESS_ID`): a message for another business is refused. */
  businessId: string;
  /** Where the consumer is sent to confirm who they are: `<origin>/drp/verify/<request id>`. */
  publicOrigin: string;
  callbacks: CallbackPolicy;
  /** Our sender (MAIL_FROM), for the acknowledgement a CCPA request gets by itself. */
  mailFrom: string;
  /** The demo's history records mail as sent at its instant instead of queuing it. */
  delivery?: Delivery;
}

/** A message's clock may run this far ahead of ours (§3.07: "now after issued-at", with a little skew). */
export const issuedAtSkewMs = 60_000;
/** A signed message is good for at most this long (the protocol recommends ten minutes). */
export const maxMessageWindowMs = 60 * 60_000;

/** The agent of a bearer token (§2.05), if the token is one we issued and the agent is active. */
export async function agentOfToken(db: DbOrTx, header: string | undefined): Promise<DrpAgentRecord> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/.exec(header ?? '');
  if (!match?.[1])
    throw new DrpError(
      403,
      'Send the token from POST /drp/v1/agent/{agent-id} as Authorization: Bearer <token>.',
    );
  const [row] = await db
    .select({ agent: drpAgents })
    .from(drpTokens)
    .innerJoin(drpAgents, eq(drpAgents.id, drpTokens.agentId))
    .where(and(eq(drpTokens.tokenHash, sha256Hex(match[1])), eq(drpAgents.status, 'active')));
  if (!row) throw new DrpError(403, 'This token is not, or no longer, valid: set up a new one.');
  return row.agent;
}

export interface Opened<T> {
  message: T;
  signatureHash: string;
  expiresAt: Date;
}

/** The first problem of a schema's parse, by field, without the value given. */
function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The message does not fit the protocol.';
  const field = issue.path.map(String).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}

/**
 * A signed body checked in the order of §3.07: it decodes from base64; its signature is the agent's; its
 * `agent-id` is that agent; its `business-id` is ours; now is after `issued-at` (a minute's skew allowed)
 * and before `expires-at` (a window of at most an hour). Then the action's own fields.
 */
export function openSigned<S extends ZodType>(
  deps: Pick<DrpDeps, 'businessId' | 'now'>,
  agent: Pick<DrpAgentRecord, 'id' | 'verifyKey'>,
  body: unknown,
  schema: S,
): Opened<z.output<S>> {
  const decoded = typeof body === 'string' ? decodeSignedBody(body) : null;
  if (!decoded)
    throw new DrpError(400, 'The body is not a base64 signed message (Content-Type: text/plain).');
  if (!verifySignature(agent.verifyKey, decoded.signature, decoded.message))
    throw new DrpError(403, 'The signature does not verify with this agent’s key.');
  let json: unknown;
  try {
    json = JSON.parse(decoded.message.toString('utf8'));
  } catch {
    throw new DrpError(400, 'The signed message is not JSON.');
  }
  // A NUL or a lone surrogate cannot be stored (PostgreSQL text): refused here, by field, not as a 500.
  const unstorable = Object.entries(unstorableTextFields(json))[0];
  if (unstorable) throw new DrpError(400, `${unstorable[0]}: ${unstorable[1][0] ?? 'cannot be stored'}`);
  const envelope = drpEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new DrpError(400, problemOf(envelope.error));
  const claims = envelope.data;
  if (claims['agent-id'] !== agent.id)
    throw new DrpError(403, 'The agent-id claim is not the agent this token was issued to.');
  if (claims['business-id'] !== deps.businessId)
    throw new DrpError(403, `The business-id claim is not ours (${deps.businessId}).`);
  const issuedAt = new Date(claims['issued-at']);
  const expiresAt = new Date(claims['expires-at']);
  const now = deps.now.getTime();
  if (issuedAt.getTime() > now + issuedAtSkewMs)
    throw new DrpError(400, 'The message was issued in the future: check the signing clock.');
  if (expiresAt.getTime() <= now) throw new DrpError(400, 'The message has expired: sign a new one.');
  if (expiresAt.getTime() - issuedAt.getTime() > maxMessageWindowMs)
    throw new DrpError(400, 'A message may be good for at most 60 minutes (the protocol recommends 10).');
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DrpError(400, problemOf(parsed.error));
  return { message: parsed.data, signatureHash: sha256Hex(decoded.signature), expiresAt };
}

/**
 * A signed message is accepted once for what it acts on: its record stays until it expires (and it is
 * refused alone after). The target is part of the key because a revoke's body does not name its request
 * (§2.04): the same reason signed in the same millisecond is the same signature, and revoking two requests
 * with it is two actions, not a replay.
 */
async function acceptOnce(tx: Tx, agentId: string, opened: Opened<unknown>, target: string): Promise<void> {
  const inserted = await tx
    .insert(drpSeenMessages)
    .values({
      signatureHash: sha256Hex(`${opened.signatureHash}:${target}`),
      agentId,
      expiresAt: opened.expiresAt,
    })
    .onConflictDoNothing()
    .returning({ h: drpSeenMessages.signatureHash });
  if (inserted.length === 0)
    throw new DrpError(409, 'This signed message was already accepted: sign a new one for a new action.');
}

// --- §2.05 pair-wise key setup ---------------------------------------------------------------------------

/** A failed key setup is a bare 403 (§2.05.1): the route answers it with no body. */
export class BareForbidden extends Error {}

export async function setupPairwiseKey(
  deps: DrpDeps,
  agentId: string,
  body: unknown,
): Promise<{ 'agent-id': string; token: string }> {
  const [agent] = await deps.db.select().from(drpAgents).where(eq(drpAgents.id, agentId));
  if (!agent || agent.status !== 'active') throw new BareForbidden('unknown or disabled agent');
  let opened: Opened<z.output<typeof drpPairwiseSetupSchema>>;
  try {
    opened = openSigned(deps, agent, body, drpPairwiseSetupSchema);
  } catch (error) {
    throw new BareForbidden(error instanceof Error ? error.message : 'refused');
  }
  const token = newBearerToken();
  try {
    await deps.db.transaction(async (tx) => {
      await acceptOnce(tx, agent.id, opened, 'setup');
      // A new setup replaces the old: one live token per agent, whatever it did with the last.
      const revoked = await revokeAgentTokens(tx, agent.id);
      await tx
        .insert(drpTokens)
        .values({ tokenHash: sha256Hex(token), agentId: agent.id, createdAt: deps.now });
      await recordAudit(
        tx,
        { actorId: null, ip: null, requestId: `drp:${agent.id}` },
        {
          action: 'drp.token_issued',
          entityType: 'drp_agent',
          entityId: agent.id,
          after: { tokensRevoked: revoked },
        },
        deps.now,
      );
    });
  } catch (error) {
    if (error instanceof DrpError) throw new BareForbidden(error.message);
    throw error;
  }
  deps.log.info({ drpAgentId: agent.id }, 'drp token issued');
  return { 'agent-id': agent.id, token };
}

// --- §2.01 exercise --------------------------------------------------------------------------------------

/** A US address's state as our location code (`US-CA`), when the claim gives both. */
function locationOf(message: DrpExerciseMessage): string | undefined {
  const country = message.address?.country?.trim().toUpperCase();
  const region = message.address?.region?.trim().toUpperCase();
  if (!country || !region || !/^[A-Z]{2}$/.test(region)) return undefined;
  return country === 'US' || country === 'USA' ? `US-${region}` : undefined;
}

function permissionNoteOf(agent: DrpAgentRecord, message: DrpExerciseMessage): string {
  const verified = [
    message.email_verified ? 'email' : null,
    message.phone_number_verified ? 'phone number' : null,
    message.address_verified ? 'address' : null,
  ].filter((v) => v !== null);
  return [
    `Filed by ${agent.name} (${agent.id}) over the Data Rights Protocol ${message['drp.version']}, signed with the key in its directory entry.`,
    verified.length > 0
      ? `The agent attests it verified the consumer’s ${verified.join(', ')}${agent.identityAssuranceUrl ? ` (its process: ${agent.identityAssuranceUrl})` : ''}.`
      : 'The agent attests no verified identity claim.',
    message.power_of_attorney ? 'A power of attorney is referenced in the claims.' : null,
    'CCPA §7063: the consumer may still be asked to confirm directly that the agent acts for them.',
  ]
    .filter((line) => line !== null)
    .join(' ');
}

async function existingFor(db: DbOrTx, agentId: string, agentRequestId: string) {
  const [row] = await db
    .select({ drp: drpRequests, request: requests })
    .from(drpRequests)
    .innerJoin(requests, eq(requests.id, drpRequests.requestId))
    .where(and(eq(drpRequests.agentId, agentId), eq(drpRequests.agentRequestId, agentRequestId)));
  return row ?? null;
}

/**
 * An exercise becomes a request like any other (issue 17, item 3): channel authorised agent, the agent
 * recorded, under the CCPA (a message with no regime is handled under its rules, marked voluntary),
 * received when it arrived, the identity claims kept as the agent's attestation. An `agent-request-id` the
 * agent already used answers that request's status instead of filing it twice.
 */
export async function exercise(
  deps: DrpDeps,
  agent: DrpAgentRecord,
  body: unknown,
): Promise<DrpExerciseStatus> {
  const opened = openSigned(deps, agent, body, drpExerciseMessageSchema);
  const message = opened.message;
  if (message.status_callback !== undefined) {
    const problem = callbackUrlProblem(message.status_callback, deps.callbacks);
    if (problem) throw new DrpError(400, problem);
  }
  const agentRequestId = message['agent-request-id'] ?? null;
  if (agentRequestId !== null) {
    const existing = await existingFor(deps.db, agent.id, agentRequestId);
    if (existing) {
      await deps.db.transaction((tx) => acceptOnce(tx, agent.id, opened, 'exercise'));
      return currentDrpStatus(deps.db, existing.request, existing.drp);
    }
  }
  const { type, knowScope } = drpExerciseRequest[message.exercise];
  const linkable = await deps.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.email, message.email), ne(customers.status, 'erased')))
    .limit(2);
  const customerId = linkable.length === 1 ? (linkable[0]?.id ?? null) : null;
  const voluntary = message.regime === undefined;
  const location = locationOf(message);
  let filed: { status: DrpExerciseStatus } | null = null;
  try {
    await createRequest(
      {
        db: deps.db,
        log: deps.log,
        now: deps.now,
        actor: { system: `drp:${agent.id}` },
        mail: { from: deps.mailFrom, ...(deps.delivery ? { delivery: deps.delivery } : {}) },
        filedBy: {
          audit: { agentId: agent.id, exercise: message.exercise, voluntary },
          alsoInTx: async (tx, created) => {
            await acceptOnce(tx, agent.id, opened, 'exercise');
            const verificationUrl = `${deps.publicOrigin.replace(/\/+$/, '')}/drp/verify/${created.id}`;
            const row = {
              requestId: created.id,
              agentId: agent.id,
              agentRequestId,
              exercise: message.exercise,
              voluntary,
              relationships: message.relationships ?? [],
              statusCallback: message.status_callback ?? null,
              verificationUrl,
              claims: {
                name: message.name,
                email: message.email,
                ...(message.email_verified === undefined ? {} : { email_verified: message.email_verified }),
                ...(message.phone_number === undefined ? {} : { phone_number: message.phone_number }),
                ...(message.phone_number_verified === undefined
                  ? {}
                  : { phone_number_verified: message.phone_number_verified }),
                ...(message.address === undefined
                  ? {}
                  : { address: message.address as Record<string, string> }),
                ...(message.address_verified === undefined
                  ? {}
                  : { address_verified: message.address_verified }),
                ...(message.power_of_attorney === undefined
                  ? {}
                  : { power_of_attorney: message.power_of_attorney }),
              },
              statusSeq: 0,
            };
            const status = drpStatusOf({
              id: created.id,
              status: created.status,
              outcome: created.outcome,
              reasonCode: created.reasonCode,
              receivedAt: created.receivedAt,
              effectiveDueOn: created.effectiveDueOn,
              extension: null,
              agentRequestId,
              verificationUrl,
              verificationAllowed: verificationAllowed(created),
            });
            await tx.insert(drpRequests).values({ ...row, lastStatus: status });
            await tx.insert(requestEvents).values({
              requestId: created.id,
              at: deps.now,
              actorId: null,
              kind: 'drp',
              data: {
                event: 'filed',
                agentId: agent.id,
                status: status.status,
                reason: null,
                httpStatus: null,
                attempt: 0,
                seq: 0,
              },
            });
            filed = { status };
          },
        },
      },
      {
        type,
        regime: 'ccpa',
        channel: 'authorised_agent',
        receivedAt: deps.now.toISOString(),
        requester: { name: message.name, email: message.email, ...(location ? { location } : {}) },
        agent: {
          name: agent.name,
          email: agent.businessContact ?? agent.technicalContact ?? '',
          permissionNote: permissionNoteOf(agent, message),
        },
        customerId,
        description: voluntary
          ? 'Filed without a regime: handled under the CCPA’s rules on a voluntary basis.'
          : '',
        priority: 'normal',
        minor: false,
        ...(knowScope ? { knowScope } : {}),
      },
    );
  } catch (error) {
    // The same agent-request-id filed twice at once: the other one won; this one answers its status.
    if (agentRequestId !== null && isUniqueViolation(error, 'drp_requests_agent_request_key')) {
      const existing = await existingFor(deps.db, agent.id, agentRequestId);
      if (existing) return currentDrpStatus(deps.db, existing.request, existing.drp);
    }
    throw error;
  }
  const done = filed as { status: DrpExerciseStatus } | null;
  if (!done) throw new Error('the exercise was filed without its DRP record');
  // The acknowledgement rule may have changed the request in the same transaction: answer what is now true.
  const [row] = await deps.db
    .select()
    .from(drpRequests)
    .where(eq(drpRequests.requestId, done.status.request_id));
  if (!row) return done.status;
  deps.log.info({ drpAgentId: agent.id, dsrId: row.requestId }, 'drp exercise filed');
  return currentDrpStatus(deps.db, await loadRequest(deps.db, row.requestId), row);
}

// --- §2.02 status, §2.04 revoke --------------------------------------------------------------------------

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function ownRequest(
  db: DbOrTx,
  agent: DrpAgentRecord,
  requestId: string,
): Promise<{ drp: DrpRequestRecord; request: typeof requests.$inferSelect }> {
  if (!uuidPattern.test(requestId)) throw new DrpError(404, 'No request with this id.');
  const [row] = await db
    .select({ drp: drpRequests, request: requests })
    .from(drpRequests)
    .innerJoin(requests, eq(requests.id, drpRequests.requestId))
    .where(eq(drpRequests.requestId, requestId.toLowerCase()));
  if (!row) throw new DrpError(404, 'No request with this id.');
  // §2.02.1: only the agent managing the request hears of it.
  if (row.drp.agentId !== agent.id) throw new DrpError(403, 'This request was filed by another agent.');
  return row;
}

export async function statusOf(
  deps: DrpDeps,
  agent: DrpAgentRecord,
  requestId: string,
): Promise<DrpExerciseStatus> {
  const { drp, request } = await ownRequest(deps.db, agent, requestId);
  return currentDrpStatus(deps.db, request, drp);
}

/**
 * A revoke (§2.04) withdraws the request while it is open, through the lifecycle's own move, and answers
 * `revoked`; one already withdrawn answers `revoked` again; a closed one cannot be revoked.
 */
export async function revoke(
  deps: DrpDeps,
  agent: DrpAgentRecord,
  requestId: string,
  body: unknown,
): Promise<DrpExerciseStatus> {
  const opened = openSigned(deps, agent, body, drpRevokeMessageSchema);
  const { drp } = await ownRequest(deps.db, agent, requestId);
  return deps.db.transaction(async (tx) => {
    await acceptOnce(tx, agent.id, opened, `revoke:${drp.requestId}`);
    const request = await loadRequest(tx, drp.requestId);
    if (request.status === 'withdrawn') return currentDrpStatus(tx, request, drp);
    if (!isOpenStatus(request.status))
      throw new DrpError(
        409,
        `This request is already closed (${(await currentDrpStatus(tx, request, drp)).status}) and cannot be revoked.`,
      );
    const actor = { system: `drp:${agent.id}`, permissions: ['requests:work' as const] };
    const updated = await transitionInTx(
      tx,
      {
        db: deps.db,
        log: deps.log,
        now: deps.now,
        actor,
        mail: { from: deps.mailFrom, ...(deps.delivery ? { delivery: deps.delivery } : {}) },
      },
      request,
      { to: 'withdrawn', note: 'Revoked by the authorised agent over the Data Rights Protocol.' },
      {
        events: [
          {
            kind: 'drp',
            data: {
              event: 'revoked',
              agentId: agent.id,
              status: 'revoked',
              reason: null,
              httpStatus: null,
              attempt: 0,
              seq: 0,
            },
          },
        ],
      },
    );
    deps.log.info({ drpAgentId: agent.id, dsrId: updated.id }, 'drp request revoked');
    const [row] = await tx.select().from(drpRequests).where(eq(drpRequests.requestId, updated.id));
    return currentDrpStatus(tx, updated, row ?? drp);
  });
}

/** Daily: seen messages past their expiry are forgotten (their expiry alone refuses them now). */
export async function pruneSeenMessages(db: DbOrTx, now: Date): Promise<number> {
  const gone = await db
    .delete(drpSeenMessages)
    .where(lt(drpSeenMessages.expiresAt, now))
    .returning({ h: drpSeenMessages.signatureHash });
  return gone.length;
}
