import path from 'node:path';
import { z } from 'zod';

// The only reader of process.env. Everything else receives a validated `Env`.

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: 'DATABASE_URL must be a postgres:// URL.' })
    .optional(),
  SEED_DEMO: boolish.optional(),
  /** The Syncronis platform's database, which erasures reach (issue 15); unset: the app's own database. */
  PLATFORM_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: 'PLATFORM_DATABASE_URL must be a postgres:// URL.' })
    .optional(),
  APP_SECRET: z.string().min(32, 'APP_SECRET needs at least 32 characters.').optional(),
  PUBLIC_ORIGIN: z.url().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run background jobs (nightly clock recompute, daily reminders) in this process. */
  JOBS_ENABLED: boolish.default(true),
  JOBS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  WEB_DIST: z.string().optional(),
  /** Where signed checkpoints of the audit chain's head are appended; default DATA_DIR/audit-checkpoints.ndjson. */
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(5),
  TEST_DATABASE_URL: z.url().optional(),
  /** Where mail to requesters goes (`smtp://user:pass@host:587`, `smtps://…`). Unset on the embedded demo: a local capture server. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, message: 'SMTP_URL must be an smtp:// or smtps:// URL.' })
    .optional(),
  /** Our sender: `Name <address>`. Replies come to the address with the request's reference as a sub-address. */
  MAIL_FROM: z
    .string()
    .regex(
      /^[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/,
      'MAIL_FROM must be an address, or Name <address>.',
    )
    .default('Syncronis Privacy <privacy@syncronis.net>'),
  /**
   * A clock that tests move forward (`POST /test-clock`), so a journey spanning days (a 30-day objection
   * window) runs in one browser session. Refused when NODE_ENV is production: a deployment runs on real time.
   */
  TEST_CLOCK: boolish.default(false),
  /** The embedded demo's capture inbox port (0: any free port). */
  CAPTURE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /**
   * The privacy mailbox's SMTP listener (issue 16): off unless set, except on the embedded demo, which
   * listens on 2525 (or any free port when 2525 is taken). 0: any free port.
   */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The interface it listens on; 0.0.0.0 to take mail from other machines (behind your MX). */
  INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
  /** The addresses it takes mail for (comma-separated), each also with a sub-address (`privacy+…@`). */
  INBOUND_ADDRESSES: z
    .string()
    .default('privacy@syncronis.net')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim().toLowerCase())
        .filter((a) => a.length > 0),
    )
    .pipe(
      z
        .array(z.email({ message: 'INBOUND_ADDRESSES must be email addresses, comma-separated.' }))
        .min(1, 'INBOUND_ADDRESSES needs at least one address.'),
    ),
  /** The largest message it takes, in bytes (default 25 MB); larger ones are refused with 552. */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .max(100 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  /**
   * Days a message's attachments are kept (0, the default: never — identity documents must not pile up);
   * each attachment over INBOUND_ATTACHMENT_MAX_BYTES is recorded, not kept, whatever this says.
   */
  INBOUND_KEEP_ATTACHMENT_DAYS: z.coerce.number().int().min(0).max(30).default(0),
  INBOUND_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(25 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /** Messages one sender may deliver in 10 minutes before being told to try later (451). */
  INBOUND_SENDER_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Our id in the Data Rights Protocol network (issue 17): messages for another business are refused. */
  DRP_BUSINESS_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'DRP_BUSINESS_ID is 1–64 letters, digits, dashes or underscores.')
    .default('SYNCRONIS'),
  /** The service directory's agents.json, read at start-up: agents added, or updated where no admin changed them. */
  DRP_AGENTS_FILE: z.string().optional(),
  /** Calls one authorised agent may make a minute; past it, 429. */
  DRP_AGENT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
});

export type Env = z.infer<typeof envSchema> & {
  /** Embedded PGlite under DATA_DIR unless DATABASE_URL names a PostgreSQL server. */
  databaseKind: 'pglite' | 'postgres';
  seedDemo: boolean;
  dataDir: string;
  auditCheckpointFile: string;
};

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const env = parsed.data;
  if (env.TEST_CLOCK && env.NODE_ENV === 'production')
    throw new Error(
      'Invalid configuration:\n  TEST_CLOCK: a movable clock is refused when NODE_ENV is production.',
    );
  const databaseKind = env.DATABASE_URL ? 'postgres' : 'pglite';
  return {
    ...env,
    databaseKind,
    // Demo data (with its published passwords) only on the embedded default, or when asked for.
    seedDemo: env.SEED_DEMO ?? databaseKind === 'pglite',
    dataDir: path.resolve(env.DATA_DIR),
    auditCheckpointFile: path.resolve(
      env.AUDIT_CHECKPOINT_FILE ?? path.join(env.DATA_DIR, 'audit-checkpoints.ndjson'),
    ),
  };
}

/**
 * Read by test helpers only. PRIVDESK_TEST_DB chooses the engine of a test run (the Vitest project sets
 * it); TEST_DATABASE_URL is the PostgreSQL server to use for `postgres`.
 */
export function testDatabaseSettings(kindOverride?: 'pglite' | 'postgres'): {
  kind: 'pglite' | 'postgres';
  url: string | undefined;
} {
  const url = process.env.TEST_DATABASE_URL;
  const kind = kindOverride ?? (process.env.PRIVDESK_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
  return { kind, url: url && url.length > 0 ? url : undefined };
}

/**
 * Read by test helpers only: where the test apps append their logs (debug level, JSON lines), so that a run
 * can be checked for personal data afterwards (scripts/vitest-ci.mjs). Unset, tests log nothing.
 */
export function testLogFile(): string | undefined {
  const file = process.env.PRIVDESK_TEST_LOG;
  return file && file.length > 0 ? file : undefined;
}
