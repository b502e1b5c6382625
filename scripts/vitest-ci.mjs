// Runs every Vitest project; in CI also writes a JSON report for the closing summary line.
import { spawnSync } from 'node:child_process';

const args = ['vitest', 'run'];
const jsonOut = process.env.VITEST_JSON;
if (jsonOut) args.push('--reporter=default', '--reporter=json', `--outputFile.json=${jsonOut}`);
const result = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
