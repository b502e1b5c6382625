// Prints the gzip size of the JavaScript each page needs before it can render: its chunks and everything
// they import statically. Run after `vite build`: `npx tsx scripts/bundle-report.ts`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;

function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}

const gzipOf = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function report(label: string, keys: (string | undefined)[]): void {
  const all = new Set<string>();
  for (const key of keys) {
    if (key === undefined) throw new Error(`missing chunk for ${label}`);
    for (const k of closure(key)) all.add(k);
  }
  const files = [...all].map((k) => manifest[k]?.file ?? '').filter((f) => f.endsWith('.js'));
  const total = files.reduce((sum, f) => sum + gzipOf(f), 0);
  process.stdout.write(`${label.padEnd(44)} ${kb(total).padStart(10)} gzip  (${files.length} files)\n`);
}

const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
const route = (name: string) => Object.keys(manifest).find((k) => k.endsWith(`src/app/routes/${name}.tsx`));

report('entry (index.html)', [entry]);
report('sign-in page (entry + sign-in route)', [entry, route('sign-in-route')]);
report('set-password page', [entry, route('set-password-route')]);
report('app shell + audit page', [entry, route('app-layout-route'), route('audit-route')]);
report('app shell + staff page', [entry, route('app-layout-route'), route('staff-route')]);
report('app shell + queue page', [entry, route('app-layout-route'), route('queue-route')]);
report('app shell + request page', [entry, route('app-layout-route'), route('request-route')]);
report('app shell + new-request page', [entry, route('app-layout-route'), route('new-request-route')]);
// The dashboard's charts (@mantine/charts, recharts) load after the page, in their own chunk.
report('app shell + dashboard page', [entry, route('app-layout-route'), route('dashboard-route')]);
