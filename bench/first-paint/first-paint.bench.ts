// Measures what a person sees on a cold load of the queue, signed in, with an empty browser cache: when the
// shell (the navigation) is drawn, when the table's skeleton is, and when the first request row is — in
// headless Chromium against `node server/dist/main.js` in its own process, on a freshly seeded embedded
// database, or with `--url` on a benchmark PostgreSQL database (bench/requests/generate.ts).
// Run: npm run bench:first-paint [-- --url postgres://…/privdesk_bench]   (builds first; needs /usr/bin/chromium)
import { chromium } from '@playwright/test';
import { chromiumPath, startApp } from '../lib/app-process.js';

const argv = process.argv.slice(2);
const urlArg = argv.indexOf('--url');
const url = urlArg >= 0 ? argv[urlArg + 1] : process.env.BENCH_DATABASE_URL;
const runs = 7;

/** First time (ms after navigation start) each selector matched, recorded in the page itself. */
const observer = `
  window.__seen = {};
  const wanted = {
    shell: 'nav[aria-label="Main"]',
    skeleton: 'table[aria-busy="true"], [role="status"][aria-busy="true"]',
    firstRow: 'tbody tr[data-row]',
  };
  const check = () => {
    for (const [key, selector] of Object.entries(wanted)) {
      if (window.__seen[key] === undefined && document.querySelector(selector)) window.__seen[key] = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
`;

const app = await startApp({ url });
const base = app.base;
const browser = await chromium.launch({ executablePath: chromiumPath });
try {
  // One signed-in session; every measured run sends its cookie from a fresh context (no cache).
  const [name, ...value] = (await app.sessionCookie()).split('=');
  const state = {
    cookies: [
      {
        name: name ?? '',
        value: value.join('='),
        domain: '127.0.0.1',
        path: '/',
        expires: -1,
        httpOnly: true,
        secure: false,
        sameSite: 'Strict' as const,
      },
    ],
    origins: [],
  };

  // Bytes on the wire for a cold load of the queue (transfer sizes as Chromium counts them, after encoding).
  const wire = { js: 0, css: 0, json: 0, other: 0, jsDecoded: 0, scripts: 0 };
  {
    const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send('Network.enable');
    const types = new Map<string, { type: string; decoded: number }>();
    cdp.on('Network.responseReceived', (event: { requestId: string; type: string }) => {
      types.set(event.requestId, { type: event.type, decoded: 0 });
    });
    cdp.on('Network.dataReceived', (event: { requestId: string; dataLength: number }) => {
      const entry = types.get(event.requestId);
      if (entry) entry.decoded += event.dataLength;
    });
    cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
      const entry = types.get(event.requestId);
      const bytes = event.encodedDataLength;
      if (entry?.type === 'Script') {
        wire.scripts += 1;
        wire.js += bytes;
        wire.jsDecoded += entry.decoded;
      } else if (entry?.type === 'Stylesheet') wire.css += bytes;
      else if (entry?.type === 'Fetch' || entry?.type === 'XHR') wire.json += bytes;
      else wire.other += bytes;
    });
    await p.goto(`${base}/queue`);
    await p.locator('tbody tr[data-row]').first().waitFor({ timeout: 30_000 });
    await p.waitForLoadState('networkidle');
    await context.close();
  }

  const results: Record<'shell' | 'skeleton' | 'firstRow', number[]> = {
    shell: [],
    skeleton: [],
    firstRow: [],
  };
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
    await context.addInitScript(observer);
    const p = await context.newPage();
    await p.goto(`${base}/queue`);
    await p.locator('tbody tr[data-row]').first().waitFor({ timeout: 30_000 });
    const seen = await p.evaluate(() => (globalThis as unknown as { __seen: Record<string, number> }).__seen);
    for (const key of ['shell', 'skeleton', 'firstRow'] as const) {
      const at = seen[key];
      if (at !== undefined) results[key].push(at);
    }
    await context.close();
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  console.log(
    `${url ? 'Benchmark database on PostgreSQL' : 'Embedded demo database'}\n\n| cold load of /queue, signed in (${runs} runs) | median | min – max |\n|---|---|---|`,
  );
  for (const [label, key] of [
    ['shell (navigation) drawn', 'shell'],
    ['table skeleton drawn', 'skeleton'],
    ['first request row drawn', 'firstRow'],
  ] as const) {
    const xs = results[key];
    // The skeleton shows only when the data comes after the first render (the rows then replace it).
    if (xs.length === 0) console.log(`| ${label} | not seen in any run | |`);
    else
      console.log(
        `| ${label} | ${Math.round(median(xs))} ms | ${Math.round(Math.min(...xs))} – ${Math.round(Math.max(...xs))} ms (${xs.length} seen) |`,
      );
  }
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`\n| cold load of /queue, on the wire | bytes |\n|---|---|`);
  console.log(`| JavaScript, ${wire.scripts} files (decoded: ${kib(wire.jsDecoded)}) | ${kib(wire.js)} |`);
  console.log(`| CSS | ${kib(wire.css)} |`);
  console.log(`| API answers (tRPC) | ${kib(wire.json)} |`);
  console.log(`| everything else (HTML, icons) | ${kib(wire.other)} |`);
} finally {
  await browser.close();
  await app.stop();
}
