/**
 * An access package for an account with 100,000 rows across three systems (issue 19: under 20 s, flat memory,
 * peak RSS reported): the zip streamed into the folder store, JSON and CSV per section, the index and the
 * manifest with every file's SHA-256. The rows are made on the fly, as a system's cursor would hand them over.
 *
 *   cd /work/main && npm run bench:access-package [-- --rows 100000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { storePackage, type PackageSection } from '../../server/src/features/access/access-package.js';
import { FolderPackageStore } from '../../server/src/features/access/package-store.js';

const argv = process.argv.slice(2);
const rowsArg = argv.indexOf('--rows');
const total = rowsArg >= 0 ? Number(argv[rowsArg + 1]) : 100_000;
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);

function section(
  key: string,
  name: string,
  category: PackageSection['category'],
  columns: string[],
  n: number,
  make: (i: number) => Record<string, string | number | boolean | null>,
): PackageSection {
  return {
    system: { key, name },
    category,
    provided: category !== 'usage_data',
    columns,
    rows: async function* () {
      for (let i = 0; i < n; i += 1) {
        // Hand over a batch at a time, as a database cursor does.
        if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
        yield make(i);
      }
    },
  };
}

const usage = Math.round(total * 0.6);
const tickets = Math.round(total * 0.3);
const invoices = total - usage - tickets;
const sections = [
  section(
    'platform_db',
    'Platform database',
    'usage_data',
    ['at', 'event', 'workspace', 'ip'],
    usage,
    (i) => ({
      at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      event: ['signed_in', 'ran_job', 'changed_settings', 'invited_user'][i % 4] ?? 'signed_in',
      workspace: `ws-${i % 17}`,
      ip: `198.51.100.${i % 250}`,
    }),
  ),
  section(
    'platform_db',
    'Platform database',
    'account_credentials',
    ['key_name', 'api_key_secret', 'created'],
    3,
    (i) => ({
      key_name: `deploy key ${i}`,
      api_key_secret: `sk_live_${'x'.repeat(32)}`,
      created: '2025-03-01',
    }),
  ),
  section(
    'support_desk',
    'Support desk',
    'support_communications',
    ['ticket', 'at', 'subject', 'text'],
    tickets,
    (i) => ({
      ticket: 10_000 + Math.floor(i / 4),
      at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
      subject: `Question about job ${i % 300}`,
      text: `Hello, the nightly job ${i % 300} did not run on time; could you look at it? "Thanks", Ana.\nLine two.`,
    }),
  ),
  section(
    'billing',
    'Billing',
    'billing_records',
    ['invoice', 'issued', 'amount', 'currency', 'paid'],
    invoices,
    (i) => ({
      invoice: `INV-${100_000 + i}`,
      issued: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
      amount: Math.round(((i * 7919) % 100_000) + 99) / 100,
      currency: 'EUR',
      paid: i % 11 !== 0,
    }),
  ),
];

const root = await mkdtemp(path.join(os.tmpdir(), 'package-bench-'));
try {
  const store = new FolderPackageStore(root);
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  let heapPeak = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  const result = await storePackage(
    store,
    'bench.zip',
    {
      reference: 'DSR-2026-000001',
      kind: 'access',
      generatedAt: new Date(),
      subjectName: 'Ana Costa',
      information: {
        purposes: ['To run the service'],
        categories: ['Usage data', 'Support communications', 'Billing records'],
        recipients: ['Hosting provider'],
        retention: 'While the account is open.',
        source: 'You, and the service as you use it.',
        rights: ['Rectification', 'Erasure', 'Portability'],
      },
      redactions: [],
    },
    sections,
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const rows = result.manifest.files.reduce((s, f) => s + (f.path.endsWith('.json') ? (f.rows ?? 0) : 0), 0);
  process.stdout.write(
    [
      '',
      `Access package, ${rows} rows in ${sections.length} sections across 3 systems: ${seconds.toFixed(1)} s, zip ${mb(result.bytes)} MB (${result.manifest.files.length} files in the manifest).`,
      `Memory: RSS ${mb(rssStart)} MB at the start, peak ${mb(rssPeak)} MB; heap peak ${mb(heapPeak)} MB. ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}.`,
      '',
    ].join('\n'),
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
