// Runs every Vitest project; in CI also writes a JSON report for the closing summary line. The test apps
// write their logs to one file (PRIVDESK_TEST_LOG), which is then checked for personal data: no email
// address and no surname of the demo's people may appear in any line (issue 9: logs carry ids only).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = ['vitest', 'run', ...process.argv.slice(2)];
const jsonOut = process.env.VITEST_JSON;
if (jsonOut) args.push('--reporter=default', '--reporter=json', `--outputFile.json=${jsonOut}`);
const logDir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-test-log-'));
const logFile = path.join(logDir, 'tests.ndjson');
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, PRIVDESK_TEST_LOG: logFile },
});

let leaks = 0;
if (existsSync(logFile)) {
  const dataset = path.resolve('server/dist/demo/request-dataset.js');
  const surnames = existsSync(dataset) ? (await import(pathToFileURL(dataset).href)).lastNames : [];
  const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/;
  const surname = surnames.length > 0 ? new RegExp(`\\b(${surnames.join('|')})\\b`) : null;
  const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  lines.forEach((line, i) => {
    if (!email.test(line) && !surname?.test(line)) return;
    leaks += 1;
    // Say where, not what: the line itself is the leak.
    let msg = '?';
    try {
      msg = String(JSON.parse(line).msg);
    } catch {
      // not JSON
    }
    if (leaks <= 10) console.error(`personal data in the test log, line ${i + 1} ("${msg}")`);
  });
  console.log(`test log: ${lines.length} lines checked, ${leaks} with personal data`);
}
rmSync(logDir, { recursive: true, force: true });
process.exit(leaks > 0 ? 1 : (result.status ?? 1));
