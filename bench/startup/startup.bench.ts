// Measures start-up to ready: `node server/dist/main.js` on a fresh embedded database (migrations + demo
// seed), then a restart on the same data, then the full `npm start` (turbo build cached) on that data.
// Run: npm run bench:startup   (after npm install; builds first)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const port = 3700 + Math.floor(Math.random() * 200);

async function timeToReady(command: string, args: string[], dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      if (performance.now() - started > 180_000) throw new Error('not ready within 180 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const runs = 3;
const rows: string[] = [];
for (const [label, command, args, fresh] of [
  ['first start (migrate + seed), node server/dist/main.js', 'node', ['server/dist/main.js'], true],
  ['restart on existing data, node server/dist/main.js', 'node', ['server/dist/main.js'], false],
  ['npm start (turbo build cached) on existing data', 'npm', ['start', '--silent'], false],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-startup-'));
    if (!fresh) await timeToReady('node', ['server/dist/main.js'], dataDir);
    times.push(await timeToReady(command, [...args], dataDir));
    rmSync(dataDir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  rows.push(
    `| ${label} | ${times.map((t) => (t / 1000).toFixed(2)).join(' / ')} s | ${((times[1] ?? 0) / 1000).toFixed(2)} s |`,
  );
}
console.log('| start | runs | median |\n|---|---|---|');
console.log(rows.join('\n'));
