import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { drpVersion, requestAcknowledgeInputSchema } from '@privdesk/shared';
import { acknowledgeRequest } from '../features/requests/clock-ledger.service.js';
import { drpAgents, requests } from '../db/schema.js';
import { addAgent } from '../features/drp/drp-agents.js';
import { exercise, revoke, type DrpDeps } from '../features/drp/drp-protocol.js';
import { transitionRequest } from '../features/requests/request-moves.js';
import type { DemoStep, DemoStepDeps } from './request-history.js';

const MINUTE = 60_000;
export const demoAgentId = 'PERMISSION_SLIP_DEMO';
/** The requests the demo agent files (below), beside the dataset's. */
export const drpDemoRequestCount = 4;
export const demoBusinessId = 'SYNCRONIS';

/**
 * The demo's authorised agent: its Ed25519 key made from a published seed, so anyone can act as it against
 * a demo (never in production: the demo's data, passwords and this key are public).
 */
export function demoAgentKeys() {
  const seed = createHash('sha256').update('privacy-desk demo authorised agent').digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, verifyKey: Buffer.from(jwk.x ?? '', 'base64url').toString('base64') };
}

function signed(message: Record<string, unknown>): string {
  const json = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([sign(null, json, demoAgentKeys().privateKey), json]).toString('base64');
}

const envelope = (at: Date) => ({
  'agent-id': demoAgentId,
  'business-id': demoBusinessId,
  'issued-at': at.toISOString(),
  'expires-at': new Date(at.getTime() + 10 * MINUTE).toISOString(),
});

const people = [
  { name: 'Marisol Vega', email: 'marisol.vega@mailbox.example', address: { region: 'CA', country: 'US' } },
  {
    name: 'Trevor Lindqvist',
    email: 'trevor.lindqvist@mailbox.example',
    address: { region: 'CA', country: 'US' },
  },
  { name: 'Keiko Tanabe', email: 'keiko.tanabe@mailbox.example', address: { region: 'CA', country: 'US' } },
  {
    name: 'Darnell Brooks',
    email: 'darnell.brooks@mailbox.example',
    address: { region: 'NV', country: 'US' },
  },
] as const;

/**
 * Authorised agents in the demo (issue 17), through the protocol's own code: an admin adds the demo agent
 * to the directory three days ago; it files an opt-out that an officer completed (fulfilled), a deletion
 * waiting on the consumer's confirmation (in_progress / need_user_verification), a deletion it revoked
 * (revoked), and an opt-out filed two hours ago (open). It gave no status callback, so nothing is sent.
 */
export function drpDemoSteps(
  ids: { adminId: string; officerId: string },
  now: Date,
  origin: string,
): DemoStep[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
  const step = (
    minutesAgo: number,
    actorId: string,
    run: (deps: DemoStepDeps) => Promise<void>,
  ): DemoStep => ({
    at: at(minutesAgo),
    key: `drp-demo-${minutesAgo}`,
    actorId,
    kind: 'run',
    run,
  });
  const drpDeps = (deps: DemoStepDeps): DrpDeps => ({
    db: deps.db,
    log: deps.log,
    now: deps.now,
    businessId: demoBusinessId,
    publicOrigin: origin,
    callbacks: { allowLoopback: true },
    mailFrom: deps.mail.from,
    delivery: 'demo_history',
  });
  const agentOf = async (deps: DemoStepDeps) => {
    const [agent] = await deps.db.select().from(drpAgents).where(eq(drpAgents.id, demoAgentId));
    if (!agent) throw new Error('demo: the demo agent is missing');
    return agent;
  };
  const file = async (deps: DemoStepDeps, person: (typeof people)[number], fields: Record<string, unknown>) =>
    exercise(
      drpDeps(deps),
      await agentOf(deps),
      signed({
        ...envelope(deps.now),
        'drp.version': drpVersion,
        regime: 'ccpa',
        name: person.name,
        email: person.email,
        email_verified: true,
        address: person.address,
        ...fields,
      }),
    );
  const ids$ = new Map<string, string>();
  return [
    step(3 * 24 * 60, ids.adminId, async (deps) => {
      await addAgent(deps, {
        id: demoAgentId,
        name: 'Permission Slip (demo agent)',
        verifyKey: demoAgentKeys().verifyKey,
        webUrl: 'https://agent.example',
        identityAssuranceUrl: 'https://agent.example/identity-assurance',
        technicalContact: 'drp-tech@agent.example',
        businessContact: 'privacy@agent.example',
      });
    }),
    // Two days ago: an opt-out, completed by an officer the next morning.
    step(2 * 24 * 60, ids.officerId, async (deps) => {
      const status = await file(deps, people[0], {
        exercise: 'sale:opt_out',
        'agent-request-id': 'ps-demo-1001',
      });
      ids$.set('optout', status.request_id);
    }),
    step(2 * 24 * 60 - 30, ids.officerId, async (deps) => {
      const id = ids$.get('optout') ?? '';
      await transitionRequest(deps, { id, version: await currentVersion(deps, id), to: 'verifying' });
    }),
    // An opt-out may not be verified (11 CCR §7026): work starts at once.
    step(2 * 24 * 60 - 31, ids.officerId, async (deps) => {
      const id = ids$.get('optout') ?? '';
      await transitionRequest(deps, { id, version: await currentVersion(deps, id), to: 'in_progress' });
    }),
    step(26 * 60, ids.officerId, async (deps) => {
      const id = ids$.get('optout') ?? '';
      const current = await currentVersion(deps, id);
      await transitionRequest(deps, { id, version: current, to: 'completed', outcome: 'fulfilled' });
    }),
    // Yesterday: a deletion; the officer started verification, so it waits on the consumer.
    step(30 * 60, ids.officerId, async (deps) => {
      const status = await file(deps, people[1], {
        exercise: 'deletion',
        'agent-request-id': 'ps-demo-1002',
      });
      ids$.set('deletion', status.request_id);
    }),
    // The acknowledgement the CCPA asks for (11 CCR §7021(a)): the rule sends it at filing; the demo's history
    // records it as sent, like the dataset's, an hour after.
    step(29 * 60, ids.officerId, async (deps) => acknowledge(deps, ids$.get('deletion') ?? '')),
    step(28 * 60, ids.officerId, async (deps) => {
      const id = ids$.get('deletion') ?? '';
      await transitionRequest(deps, { id, version: await currentVersion(deps, id), to: 'verifying' });
    }),
    // This morning: a deletion the consumer changed their mind about; the agent revoked it an hour later.
    step(6 * 60, ids.officerId, async (deps) => {
      const status = await file(deps, people[2], {
        exercise: 'deletion',
        'agent-request-id': 'ps-demo-1003',
      });
      ids$.set('revoked', status.request_id);
    }),
    step(5 * 60, ids.officerId, async (deps) => {
      await revoke(
        drpDeps(deps),
        await agentOf(deps),
        ids$.get('revoked') ?? '',
        signed({ ...envelope(deps.now), reason: 'The consumer changed their mind.' }),
      );
    }),
    // Two hours ago: an opt-out, not yet taken up (open).
    step(2 * 60, ids.officerId, async (deps) => {
      await file(deps, people[3], {
        exercise: 'sale:opt-out',
        'agent-request-id': 'ps-demo-1004',
        regime: undefined,
      });
    }),
  ];
}

async function acknowledge(deps: DemoStepDeps, id: string): Promise<void> {
  await acknowledgeRequest(
    deps,
    requestAcknowledgeInputSchema.parse({
      id,
      version: await currentVersion(deps, id),
      notice: 'send_email',
    }),
  );
}

async function currentVersion(deps: DemoStepDeps, id: string): Promise<number> {
  const [row] = await deps.db.select({ version: requests.version }).from(requests).where(eq(requests.id, id));
  if (!row) throw new Error('demo: an agent’s request is missing');
  return row.version;
}
