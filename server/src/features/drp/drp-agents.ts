import { readFile } from 'node:fs/promises';
import { count, eq, max, sql } from 'drizzle-orm';
import {
  DomainError,
  drpDirectoryFileSchema,
  fieldError,
  type DrpAgent,
  type DrpAgentStatus,
  type DrpDirectoryEntry,
  type drpAgentAddInputSchema,
  type drpAgentRotateKeyInputSchema,
  type drpAgentSetStatusInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import { drpAgents, drpRequests, drpTokens, requests } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import type { ActorDeps, ServiceDeps } from '../../lib/service.js';
import { staleVersionError } from '../../lib/db-errors.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';
import { originOfActor } from '../registry/subprocessor-change.js';
import type { SystemActor } from '../requests/request-change.js';
import type { Actor } from '../../lib/service.js';
import { keyFingerprint } from './drp-crypto.js';

export type DrpAgentRecord = typeof drpAgents.$inferSelect;
type AgentPatch = Partial<
  Pick<
    DrpAgentRecord,
    | 'name'
    | 'verifyKey'
    | 'webUrl'
    | 'identityAssuranceUrl'
    | 'technicalContact'
    | 'businessContact'
    | 'status'
    | 'keyChangedAt'
    | 'changedByAdmin'
  >
>;

interface AgentChange {
  set: AgentPatch;
  /** Tokens issued under the old key or status stop working with the change (disabled, new key). */
  revokeTokens: boolean;
  audit: (updated: DrpAgentRecord, tokensRevoked: number) => AuditEntry;
}

/** Every bearer token of an agent, gone at once; returns how many there were. */
export async function revokeAgentTokens(tx: DbOrTx, agentId: string): Promise<number> {
  const gone = await tx
    .delete(drpTokens)
    .where(eq(drpTokens.agentId, agentId))
    .returning({ h: drpTokens.tokenHash });
  return gone.length;
}

/**
 * The one way an agent changes, in the house order inside the caller's transaction: lock the row, check the
 * version the admin saw, ask the rule (throws to refuse), write the row with its next version, drop its
 * tokens when the change calls for it, then the audit event.
 */
async function writeAgentChange(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date },
  target: { id: string; version: number | null },
  decide: (current: DrpAgentRecord) => AgentChange,
): Promise<DrpAgentRecord> {
  const [current] = await tx.select().from(drpAgents).where(eq(drpAgents.id, target.id)).for('update');
  if (!current) throw new DomainError('NOT_FOUND', 'No agent with this id.');
  if (target.version !== null && current.version !== target.version)
    throw await staleVersionError(tx, current);
  const change = decide(current);
  const [updated] = await tx
    .update(drpAgents)
    .set({
      ...change.set,
      version: current.version + 1,
      updatedAt: deps.now,
      updatedBy: 'system' in deps.actor ? null : deps.actor.staffId,
    })
    .where(eq(drpAgents.id, current.id))
    .returning();
  if (!updated) throw new Error('agent update returned nothing');
  const revoked = change.revokeTokens ? await revokeAgentTokens(tx, current.id) : 0;
  await recordAudit(tx, originOfActor(deps.actor), change.audit(updated, revoked), deps.now);
  return updated;
}

const changedAudit =
  (before: DrpAgentRecord, reason: string | null) =>
  (updated: DrpAgentRecord, tokensRevoked: number): AuditEntry => ({
    action: 'drp.agent_changed',
    entityType: 'drp_agent',
    entityId: updated.id,
    reason,
    before: {
      status: before.status,
      keyFingerprint: keyFingerprint(before.verifyKey),
      version: before.version,
    },
    after: {
      status: updated.status,
      keyFingerprint: keyFingerprint(updated.verifyKey),
      version: updated.version,
      tokensRevoked,
    },
  });

async function insertAgent(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date },
  entry: DrpDirectoryEntry,
  source: 'file' | 'admin',
): Promise<DrpAgentRecord> {
  const [created] = await tx
    .insert(drpAgents)
    .values({
      id: entry.id,
      name: entry.name,
      verifyKey: entry.verify_key,
      webUrl: entry.web_url ?? null,
      identityAssuranceUrl: entry.identity_assurance_url ?? null,
      technicalContact: entry.technical_contact ?? null,
      businessContact: entry.business_contact ?? null,
      source,
      changedByAdmin: source === 'admin',
      createdAt: deps.now,
      updatedAt: deps.now,
      updatedBy: 'system' in deps.actor ? null : deps.actor.staffId,
    })
    .onConflictDoNothing({ target: drpAgents.id })
    .returning();
  if (!created) throw fieldError('id', 'An agent with this id is already in the directory.');
  await recordAudit(
    tx,
    originOfActor(deps.actor),
    {
      action: 'drp.agent_added',
      entityType: 'drp_agent',
      entityId: created.id,
      after: {
        source,
        status: created.status,
        keyFingerprint: keyFingerprint(created.verifyKey),
        version: created.version,
      },
    },
    deps.now,
  );
  return created;
}

/**
 * The service-directory file (`DRP_AGENTS_FILE`), read at start-up: a new agent is added; one the file
 * brought earlier and no admin has touched follows the file (a new key drops its tokens); one an admin
 * added or changed is left as the admin left it. A file that does not parse stops the start with the entry
 * and field at fault (a directory we cannot read must not silently trust nobody, or the wrong key).
 */
export async function seedAgentsFromFile(
  deps: { db: DbOrTx; log: Logger; now: Date },
  file: string,
): Promise<{ added: number; updated: number; kept: number }> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`DRP_AGENTS_FILE (${file}) is not JSON.`);
  }
  const parsed = drpDirectoryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `DRP_AGENTS_FILE (${file}): ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not a directory'}`,
    );
  }
  const actor: SystemActor = { system: 'drp:directory-file' };
  const tally = { added: 0, updated: 0, kept: 0 };
  for (const entry of parsed.data) {
    await deps.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(drpAgents).where(eq(drpAgents.id, entry.id));
      if (!existing) {
        await insertAgent(tx, { actor, now: deps.now }, entry, 'file');
        tally.added += 1;
        return;
      }
      const patch: AgentPatch = {
        name: entry.name,
        verifyKey: entry.verify_key,
        webUrl: entry.web_url ?? null,
        identityAssuranceUrl: entry.identity_assurance_url ?? null,
        technicalContact: entry.technical_contact ?? null,
        businessContact: entry.business_contact ?? null,
      };
      const same = (Object.keys(patch) as (keyof AgentPatch)[]).every((k) => patch[k] === existing[k]);
      if (existing.changedByAdmin || existing.source !== 'file' || same) {
        tally.kept += 1;
        return;
      }
      const newKey = existing.verifyKey !== entry.verify_key;
      await writeAgentChange(tx, { actor, now: deps.now }, { id: entry.id, version: null }, (current) => ({
        set: { ...patch, ...(newKey ? { keyChangedAt: deps.now } : {}) },
        revokeTokens: newKey,
        audit: changedAudit(current, 'The service-directory file changed.'),
      }));
      tally.updated += 1;
    });
  }
  deps.log.info(tally, 'drp agents directory read');
  return tally;
}

// --- the admin page --------------------------------------------------------------------------------------

function toAgent(
  row: DrpAgentRecord,
  counts: { tokens: number; requests: number; lastRequestAt: Date | null },
): DrpAgent {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    source: row.source,
    verifyKey: row.verifyKey,
    keyFingerprint: keyFingerprint(row.verifyKey),
    webUrl: row.webUrl,
    identityAssuranceUrl: row.identityAssuranceUrl,
    technicalContact: row.technicalContact,
    businessContact: row.businessContact,
    tokens: counts.tokens,
    requests: counts.requests,
    lastRequestAt: counts.lastRequestAt?.toISOString() ?? null,
    keyChangedAt: row.keyChangedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

async function countsOf(db: DbOrTx, agentId?: string) {
  const tokenRows = await db
    .select({ agentId: drpTokens.agentId, n: count() })
    .from(drpTokens)
    .where(agentId === undefined ? undefined : eq(drpTokens.agentId, agentId))
    .groupBy(drpTokens.agentId);
  const requestRows = await db
    .select({ agentId: drpRequests.agentId, n: count(), last: max(requests.receivedAt) })
    .from(drpRequests)
    .innerJoin(requests, eq(requests.id, drpRequests.requestId))
    .where(agentId === undefined ? undefined : eq(drpRequests.agentId, agentId))
    .groupBy(drpRequests.agentId);
  const tokens = new Map(tokenRows.map((r) => [r.agentId, r.n]));
  const filed = new Map(requestRows.map((r) => [r.agentId, r]));
  return (id: string) => ({
    tokens: tokens.get(id) ?? 0,
    requests: filed.get(id)?.n ?? 0,
    lastRequestAt: filed.get(id)?.last ?? null,
  });
}

export async function listAgents(deps: ServiceDeps): Promise<DrpAgent[]> {
  const rows = await deps.db
    .select()
    .from(drpAgents)
    .orderBy(sql`${drpAgents.status} = 'disabled'`, drpAgents.name, drpAgents.id);
  const counts = await countsOf(deps.db);
  return rows.map((row) => toAgent(row, counts(row.id)));
}

async function agentOut(tx: DbOrTx, row: DrpAgentRecord): Promise<DrpAgent> {
  return toAgent(row, (await countsOf(tx, row.id))(row.id));
}

export async function addAgent(
  deps: ActorDeps,
  input: z.output<typeof drpAgentAddInputSchema>,
): Promise<DrpAgent> {
  return deps.db.transaction(async (tx) => {
    const created = await insertAgent(
      tx,
      deps,
      {
        id: input.id,
        name: input.name,
        verify_key: input.verifyKey,
        ...(input.webUrl ? { web_url: input.webUrl } : {}),
        ...(input.identityAssuranceUrl ? { identity_assurance_url: input.identityAssuranceUrl } : {}),
        ...(input.technicalContact ? { technical_contact: input.technicalContact } : {}),
        ...(input.businessContact ? { business_contact: input.businessContact } : {}),
      },
      'admin',
    );
    deps.log.info({ drpAgentId: created.id }, 'drp agent added');
    return agentOut(tx, created);
  });
}

/** Disable (its tokens go at once; its requests stay, answered to nobody) or enable again. */
export async function setAgentStatus(
  deps: ActorDeps,
  input: z.output<typeof drpAgentSetStatusInputSchema>,
): Promise<DrpAgent> {
  return deps.db.transaction(async (tx) => {
    const updated = await writeAgentChange(tx, deps, input, (current) => {
      if (current.status === input.status)
        throw fieldError('status', `This agent is already ${describeStatus(input.status)}.`);
      return {
        set: { status: input.status, changedByAdmin: true },
        revokeTokens: input.status === 'disabled',
        audit: changedAudit(current, input.reason),
      };
    });
    deps.log.info({ drpAgentId: updated.id, status: updated.status }, 'drp agent status changed');
    return agentOut(tx, updated);
  });
}

/** A new verify key: the agent sets up a new token with it (every old token goes). */
export async function rotateAgentKey(
  deps: ActorDeps,
  input: z.output<typeof drpAgentRotateKeyInputSchema>,
): Promise<DrpAgent> {
  return deps.db.transaction(async (tx) => {
    const updated = await writeAgentChange(tx, deps, input, (current) => {
      if (current.verifyKey === input.verifyKey)
        throw fieldError('verifyKey', 'This is the key the agent already has.');
      return {
        set: { verifyKey: input.verifyKey, keyChangedAt: deps.now, changedByAdmin: true },
        revokeTokens: true,
        audit: changedAudit(current, input.reason),
      };
    });
    deps.log.info({ drpAgentId: updated.id }, 'drp agent key rotated');
    return agentOut(tx, updated);
  });
}

function describeStatus(status: DrpAgentStatus): string {
  return status === 'active' ? 'active' : 'disabled';
}
