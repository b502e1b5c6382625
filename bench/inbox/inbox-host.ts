// The privacy mailbox without the HTTP server, for inbound.bench.ts: the app's SMTP listener
// (startInboundSmtp) and job worker (startJobWorker + createJobHandlers, `inbox.process` included) wired as
// server/src/main.ts wires them, in a process of their own, on one database handle, with the sender checks'
// DNS chosen by the bench: `fail` (every lookup refused at once: our code's cost) or `silent:<port>` (the
// server's own resolver settings, one try and 1.5 s, against a DNS server that never answers).
// The parent asks for counts over IPC; they are read on the listener's own handle (PGlite has one).
// argv: <json HostOptions>
import { Resolver } from 'node:dns/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../../server/src/db/client.js';
import { useAuditChainKey } from '../../server/src/features/audit/audit-chain.js';
import type { DnsLookup } from '../../server/src/features/inbox/inbox-process.job.js';
import { startInboundSmtp } from '../../server/src/integrations/mail/inbound-smtp.js';
import { noMailer } from '../../server/src/integrations/mail/mailer.js';
import { createJobHandlers } from '../../server/src/jobs/job-handlers.js';
import { startJobWorker } from '../../server/src/jobs/job-runner.js';
import { createLogger } from '../../server/src/lib/logger.js';
import { createSecretBox } from '../../server/src/lib/tokens.js';

export interface HostOptions {
  /** PGlite under this DATA_DIR, or PostgreSQL at `url`. */
  dataDir?: string;
  url?: string;
  secret: string;
  senderLimit: number;
  /** `fail`, or `silent:<udp port>`. */
  dns: string;
  /** The job worker's poll (the server's JOBS_POLL_SECONDS, 15 s by default). */
  pollMs: number;
  mailFrom: string;
  addresses: string[];
}

export type HostMessage =
  | { type: 'ready'; port: number }
  | { type: 'counts'; rows: number; fresh: number; processed: number }
  | { type: 'stopped' };

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;
const log = createLogger('warn');
const secretBox = createSecretBox(options.secret);
useAuditChainKey(secretBox);
const database = await openDatabase(
  options.url
    ? { kind: 'postgres', url: options.url }
    : { kind: 'pglite', dataDir: path.join(options.dataDir ?? '', 'pglite') },
);
await database.migrate();

function lookupOf(dns: string): DnsLookup {
  if (dns === 'fail')
    return () =>
      Promise.reject(Object.assign(new Error('queryTxt ENOTFOUND (bench)'), { code: 'ENOTFOUND' }));
  const port = Number(dns.replace(/^silent:/, ''));
  // fastResolver()'s settings (inbox-process.job.ts), pointed at a server that never answers.
  const resolver = new Resolver({ timeout: 1500, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  return (name, type) => resolver.resolve(name, type);
}

const inbound = await startInboundSmtp(database.db, log.child({ component: 'inbound-smtp' }), {
  port: 0,
  host: '127.0.0.1',
  addresses: options.addresses,
  maxBytes: 25 * 1024 * 1024,
  senderLimit: options.senderLimit,
  now: () => new Date(),
});
const worker = startJobWorker(
  {
    db: database.db,
    log: log.child({ component: 'jobs' }),
    handlers: createJobHandlers({
      mailer: noMailer(options.mailFrom),
      secretBox,
      mailFrom: options.mailFrom,
      publicOrigin: 'http://127.0.0.1:9',
      platform: null,
      inboundAddresses: options.addresses,
      dnsLookup: lookupOf(options.dns),
    }),
  },
  { pollMs: options.pollMs },
);

const send = (message: HostMessage) => process.send?.(message);
process.on('message', (message: unknown) => {
  if (message === 'counts') {
    void database.db
      .execute(
        sql`select count(*)::int as rows,
          (count(*) filter (where status = 'new'))::int as fresh,
          (count(*) filter (where auth_checked_at is not null))::int as processed
        from inbound_mail`,
      )
      .then((result) => {
        const row = rowsOf<{ rows: number; fresh: number; processed: number }>(result)[0];
        send({
          type: 'counts',
          rows: row?.rows ?? 0,
          fresh: row?.fresh ?? 0,
          processed: row?.processed ?? 0,
        });
      });
  }
  if (message === 'stop') {
    void (async () => {
      await inbound.close();
      await worker.stop();
      await database.close();
      send({ type: 'stopped' });
      process.exit(0);
    })();
  }
});
send({ type: 'ready', port: inbound.port });
