import { pipeline, Readable } from 'node:stream';
import yazl from 'yazl';
import {
  dataCategoryLabels,
  neverDisclosedReason,
  withheldValue,
  type DataCategory,
  type PackageKind,
} from '@privdesk/shared';
import { escapeHtml } from '../../lib/html.js';
import { csvCell } from '../requests/requests.export.js';
import { measuring, type PackageStore } from './package-store.js';

/**
 * An access or portability package (issue 19, item 3): a zip streamed entry by entry — never the whole
 * package in memory — with, per data system and category, the rows as JSON and as CSV; a human-readable
 * `index.html` (no scripts) with the GDPR Art. 15(1) information; and `manifest.json`, last, naming every
 * other file with its size, rows, source and SHA-256.
 */

export type PackageValue = string | number | boolean | null;
export type PackageRow = Readonly<Record<string, PackageValue>>;

export interface PackageSection {
  system: { key: string; name: string };
  category: DataCategory;
  /** Data the person provided (their account's details, what they uploaded): what portability covers. */
  provided: boolean;
  /** The columns, in order. */
  columns: readonly string[];
  /** The rows, read afresh for each file of the section (the JSON, then the CSV). */
  rows: () => AsyncIterable<PackageRow>;
}

/** An item left out, and why: by the officer (third parties' data, privilege) or by rule (never disclosed). */
export interface PackageRedaction {
  system: string;
  category: DataCategory;
  /** A column withheld in every row, or one item (a row) left out. */
  column?: string;
  item?: string;
  reason: string;
  automatic: boolean;
}

/** GDPR Art. 15(1)(a)–(h), from the registry: what is done with the data, for whom, for how long. */
export interface Art15Information {
  purposes: readonly string[];
  categories: readonly string[];
  recipients: readonly string[];
  retention: string;
  source: string;
  rights: readonly string[];
}

export interface PackageAbout {
  reference: string;
  kind: PackageKind;
  generatedAt: Date;
  /** Who the package is about, as it will be addressed to them. */
  subjectName: string;
  information: Art15Information;
  redactions: readonly PackageRedaction[];
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  system: string | null;
  category: DataCategory | null;
  rows: number | null;
}

export interface PackageManifest {
  reference: string;
  kind: PackageKind;
  generatedAt: string;
  files: ManifestFile[];
  redactions: PackageRedaction[];
}

/** How many rows of each section the index shows; the files hold them all. */
export const indexPreviewRows = 20;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'data';

function cellText(value: PackageValue): string {
  return value === null ? '' : String(value);
}

/** The rows as the person may see them: never-disclosed columns withheld. */
async function* disclosed(section: PackageSection): AsyncGenerator<PackageRow> {
  const withheld = section.columns.filter((c) => neverDisclosedReason(c) !== null);
  for await (const row of section.rows()) {
    if (withheld.length === 0) {
      yield row;
      continue;
    }
    const copy: Record<string, PackageValue> = { ...row };
    for (const c of withheld) copy[c] = withheldValue;
    yield copy;
  }
}

async function* jsonOf(section: PackageSection, count: (n: number) => void): AsyncGenerator<string> {
  let n = 0;
  yield '[';
  for await (const row of disclosed(section)) {
    yield `${n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`;
    n += 1;
  }
  yield n === 0 ? ']\n' : '\n]\n';
  count(n);
}

async function* csvOf(section: PackageSection, preview: PackageRow[]): AsyncGenerator<string> {
  // A byte-order mark, so spreadsheets read the file as UTF-8.
  yield `\uFEFF${section.columns.map(csvCell).join(',')}\r\n`;
  for await (const row of disclosed(section)) {
    if (preview.length < indexPreviewRows) preview.push(row);
    yield `${section.columns.map((c) => csvCell(cellText(row[c] ?? null))).join(',')}\r\n`;
  }
}

interface SectionFiles {
  section: PackageSection;
  json: string;
  csv: string;
  rows: number;
  preview: PackageRow[];
}

function list(items: readonly string[]): string {
  return items.length === 0
    ? '<p>None.</p>'
    : `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

function indexHtml(
  about: PackageAbout,
  withheld: readonly PackageRedaction[],
  files: readonly SectionFiles[],
): string {
  const title = about.kind === 'access' ? 'Your personal data' : 'The data you gave us, to take elsewhere';
  const info = about.information;
  const sections = files
    .map((f) => {
      const head = f.section.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
      const body = f.preview
        .map(
          (row) =>
            `<tr>${f.section.columns.map((c) => `<td>${escapeHtml(cellText(row[c] ?? null))}</td>`).join('')}</tr>`,
        )
        .join('');
      const more =
        f.rows > f.preview.length
          ? `<p>The first ${f.preview.length} of ${f.rows} rows; the files hold them all.</p>`
          : '';
      return `<section><h3>${escapeHtml(dataCategoryLabels[f.section.category])} — ${escapeHtml(f.section.system.name)}</h3>
<p>${f.rows} ${f.rows === 1 ? 'row' : 'rows'}. Files: <a href="${escapeHtml(f.json)}">${escapeHtml(f.json)}</a> (JSON), <a href="${escapeHtml(f.csv)}">${escapeHtml(f.csv)}</a> (CSV).</p>
${f.rows === 0 ? '' : `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`}${more}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Syncronis (${escapeHtml(about.reference)})</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e}
table{border-collapse:collapse;font-size:14px}th,td{border:1px solid #ced4da;padding:.25rem .5rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
@media (prefers-color-scheme: dark){body{background:#1a1b1e;color:#e9ecef}th,td{border-color:#495057}a{color:#74c0fc}}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p>Prepared for ${escapeHtml(about.subjectName)} by Syncronis on ${about.generatedAt.toISOString().slice(0, 10)}, in answer to request ${escapeHtml(about.reference)}.
${about.kind === 'portability' ? 'It holds the data you provided to us, in formats other services can read (JSON and CSV).' : 'It holds the personal data about you that we keep, in every system that keeps it.'}
<code>manifest.json</code> lists every file with its SHA-256 checksum.</p>
<h2>What we do with your data</h2>
<h3>Why we use it</h3>${list(info.purposes)}
<h3>What kinds of data</h3>${list(info.categories)}
<h3>Who receives it</h3>${list(info.recipients)}
<h3>How long we keep it</h3><p>${escapeHtml(info.retention)}</p>
<h3>Where it came from</h3><p>${escapeHtml(info.source)}</p>
<h3>Your rights</h3>${list(info.rights)}
<h2>Left out</h2>${
    withheld.length === 0
      ? '<p>Nothing was left out.</p>'
      : list(
          withheld.map(
            (r) =>
              `${dataCategoryLabels[r.category]} in ${r.system}${r.column ? `, ${r.column}` : ''}${r.item ? `, ${r.item}` : ''}: ${r.reason}`,
          ),
        )
  }
<h2>Your data</h2>
${sections || '<p>We hold no data of this kind about you.</p>'}
</main></body></html>
`;
}

/**
 * Streams the package into the store under `key`. Resolves with its manifest and the zip's own size and
 * checksum once the store holds all of it.
 */
export async function storePackage(
  store: PackageStore,
  key: string,
  about: PackageAbout,
  sections: readonly PackageSection[],
): Promise<{ manifest: PackageManifest; bytes: number; sha256: string }> {
  const chosen = about.kind === 'portability' ? sections.filter((s) => s.provided) : [...sections];
  const redactions = [...about.redactions, ...automaticRedactions(chosen)];
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  // The store's pipeline reports the output's failure; once it has, a later echo must not go unheard.
  output.on('error', () => undefined);
  const mtime = about.generatedAt;
  const files: ManifestFile[] = [];
  const done: SectionFiles[] = [];
  const used = new Set<string>();

  /** An entry whose content is made only when the zip reaches it (yazl reads entries one at a time). */
  const addLazy = (
    entry: string,
    describe: Omit<ManifestFile, 'path' | 'bytes' | 'sha256'>,
    content: () => AsyncIterable<string> | Iterable<string>,
  ) => {
    zip.addReadStreamLazy(entry, { mtime, mode: 0o100644 }, (cb) => {
      const measure = measuring();
      measure.on('end', () => files.push({ path: entry, ...measure.result(), ...describe }));
      // A source that fails (a system gone away) fails the whole package: the store keeps nothing of it.
      pipeline(Readable.from(content()), measure, (error) => {
        if (error) output.destroy(error);
      });
      // The failure reaches the caller through the zip's output (above); yazl does not listen on the entry.
      measure.on('error', () => undefined);
      cb(null, measure);
    });
  };

  for (const section of chosen) {
    let base = `data/${slug(section.system.key)}/${slug(section.category)}`;
    for (let n = 2; used.has(base); n += 1)
      base = `data/${slug(section.system.key)}/${slug(section.category)}-${n}`;
    used.add(base);
    const out: SectionFiles = { section, json: `${base}.json`, csv: `${base}.csv`, rows: 0, preview: [] };
    done.push(out);
    const describe = { system: section.system.key, category: section.category };
    // The row count is known once the JSON is written; the manifest, written last, takes it from here.
    addLazy(out.json, { ...describe, rows: null }, () =>
      jsonOf(section, (n) => {
        out.rows = n;
      }),
    );
    addLazy(out.csv, { ...describe, rows: null }, () => csvOf(section, out.preview));
  }
  addLazy('index.html', { system: null, category: null, rows: null }, () => [
    indexHtml(about, redactions, done),
  ]);
  const manifest = (): PackageManifest => ({
    reference: about.reference,
    kind: about.kind,
    generatedAt: about.generatedAt.toISOString(),
    files: files.map((f) => {
      const section = done.find((d) => d.json === f.path || d.csv === f.path);
      return section ? { ...f, rows: section.rows } : f;
    }),
    redactions,
  });
  let written: PackageManifest | null = null;
  zip.addReadStreamLazy('manifest.json', { mtime, mode: 0o100644 }, (cb) => {
    written = manifest();
    cb(null, Readable.from([`${JSON.stringify(written, null, 2)}\n`]));
  });
  zip.end();
  const stored = await store.write(key, output);
  if (written === null) throw new Error('the package ended before its manifest');
  return { manifest: written, ...stored };
}

/** The never-disclosed columns each section had, as the package's list of what was left out says. */
export function automaticRedactions(sections: readonly PackageSection[]): PackageRedaction[] {
  return sections.flatMap((s) =>
    s.columns.flatMap((column) => {
      const reason = neverDisclosedReason(column);
      return reason === null
        ? []
        : [{ system: s.system.name, category: s.category, column, reason, automatic: true }];
    }),
  );
}
