/**
 * The built server (`node server/dist/main.js`) in a process of its own, for the browser benchmarks:
 * on a fresh embedded demo database by default, or on a benchmark PostgreSQL database (`url`, filled by
 * bench/requests/generate.ts). `sessionCookie()` gives a signed-in privacy officer's session: on the demo
 * by signing in through the page (password and TOTP), on a benchmark database by creating the session row
 * directly (the generated officers have no password).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { openDatabase } from '../../server/src/db/client.js';
import { staff } from '../../server/src/db/schema.js';
import { createSession, sessionCookieName } from '../../server/src/features/auth/session.store.js';
import { benchAppConfig, benchSecret } from '../requests/bench-config.js';
import { awaitReady } from './server-child.js';

export const root = path.resolve(import.meta.dirname, '../..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface AppProcess {
  base: string;
  /** `pd_session=…` for a signed-in privacy officer. */
  sessionCookie(): Promise<string>;
  stop(): Promise<void>;
}

export async function startApp(opts: { url?: string | undefined }): Promise<AppProcess> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = opts.url ? null : mkdtempSync(path.join(os.tmpdir(), 'privdesk-browser-bench-'));
  const server = spawn('node', ['server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(opts.url
        ? { DATABASE_URL: opts.url, SEED_DEMO: 'false', APP_SECRET: benchSecret }
        : { DATA_DIR: dataDir ?? '', SEED_DEMO: 'true' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await awaitReady(server, base, { keepOutput: false });
  return {
    base,
    async sessionCookie() {
      if (opts.url) return benchSession(opts.url);
      const browser = await chromium.launch({ executablePath: chromiumPath });
      try {
        return await demoSession(browser, base);
      } finally {
        await browser.close();
      }
    },
    async stop() {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
      await new Promise((r) => server.once('exit', r));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function benchSession(url: string): Promise<string> {
  const database = await openDatabase({ kind: 'postgres', url, max: 1 });
  try {
    const [officer] = await database.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, 'bench-officer-1@bench.example'));
    if (!officer) throw new Error('Run bench/requests/generate.ts on that database first.');
    const { token } = await createSession(
      database.db,
      benchAppConfig(),
      officer.id,
      'active',
      null,
      new Date(),
    );
    return `${sessionCookieName}=${token}`;
  } finally {
    await database.close();
  }
}

/** Signs in as the demo privacy officer through the page, as a person does. */
export async function demoSession(browser: Browser, base: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill('officer@privacydesk.example');
    await page.getByLabel('Password').fill('demo-password-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByLabel('Authentication code')
      .fill(await generate({ secret: 'PRIVACYDESKDEMOOFFICERAAAAAAAAAA' }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === sessionCookieName);
    if (!cookie) throw new Error('no session cookie after signing in');
    return `${cookie.name}=${cookie.value}`;
  } finally {
    await context.close();
  }
}
