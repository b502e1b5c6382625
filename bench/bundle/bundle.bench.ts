// Measures the JavaScript and CSS a browser downloads (gzip) for the sign-in page, and for the whole app's
// initial load after signing in, against the built SPA served by the real server.
// Run: npm run bench:bundle   (builds first; needs Chromium at /usr/bin/chromium or CHROMIUM_PATH)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { generate } from 'otplib';

const root = path.resolve(import.meta.dirname, '../..');
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-bundle-'));
const server = spawn('node', ['server/dist/main.js'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
  stdio: 'ignore',
});

/** Up to two minutes: a fresh data directory seeds the whole demo first (about 30 s idle, more under load). */
async function waitReady(): Promise<void> {
  for (let i = 0; i < 2400; i += 1) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server not ready');
}

interface Sizes {
  js: number;
  css: number;
  files: number;
}

function collect(page: Page): { sizes: Sizes; seen: Set<string> } {
  const sizes: Sizes = { js: 0, css: 0, files: 0 };
  const seen = new Set<string>();
  page.on('response', (res) => {
    const url = res.url();
    const kind = url.endsWith('.js') ? 'js' : url.endsWith('.css') ? 'css' : null;
    if (!kind || seen.has(url)) return;
    seen.add(url);
    void res.body().then((body) => {
      sizes[kind] += gzipSync(body, { level: 9 }).length;
      sizes.files += 1;
    });
  });
  return { sizes, seen };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

try {
  await waitReady();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  const signIn = collect(page);
  await page.goto(`${base}/sign-in`, { waitUntil: 'networkidle' });
  const signInSizes = { ...signIn.sizes };

  await page.getByLabel('Email').fill('auditor@privacydesk.example');
  await page.getByLabel('Password').fill('demo-password-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByLabel('Authentication code')
    .fill(await generate({ secret: 'PRIVACYDESKDEMOAUDITORAAAAAAAAAA' }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.waitForLoadState('networkidle');
  const app = signIn.sizes;

  // The requester's confirmation page (issue 13: its own entry, target under 100 KB gzip of JS). Any token
  // loads the same files; a made-up one is answered "cannot be used", which is all this needs.
  const requester = await browser.newPage();
  const verify = collect(requester);
  await requester.goto(`${base}/verify/00000000-0000-4000-8000-000000000000.${'0'.repeat(40)}`, {
    waitUntil: 'networkidle',
  });
  await requester.getByRole('heading', { level: 1 }).waitFor();
  const verifySizes = { ...verify.sizes };

  // The public subprocessor list (issue 14: its own entry, plain DOM like the requester's page).
  const visitor = await browser.newPage();
  const registryPage = collect(visitor);
  await visitor.goto(`${base}/subprocessors`, { waitUntil: 'networkidle' });
  await visitor.getByRole('heading', { level: 1, name: 'Subprocessors' }).waitFor();
  const registrySizes = { ...registryPage.sizes };
  await browser.close();

  console.log('| what | JS (gzip) | CSS (gzip) | files |\n|---|---|---|---|');
  console.log(`| sign-in page | ${kb(signInSizes.js)} | ${kb(signInSizes.css)} | ${signInSizes.files} |`);
  console.log(`| sign-in + first page after MFA (auditor) | ${kb(app.js)} | ${kb(app.css)} | ${app.files} |`);
  console.log(
    `| the requester's confirmation page (/verify/…) | ${kb(verifySizes.js)} | ${kb(verifySizes.css)} | ${verifySizes.files} |`,
  );
  console.log(
    `| the public subprocessor list (/subprocessors) | ${kb(registrySizes.js)} | ${kb(registrySizes.css)} | ${registrySizes.files} |`,
  );
} finally {
  // The server writes its last audit checkpoint as it stops: remove its data once it has exited.
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  rmSync(dataDir, { recursive: true, force: true });
}
