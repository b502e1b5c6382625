import { eq, sql } from 'drizzle-orm';
import { seedAgentsFromFile } from './features/drp/drp-agents.js';
import { seedDemo } from './demo/seed-demo.js';
import { demoPassword, demoStaff } from './demo/demo-staff.js';
import { staff } from './db/schema.js';
import { platformLookupOf } from './features/erasure/platform-lookup.js';
import { openPlatformDatabase, platformTargetFor } from './platform/platform-db.js';
import { platformIsEmpty, readCustomerDirectory, seedPlatform } from './platform/platform-seed.js';
import { startViewChainer } from './features/audit/view-chainer.js';
import { writeAuditCheckpoint } from './features/audit/audit-checkpoints.js';
import { backfillSearchWords } from './features/requests/search-words.backfill.js';
import { defaultWebDist, openConfigured } from './bootstrap.js';
import { loadEnv } from './env.js';
import { buildServer } from './http/server.js';
import { createJobHandlers } from './jobs/job-handlers.js';
import { startCaptureSmtp } from './integrations/mail/capture-smtp.js';
import { startInboundSmtp } from './integrations/mail/inbound-smtp.js';
import { noMailer, smtpMailer } from './integrations/mail/mailer.js';
import { startJobWorker, type JobWorker } from './jobs/job-runner.js';
import { movableClock } from './lib/test-clock.js';
import { ensureRecurringJobs, ensureRulesRecompute } from './jobs/recurring.js';
import { scheduleJob } from './jobs/job-queue.js';
import { createLogger } from './lib/logger.js';

const startedAt = performance.now();
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const { database, config } = await openConfigured(env, log);
await database.migrate();
await backfillSearchWords(database.db, log);

const [counts] = await database.db
  .select({
    all: sql<number>`count(*)::int`,
    demo: sql<number>`count(*) filter (where ${staff.isDemo})::int`,
  })
  .from(staff);
const staffCount = counts?.all ?? 0;
if (staffCount === 0 && env.seedDemo)
  await seedDemo(database.db, config.secretBox, new Date(), log, {
    standInOrigin: `http://127.0.0.1:${env.PORT}`,
  });
if (!env.seedDemo && (counts?.demo ?? 0) > 0) {
  log.warn(
    { demoAccounts: counts?.demo },
    'demo accounts exist but demo sign-in is off here; they cannot sign in',
  );
}

// The Syncronis platform's stand-in database (issue 15, item 2): its own schema and migrations, in the app's
// database unless PLATFORM_DATABASE_URL names another; the demo fills it from the customer directory.
const platform = await openPlatformDatabase(
  platformTargetFor(env.PLATFORM_DATABASE_URL, database.db, (error) =>
    log.warn({ err: error }, 'idle platform database connection failed; replaced'),
  ),
);
await platform.migrate();
if (env.seedDemo && (await platformIsEmpty(platform.db))) {
  const seeded = await seedPlatform(platform.db, await readCustomerDirectory(database.db), {
    seed: 2026,
    now: new Date(),
  });
  log.info({ rows: seeded }, 'platform stand-in seeded from the customer directory');
}
config.platform = platformLookupOf(platform.db);

// The Data Rights Protocol's service directory (issue 17): its agents added, or followed where no admin
// changed them. A file that does not parse stops the start, naming the entry and field.
if (config.drp?.agentsFile)
  await seedAgentsFromFile({ db: database.db, log, now: new Date() }, config.drp.agentsFile);

const secureCookies = env.PUBLIC_ORIGIN?.startsWith('https://') ?? false;
// TEST_CLOCK (never in production, env.ts): one movable clock for the HTTP server and the job worker.
const testClock = env.TEST_CLOCK ? movableClock() : undefined;
if (testClock) log.warn('TEST_CLOCK is on: POST /test-clock moves this server’s time forward');
const app = await buildServer({
  database,
  log,
  config,
  webDist: env.WEB_DIST ?? defaultWebDist,
  allowedOrigins: env.PUBLIC_ORIGIN ? [new URL(env.PUBLIC_ORIGIN).origin] : [],
  secureCookies,
  ...(testClock ? { testClock } : {}),
  // The demo's stand-in subprocessor answers the inventory's webhooks here (demo data only).
  ...(env.seedDemo ? { standIn: { deliveries: 0, effects: new Map(), callbacks: [] } } : {}),
});
const address = await app.listen({ port: env.PORT, host: env.HOST });
// Mail to requesters: the configured SMTP server; on the embedded demo without one, a capture inbox of our
// own (a real SMTP server on loopback, read in the app); elsewhere none, and every message fails saying so.
const capture = config.mailCapture
  ? await startCaptureSmtp(database.db, log.child({ component: 'capture-smtp' }), env.CAPTURE_SMTP_PORT)
  : null;
const mailer = env.SMTP_URL
  ? smtpMailer(env.SMTP_URL, env.MAIL_FROM)
  : capture
    ? smtpMailer(capture.url, env.MAIL_FROM, 'capture')
    : noMailer(env.MAIL_FROM);
if (mailer.kind === 'none')
  log.warn('SMTP_URL is not set: mail to requesters is queued and fails until it is');
// The privacy mailbox (issue 16): off unless INBOUND_SMTP_PORT is set, but on in the embedded demo, on 2525
// when that port is free (else any free port), so that mail can be sent to it with nothing to configure.
const inboundLog = log.child({ component: 'inbound-smtp' });
const inboundOptions = {
  host: env.INBOUND_SMTP_HOST,
  addresses: config.inboundAddresses,
  maxBytes: env.INBOUND_MAX_BYTES,
  senderLimit: env.INBOUND_SENDER_LIMIT,
  keepAttachments: { days: env.INBOUND_KEEP_ATTACHMENT_DAYS, maxBytes: env.INBOUND_ATTACHMENT_MAX_BYTES },
  now: () => (testClock ? testClock.now() : new Date()),
};
const inbound =
  env.INBOUND_SMTP_PORT !== undefined
    ? await startInboundSmtp(database.db, inboundLog, { ...inboundOptions, port: env.INBOUND_SMTP_PORT })
    : env.seedDemo
      ? await startInboundSmtp(database.db, inboundLog, { ...inboundOptions, port: 2525 }).catch(() =>
          startInboundSmtp(database.db, inboundLog, { ...inboundOptions, port: 0 }),
        )
      : null;
// The next nightly recompute and daily reminders are queued once (idempotent keys), then polled for.
await ensureRecurringJobs(database.db, new Date());
await ensureRulesRecompute(database.db, new Date());
// A start-up is when a restored backup is likeliest: erased accounts it brought back are erased again now.
await scheduleJob(database.db, {
  kind: 'erasure.reapply',
  runAt: new Date(),
  payload: { reason: 'start-up' },
});
const worker: JobWorker | null = env.JOBS_ENABLED
  ? startJobWorker(
      {
        db: database.db,
        log: log.child({ component: 'jobs' }),
        handlers: createJobHandlers({
          mailer,
          secretBox: config.secretBox,
          mailFrom: env.MAIL_FROM,
          publicOrigin: env.PUBLIC_ORIGIN ?? address.replace('127.0.0.1', 'localhost'),
          platform: platform.db,
          inboundAddresses: config.inboundAddresses,
          drpCallbacks: { allowLoopback: config.drp?.allowLoopbackCallbacks ?? false },
        }),
      },
      { pollMs: env.JOBS_POLL_SECONDS * 1000, ...(testClock ? { now: () => testClock.now() } : {}) },
    )
  : null;
// Views of personal data in clear, from the access log into the audit chain, every 15 s (view-chainer.ts).
const viewChainer = startViewChainer(database.db, log.child({ component: 'view-chainer' }));
const url = env.PUBLIC_ORIGIN ?? address.replace('127.0.0.1', 'localhost');
const readyMs = Math.round(performance.now() - startedAt);

// The banner is for the person at the terminal; the structured log line is for machines.
const lines = [``, `  Privacy Desk is ready at ${url}  (${database.kind}, ${readyMs} ms)`];
if (database.kind === 'pglite')
  lines.push(`  Embedded database in ${env.dataDir}: durable (each commit synced to disk before its answer)`);
if (capture)
  lines.push(`  Mail to requesters goes to the demo's capture inbox (${capture.url}); read it under Mailbox`);
if (inbound)
  lines.push(
    `  The privacy mailbox takes mail for ${config.inboundAddresses.join(', ')} on smtp://${env.INBOUND_SMTP_HOST}:${inbound.port}; read it under Inbox`,
  );
if (env.seedDemo) {
  const present = await database.db.select({ email: staff.email }).from(staff).where(eq(staff.isDemo, true));
  const emails = new Set(present.map((p) => p.email));
  lines.push(``, `  Demo sign-ins (password for all: ${demoPassword}); MFA codes: npm run demo:codes`);
  for (const d of demoStaff.filter((s) => emails.has(s.email))) {
    lines.push(`    ${d.roles.join(', ').padEnd(16)} ${d.email.padEnd(32)} TOTP secret ${d.totpSecret}`);
  }
} else if (staffCount === 0) {
  lines.push(
    ``,
    `  No staff yet. Create the first admin:  npm run admin:create -- --email you@example.com --name "Your Name"`,
  );
}
// Published demo credentials go to a person at a terminal only: piped, stdout is the JSON log stream that a
// collector keeps, so it gets the address and where to find the sign-ins, not the secrets themselves.
if (process.stdout.isTTY) process.stdout.write(`${lines.join('\n')}\n\n`);
else {
  process.stderr.write(
    `Privacy Desk is ready at ${url}${env.seedDemo ? ' (demo sign-ins: npm run demo:codes)' : ''}\n`,
  );
}
log.info(
  {
    readyMs,
    database: database.kind,
    port: env.PORT,
    ...(inbound ? { inboundSmtpPort: inbound.port } : {}),
    ...(database.kind === 'pglite'
      ? { durability: 'fsync on: each commit synced to disk before its answer' }
      : {}),
  },
  'ready',
);

// The chain's head, noted outside the database now, every few minutes and at shutdown (audit-checkpoints.ts).
const checkpoint = async () => {
  try {
    await writeAuditCheckpoint(database.db, env.auditCheckpointFile, config.secretBox, new Date());
  } catch (error) {
    log.error({ err: error }, 'audit checkpoint failed');
  }
};
await checkpoint();
const checkpoints = setInterval(() => void checkpoint(), env.AUDIT_CHECKPOINT_MINUTES * 60_000);
checkpoints.unref();

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await app.close();
    // A running job stops between batches (its progress is saved) before the database closes.
    await worker?.stop();
    await viewChainer.stop();
    await mailer.close();
    await capture?.close();
    await inbound?.close();
    clearInterval(checkpoints);
    await checkpoint();
    await platform.close();
    await database.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
