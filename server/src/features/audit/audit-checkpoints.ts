import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { AuditVerifyResult } from '@privdesk/shared';
import type { Db } from '../../db/client.js';
import { auditEvents } from '../../db/schema.js';
import type { SecretBox } from '../../lib/tokens.js';
import { verifyAuditChain } from './audit.verify.js';

/**
 * A signed note of the chain's head — how many events, and the last one's hash — written outside the
 * database (a file under DATA_DIR by default; any append-only place by setting AUDIT_CHECKPOINT_FILE). Whoever
 * can rewrite the database can cut the chain's last events or re-hash it; they cannot make an older
 * checkpoint disappear from a sink they cannot reach, nor forge one without the app secret.
 */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: string;
  sig: string;
}

function signed(box: SecretBox, c: Omit<AuditCheckpoint, 'sig'>): string {
  return box.keyedHash('audit-checkpoint', `${c.seq}|${c.hash}|${c.at}`);
}

/** Appends a checkpoint of the current head (none for an empty chain), synced to disk before it returns. */
export async function writeAuditCheckpoint(
  db: Db,
  file: string,
  box: SecretBox,
  now: Date,
): Promise<AuditCheckpoint | null> {
  const [head] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  if (!head) return null;
  const unsigned = { seq: head.seq, hash: head.hash, at: now.toISOString() };
  const checkpoint = { ...unsigned, sig: signed(box, unsigned) };
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return checkpoint;
}

/** The latest checkpoint whose signature holds (by sequence), and how many lines did not. */
export function latestAuditCheckpoint(
  file: string,
  box: SecretBox,
): { checkpoint: AuditCheckpoint | null; unsigned: number } {
  if (!existsSync(file)) return { checkpoint: null, unsigned: 0 };
  let best: AuditCheckpoint | null = null;
  let unsigned = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const c = JSON.parse(line) as AuditCheckpoint;
      const ok =
        Number.isInteger(c.seq) &&
        typeof c.hash === 'string' &&
        typeof c.at === 'string' &&
        c.sig === signed(box, { seq: c.seq, hash: c.hash, at: c.at });
      if (!ok) unsigned += 1;
      else if (!best || c.seq > best.seq) best = c;
    } catch {
      unsigned += 1;
    }
  }
  return { checkpoint: best, unsigned };
}

/**
 * The chain, walked in full, then held against the latest checkpoint: a chain that ends before the
 * checkpoint's head lost its last events; one whose event at that sequence has another hash was rewritten
 * (re-hashed) from there or earlier.
 */
export async function verifyAgainstCheckpoint(
  db: Db,
  checkpoint: AuditCheckpoint | null,
): Promise<AuditVerifyResult> {
  const result = await verifyAuditChain(db);
  if (!result.ok || !checkpoint) return result;
  const headSeq = result.head?.seq ?? 0;
  if (headSeq < checkpoint.seq) {
    return {
      ...result,
      ok: false,
      firstBrokenSeq: headSeq + 1,
      problem: `events ${headSeq + 1}–${checkpoint.seq} are missing: the checkpoint of ${checkpoint.at} saw the chain end at event ${checkpoint.seq} (its tail was cut)`,
    };
  }
  const [atCheckpoint] = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.seq, checkpoint.seq));
  if (atCheckpoint?.hash !== checkpoint.hash) {
    return {
      ...result,
      ok: false,
      firstBrokenSeq: checkpoint.seq,
      problem: `event ${checkpoint.seq} is not the one the checkpoint of ${checkpoint.at} saw: the chain was rewritten (re-hashed) up to there`,
    };
  }
  return result;
}
