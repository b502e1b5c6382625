import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { sessions, staff } from '../../db/schema.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { AppConfig, SessionInfo } from '../../trpc/context.js';

export const sessionCookieName = 'pd_session';

/**
 * Over https the cookie is `__Host-` prefixed: browsers then accept it only with Secure, Path=/ and no
 * Domain, so no other host of the domain (and no plain-http page) can set or overwrite it.
 */
export function sessionCookieNameFor(secure: boolean): string {
  return secure ? `__Host-${sessionCookieName}` : sessionCookieName;
}
// Touching last_seen on every request would write on every read; a minute of slack is plenty for a 30-min idle timeout.
const touchEveryMs = 60_000;

export async function createSession(
  tx: DbOrTx,
  config: AppConfig,
  staffId: string,
  state: SessionInfo['state'],
  ip: string | null,
  now: Date,
): Promise<{ id: string; token: string; maxAgeSeconds: number }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + config.sessionMaxMs);
  const [row] = await tx
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      staffId,
      state,
      ip,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      mfaAt: state === 'active' ? now : null,
    })
    .returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned nothing');
  return { id: row.id, token, maxAgeSeconds: Math.floor(config.sessionMaxMs / 1000) };
}

/**
 * Every API call starts with this lookup: a named prepared statement, built and planned once per
 * connection instead of on every call.
 */
function prepareSessionLookup(db: Db) {
  return db
    .select({
      id: sessions.id,
      staffId: sessions.staffId,
      state: sessions.state,
      mfaAt: sessions.mfaAt,
      lastSeenAt: sessions.lastSeenAt,
      roles: staff.roles,
      disabledAt: staff.disabledAt,
    })
    .from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .limit(1)
    .prepare('session_lookup');
}
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();
function sessionLookupOf(db: Db) {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = prepareSessionLookup(db);
    sessionLookups.set(db, lookup);
  }
  return lookup;
}

/** Finds the live session for a cookie token, applying the idle and absolute timeouts. */
export async function resolveSession(
  db: Db,
  config: AppConfig,
  token: string | undefined,
  now: Date,
): Promise<SessionInfo | null> {
  if (!token || token.length > 200) return null;
  const [row] = await sessionLookupOf(db).execute({ tokenHash: hashToken(token), now });
  if (!row || row.disabledAt) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > config.sessionIdleMs) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > touchEveryMs) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  }
  return { id: row.id, staffId: row.staffId, state: row.state, mfaAt: row.mfaAt, roles: row.roles };
}

export async function revokeSession(tx: DbOrTx, sessionId: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeAllSessions(tx: DbOrTx, staffId: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt)));
}
