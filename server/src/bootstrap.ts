import { defaultMaskedSearchesPerMinute } from './features/audit/search-audit.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAppSecret } from './app-secret.js';
import { useAuditChainKey } from './features/audit/audit-chain.js';
import { openDatabase, type Database } from './db/client.js';
import type { Env } from './env.js';
import { addressOf } from './integrations/mail/mailer.js';
import type { Logger } from './lib/logger.js';
import { createSecretBox } from './lib/tokens.js';
import type { AppConfig } from './trpc/context.js';

/** Opens the configured database (PGlite under DATA_DIR, or PostgreSQL) and derives the app config. */
export async function openConfigured(
  env: Env,
  log?: Logger,
): Promise<{ database: Database; config: AppConfig }> {
  const secretBox = createSecretBox(resolveAppSecret(env));
  useAuditChainKey(secretBox);
  const config: AppConfig = {
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: env.SESSION_MAX_HOURS * 3600_000,
    secretBox,
    allowDemoSignIn: env.seedDemo,
    maskedSearchesPerMinute: defaultMaskedSearchesPerMinute,
    slowDown: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    auditCheckpointFile: env.auditCheckpointFile,
    mailFrom: env.MAIL_FROM,
    mailCapture: env.SMTP_URL === undefined && env.seedDemo,
    inboundAddresses: [...new Set([...env.INBOUND_ADDRESSES, addressOf(env.MAIL_FROM).toLowerCase()])],
    drp: {
      businessId: env.DRP_BUSINESS_ID,
      agentsFile: env.DRP_AGENTS_FILE ? path.resolve(env.DRP_AGENTS_FILE) : null,
      perAgentPerMinute: env.DRP_AGENT_RATE_PER_MINUTE,
      publicOrigin: env.PUBLIC_ORIGIN ?? null,
      // Callbacks to this machine: outside production, and in the embedded demo (a local agent).
      allowLoopbackCallbacks: env.NODE_ENV !== 'production' || env.seedDemo,
    },
  };
  const database = await openDatabase(
    env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          onIdleError: (error) => log?.warn({ err: error }, 'idle database connection failed; replaced'),
        }
      : { kind: 'pglite', dataDir: path.join(env.dataDir, 'pglite') },
  );
  return { database, config };
}

export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
