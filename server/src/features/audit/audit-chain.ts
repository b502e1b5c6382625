import { createHash } from 'node:crypto';
import type { SecretBox } from '../../lib/tokens.js';

export const genesisHash = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The fields of a stored event that its hash covers (the row's own hash columns are not among them). */
export function chainedFieldsOf(row: ChainedFields & Record<string, unknown>): ChainedFields {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actorId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    ip: row.ip,
    requestId: row.requestId,
    reason: row.reason,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** JSON with object keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * How an event is hashed. 1: SHA-256 of the previous hash and the event (the first chains; anyone who can
 * write the database could re-hash them). 2: HMAC-SHA256 under a key derived from the app secret, which
 * never enters the database — re-hashing needs the key. New events are always 2; a chain written before
 * keys existed keeps its 1s, and its first keyed event is anchored on their head.
 */
export type ChainVersion = 1 | 2;
export const currentChainVersion: ChainVersion = 2;

type Signer = (data: string) => string;
let signer: Signer | null = null;

/** Called once at start-up (bootstrap, the test app): the key the chain's events are signed with. */
export function useAuditChainKey(box: SecretBox): void {
  signer = (data) => box.keyedHash('audit-chain', data);
}

function sign(data: string): string {
  if (!signer) throw new Error('The audit chain key is not set: call useAuditChainKey at start-up.');
  return signer(data);
}

export function eventHash(
  prevHash: string,
  event: ChainedFields,
  version: ChainVersion = currentChainVersion,
): string {
  const canonical = canonicalJson({ ...event, at: event.at.toISOString() });
  if (version === 2) return sign(`${prevHash}\n${canonical}`);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
