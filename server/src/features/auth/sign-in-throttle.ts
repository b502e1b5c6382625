import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { signInFailures } from '../../db/schema.js';
import { sha256Hex } from '../../lib/tokens.js';

export const throttleWindowMs = 15 * 60_000;
/**
 * The hard limit is per account *and source* (keyed by a hash of the email typed, so unknown emails behave
 * the same): a stranger who types wrong passwords for someone's email is stopped at their own address and
 * never locks the owner out. Per IP, a wider limit stops one source trying many accounts.
 */
export const maxFailuresPerAccountAndSource = 10;
export const maxFailuresPerIp = 50;
export const maxMfaFailures = 5;

/** Failures of an account from anywhere before its sign-ins start to slow down. */
export const slowAfterFailures = 5;
export const maxSlowdownMs = 8_000;

/**
 * How long a sign-in to an account waits before its password is checked, after `failures` failures from
 * anywhere in the window: nothing at first, then 250 ms doubling to 8 s. Guessing from many addresses gets
 * slow; the owner, typing the right password, waits a few seconds at worst and is never locked out.
 */
export function slowdownMs(failures: number): number {
  if (failures < slowAfterFailures) return 0;
  return Math.min(maxSlowdownMs, 250 * 2 ** (failures - slowAfterFailures));
}

export const throttleKeys = {
  account: (email: string) => `email:${sha256Hex(email.trim().toLowerCase())}`,
  accountFrom: (email: string, ip: string) => `email-ip:${sha256Hex(`${email.trim().toLowerCase()}|${ip}`)}`,
  ip: (ip: string) => `ip:${ip}`,
  mfa: (staffId: string) => `mfa:${staffId}`,
};

export async function failuresSince(tx: DbOrTx, key: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - throttleWindowMs);
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(eq(signInFailures.key, key), gt(signInFailures.at, since)));
  return row?.n ?? 0;
}

export async function recordFailure(tx: DbOrTx, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await tx.insert(signInFailures).values(keys.map((key) => ({ key, at: now })));
}

export async function clearFailures(tx: DbOrTx, key: string): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.key, key));
}

/** Old rows have no further use; removed opportunistically so the table stays small. */
export async function pruneFailures(tx: DbOrTx, now: Date): Promise<void> {
  await tx.delete(signInFailures).where(lt(signInFailures.at, new Date(now.getTime() - throttleWindowMs)));
}
