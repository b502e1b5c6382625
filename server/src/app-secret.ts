import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Env } from './env.js';

/**
 * The key that seals TOTP secrets. On the embedded database it is generated once beside the data;
 * a PostgreSQL deployment must provide APP_SECRET, so the key never lives in the database it protects.
 */
export function resolveAppSecret(env: Env): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (env.databaseKind === 'postgres') {
    throw new Error('APP_SECRET is required when DATABASE_URL is set (at least 32 random characters).');
  }
  mkdirSync(env.dataDir, { recursive: true });
  const file = path.join(env.dataDir, 'app-secret');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}
