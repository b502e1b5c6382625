/**
 * Lighthouse desktop (its own desktop preset: no CPU or network throttling beyond it) on the sign-in page
 * and on the queue page of a signed-in privacy officer, in Debian's headless Chromium against the built
 * server (`node server/dist/main.js`) in its own process. Each page is run `--runs` times (default 3),
 * each run a cold load (Lighthouse clears the cache); the table gives medians.
 *
 *   npm run bench:lighthouse                                   # embedded demo database
 *   npm run bench:lighthouse -- --url postgres://…/privdesk_bench   # the 100,000-request benchmark database
 *   … --save bench/.out/lighthouse                               # keep each run's full report
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromiumPath, startApp } from '../lib/app-process.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const url = arg('url') ?? process.env.BENCH_DATABASE_URL;
const runs = Number(arg('runs') ?? 3);
/** Where to keep each run's full Lighthouse report (JSON), to look into what a figure is made of. */
const saveDir = arg('save');

interface Run {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  maxFid: number;
  jsBytes: number;
  totalBytes: number;
  scripts: number;
  domSize: number;
  mainThread: number;
  bootup: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

const app = await startApp({ url });
const chrome = await chromeLauncher.launch({
  chromePath: chromiumPath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  const cookie = await app.sessionCookie();
  const pages: [string, string, Record<string, string>][] = [
    ['/sign-in', `${app.base}/sign-in`, {}],
    ['/queue, signed in', `${app.base}/queue`, { Cookie: cookie }],
  ];
  const lines: string[] = [];
  // Every script either page loaded (first run each), by URL: what sign-in and then the first page cost.
  const scriptsSeen = new Map<string, number>();
  for (const [label, pageUrl, headers] of pages) {
    const results: Run[] = [];
    for (let i = 0; i < runs; i += 1) {
      // A trace Chromium failed to record (NO_NAVSTART now and then) is retried; anything else stops the bench.
      let lhr;
      for (let attempt = 1; ; attempt += 1) {
        const result = await lighthouse(
          pageUrl,
          { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: headers },
          desktopConfig,
        );
        lhr = result?.lhr;
        if (!lhr) throw new Error('Lighthouse returned no result');
        if (!lhr.runtimeError) break;
        if (attempt >= 3) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
        process.stderr.write(`  ${label}: ${lhr.runtimeError.code}, again\n`);
      }
      if (saveDir) {
        mkdirSync(saveDir, { recursive: true });
        const name = `${label.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '')}-${i + 1}.json`;
        writeFileSync(path.join(saveDir, name), JSON.stringify(lhr));
      }
      if (i === 0) {
        const requests =
          (
            lhr.audits['network-requests']?.details as
              { items?: { url: string; resourceType?: string; transferSize?: number }[] } | undefined
          )?.items ?? [];
        for (const r of requests)
          if (r.resourceType === 'Script')
            scriptsSeen.set(r.url, Math.max(scriptsSeen.get(r.url) ?? 0, r.transferSize ?? 0));
      }
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const summary =
        (
          lhr.audits['resource-summary']?.details as
            { items?: { resourceType: string; transferSize: number; requestCount: number }[] } | undefined
        )?.items ?? [];
      const of = (type: string) => summary.find((s) => s.resourceType === type);
      const finalUrl = lhr.finalDisplayedUrl;
      if (!finalUrl.startsWith(pageUrl)) throw new Error(`${label}: landed on ${finalUrl}`);
      results.push({
        score: lhr.categories.performance?.score ?? Number.NaN,
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tbt: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        si: audit('speed-index'),
        maxFid: audit('max-potential-fid'),
        jsBytes: of('script')?.transferSize ?? 0,
        totalBytes: of('total')?.transferSize ?? 0,
        scripts: of('script')?.requestCount ?? 0,
        domSize: audit('dom-size'),
        mainThread: audit('mainthread-work-breakdown'),
        bootup: audit('bootup-time'),
      });
      process.stderr.write(`  ${label} run ${i + 1}: ${results.at(-1)?.score}\n`);
    }
    const m = (key: keyof Run) => median(results.map((r) => r[key]));
    const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
    lines.push(
      `| ${label} | **${m('score').toFixed(2)}** | ${m('fcp').toFixed(0)} | **${m('lcp').toFixed(0)}** | **${m('tbt').toFixed(0)}** | ${m('cls').toFixed(3)} | ${m('maxFid').toFixed(0)} | ${m('mainThread').toFixed(0)} | ${m('scripts')} / ${kib(m('jsBytes'))} | ${kib(m('totalBytes'))} | ${m('domSize')} |`,
    );
  }
  process.stdout.write(
    `\nLighthouse desktop, ${runs} runs a page, medians; ${url ? 'benchmark database on PostgreSQL' : 'embedded demo database'}\n\n`,
  );
  process.stdout.write(
    '| page | score | FCP ms | LCP ms | TBT ms | CLS | max input delay ms | main-thread work ms | scripts / JS on the wire | all bytes | DOM elements |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const union = [...scriptsSeen.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    `\nJavaScript on the wire for the sign-in page and then the queue (each script once, as a browser cache keeps it): ${scriptsSeen.size} files, **${(union / 1024).toFixed(0)} KiB**\n`,
  );
} finally {
  chrome.kill();
  await app.stop();
}
