// One server process's job worker for the erasure benchmark (forked by erasure.bench.ts): the app's own
// handlers and runner on the shared PostgreSQL database, its clock 5 h ahead so the grace period is over.
// argv: <database url> <lease ms>
import { openDatabase } from '../../server/src/db/client.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import { createJobHandlers } from '../../server/src/jobs/job-handlers.js';
import { startJobWorker } from '../../server/src/jobs/job-runner.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';
import { openPlatformDatabase } from '../../server/src/platform/platform-db.js';
import { benchMailFrom, benchSecret, clockShiftMs, publicOrigin } from './erasure-config.js';

const [url, leaseArg] = process.argv.slice(2);
if (!url) throw new Error('usage: erasure-worker.ts <database url> <lease ms>');
const secretBox = createSecretBox(benchSecret);
useAuditChainKey(secretBox);
const database = await openDatabase({ kind: 'postgres', url, max: 4 });
const platform = await openPlatformDatabase({ kind: 'postgres', url, max: 2 });
const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');
const handlers = createJobHandlers({
  platform: platform.db,
  secretBox,
  publicOrigin,
  mailFrom: benchMailFrom,
  // The completion messages leave through a mail server that takes everything at once.
  mailer: {
    from: benchMailFrom,
    kind: 'capture',
    send: () => Promise.resolve({ answer: '250 2.0.0 accepted (bench)' }),
    close: () => Promise.resolve(),
  },
});
let worker: ReturnType<typeof startJobWorker> | null = null;
// Started on the parent's word, once every worker is loaded: the measured time is the work, not tsx's start.
process.on('message', (message: unknown) => {
  if (message === 'go')
    worker = startJobWorker(
      { db: database.db, log, handlers },
      { pollMs: 200, leaseMs: Number(leaseArg ?? 10_000), now: () => new Date(Date.now() + clockShiftMs) },
    );
  if (message !== 'stop') return;
  void (async () => {
    await worker?.stop();
    await platform.close();
    await database.close();
    process.exit(0);
  })();
});
process.send?.('ready');
