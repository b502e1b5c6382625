import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// The config is evaluated in the runner and again in each worker; the port and data directory are
// chosen once and passed down through the environment so every process agrees.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'privdesk-e2e-'));
// A second server on a movable clock (TEST_CLOCK) for journeys that span days: its own port and database,
// so moving its time forward never touches what the other specs see.
process.env.E2E_CLOCK_PORT ??= String(await freePort());
process.env.E2E_CLOCK_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'privdesk-e2e-clock-'));
// Each server's privacy mailbox (issue 16) listens on a port of its own, so that specs can send it mail.
process.env.E2E_INBOUND_PORT ??= String(await freePort());
process.env.E2E_CLOCK_INBOUND_PORT ??= String(await freePort());
// A test authorised agent (issue 17): its Ed25519 key made once, its entry in a service-directory file the
// main server reads at start-up (DRP_AGENTS_FILE); the spec signs with the private key passed down here.
if (!process.env.E2E_DRP_AGENT_KEY) {
  const pair = generateKeyPairSync('ed25519');
  const verifyKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString(
    'base64',
  );
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'privdesk-e2e-drp-')), 'agents.json');
  writeFileSync(
    file,
    JSON.stringify([
      {
        id: 'E2E_AGENT',
        name: 'E2E Rights Agent',
        verify_key: verifyKey,
        business_contact: 'drp@agent.example',
      },
    ]),
  );
  process.env.E2E_DRP_AGENTS_FILE = file;
  process.env.E2E_DRP_AGENT_KEY = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}
const port = Number(process.env.E2E_PORT);
const dataDir = process.env.E2E_DATA_DIR;
const clockPort = Number(process.env.E2E_CLOCK_PORT);
/** Specs that change settings every other spec reads (see `projects`). */
const globalSettingsSpecs = /specs\/settings\//;
/**
 * Journeys on the clock server (clock-server.ts). Each moves that server's time by hours or days, which ends
 * every session on it, so two of them at once would sign each other out: they run one at a time, beside the
 * other specs.
 */
const clockServerSpecs =
  /specs\/(erasure\/erasure-journey|registry\/registry-journey|inbox\/email-intake)\.spec\.ts$/;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  testDir: './specs',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['json'], ['html', { open: 'never' }]] : 'list',
  // Sign-ins wait for an unused TOTP step (up to 30 s) when parallel tests share an account.
  timeout: 90_000,
  // CI runs two workers, their browsers and the server on two cores: a page that takes 1 s idle can take 10 s there.
  expect: { timeout: 20_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  // Specs that change global settings run in a project of their own, after every other spec has finished
  // (a teardown project runs whatever the others' outcome), and put back what they changed: the other specs
  // share the server and must never see a changed setting, not even while one is being changed. A teardown
  // project also runs when a run is narrowed to other specs (`-g`, a file); add `--no-deps` to leave it out.
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'] },
      testIgnore: [globalSettingsSpecs, clockServerSpecs],
      teardown: 'global settings',
    },
    { name: 'clock server', use: { ...devices['Desktop Chrome'] }, testMatch: clockServerSpecs, workers: 1 },
    { name: 'global settings', use: { ...devices['Desktop Chrome'] }, testMatch: globalSettingsSpecs },
  ],
  webServer: [
    {
      command: `node ${path.join(root, 'server/dist/main.js')}`,
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      // The first start replays the demo's history through the services (about 25 s idle; more under load).
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        INBOUND_SMTP_PORT: process.env.E2E_INBOUND_PORT,
        DRP_AGENTS_FILE: process.env.E2E_DRP_AGENTS_FILE ?? '',
      },
    },
    {
      command: `node ${path.join(root, 'server/dist/main.js')}`,
      url: `http://127.0.0.1:${clockPort}/readyz`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(clockPort),
        HOST: '127.0.0.1',
        DATA_DIR: process.env.E2E_CLOCK_DATA_DIR,
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
        // The movable clock is refused in production (env.ts): this server runs as a test one.
        NODE_ENV: 'test',
        TEST_CLOCK: 'true',
        JOBS_POLL_SECONDS: '2',
        INBOUND_SMTP_PORT: process.env.E2E_CLOCK_INBOUND_PORT,
      },
    },
  ],
});
