import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { storePackage, type PackageAbout, type PackageSection } from './access-package.js';
import { FolderPackageStore } from './package-store.js';

let root: string;
let store: FolderPackageStore;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'packages-'));
  store = new FolderPackageStore(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function bufferOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every entry of a zip, by name. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          bufferOf(stream).then((b) => {
            out.set(entry.fileName, b);
            zip.readEntry();
          }, reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const about: PackageAbout = {
  reference: 'DSR-2026-000042',
  kind: 'access',
  generatedAt: new Date('2026-12-08T10:00:00.000Z'),
  subjectName: 'Ana <b>Costa</b>',
  information: {
    purposes: ['To run the service you signed up for'],
    categories: ['Contact details', 'Usage data'],
    recipients: ['Hosting provider (EU)'],
    retention: 'For as long as the account is open, then 90 days.',
    source: 'You, and the service as you use it.',
    rights: ['Rectification', 'Erasure'],
  },
  redactions: [
    {
      system: 'Support desk',
      category: 'support_communications',
      item: 'ticket 7',
      reason: 'Another customer’s data.',
      automatic: false,
    },
  ],
};

function rowsOf(
  rows: Record<string, string | number | boolean | null>[],
): () => AsyncIterable<Record<string, string | number | boolean | null>> {
  return async function* () {
    await Promise.resolve();
    yield* rows;
  };
}

const sections: PackageSection[] = [
  {
    system: { key: 'platform_db', name: 'Platform database' },
    category: 'contact_details',
    provided: true,
    columns: ['email', 'name', 'password_hash'],
    rows: rowsOf([
      { email: 'ana@example.com', name: '=HYPERLINK("x")', password_hash: '$argon2id$v=19$secret' },
    ]),
  },
  {
    system: { key: 'platform_db', name: 'Platform database' },
    category: 'usage_data',
    provided: false,
    columns: ['at', 'event'],
    rows: rowsOf([
      { at: '2026-11-01T09:00:00Z', event: '<script>alert(1)</script>' },
      { at: '2026-11-02T09:00:00Z', event: 'signed in' },
    ]),
  },
  {
    system: { key: 'support_desk', name: 'Support desk' },
    category: 'support_communications',
    provided: true,
    columns: ['ticket', 'text'],
    rows: rowsOf([]),
  },
];

describe('an access package', () => {
  it('holds JSON and CSV per system and category, an index, and a manifest whose checksums match', async () => {
    const result = await storePackage(store, 'p1.zip', about, sections);
    const stream = await store.read('p1.zip');
    if (!stream) throw new Error('not stored');
    const bytes = await bufferOf(stream);
    expect(bytes.length).toBe(result.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.sha256);

    const entries = await unzip(bytes);
    expect([...entries.keys()].sort()).toEqual([
      'data/platform-db/contact-details.csv',
      'data/platform-db/contact-details.json',
      'data/platform-db/usage-data.csv',
      'data/platform-db/usage-data.json',
      'data/support-desk/support-communications.csv',
      'data/support-desk/support-communications.json',
      'index.html',
      'manifest.json',
    ]);
    const manifest = JSON.parse(
      entries.get('manifest.json')?.toString('utf8') ?? '',
    ) as typeof result.manifest;
    expect(manifest).toEqual(result.manifest);
    expect(manifest.files).toHaveLength(7);
    for (const file of manifest.files) {
      const content = entries.get(file.path);
      expect(content?.length).toBe(file.bytes);
      expect(
        createHash('sha256')
          .update(content ?? Buffer.alloc(0))
          .digest('hex'),
      ).toBe(file.sha256);
    }
    expect(manifest.files.find((f) => f.path === 'data/platform-db/usage-data.json')).toMatchObject({
      system: 'platform_db',
      category: 'usage_data',
      rows: 2,
    });
    expect(manifest.files.find((f) => f.path === 'data/support-desk/support-communications.csv')?.rows).toBe(
      0,
    );

    // The password hash is withheld everywhere, with its reason in the manifest and the index.
    const contact = JSON.parse(entries.get('data/platform-db/contact-details.json')?.toString('utf8') ?? '');
    expect(contact).toEqual([
      { email: 'ana@example.com', name: '=HYPERLINK("x")', password_hash: '[withheld]' },
    ]);
    expect(bytes.includes(Buffer.from('argon2id'))).toBe(false);
    expect(manifest.redactions).toEqual([
      about.redactions[0],
      {
        system: 'Platform database',
        category: 'contact_details',
        column: 'password_hash',
        reason: 'A password’s hash is never disclosed (CCPA §7024(d)).',
        automatic: true,
      },
    ]);

    // CSV: a byte-order mark, RFC 4180 quoting, and no formula a spreadsheet would run.
    expect(entries.get('data/platform-db/contact-details.csv')?.toString('utf8')).toBe(
      '\uFEFFemail,name,password_hash\r\nana@example.com,"\'=HYPERLINK(""x"")",[withheld]\r\n',
    );
    expect(entries.get('data/support-desk/support-communications.json')?.toString('utf8')).toBe('[]\n');

    // The index: no script anywhere, the person's own text escaped, the Art. 15 information, what was left out.
    const index = entries.get('index.html')?.toString('utf8') ?? '';
    expect(index).not.toMatch(/<script/i);
    expect(index).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(index).toContain('Prepared for Ana &#60;b&#62;Costa&#60;/b&#62;');
    expect(index).toContain("default-src 'none'");
    expect(index).toContain('<li>Hosting provider (EU)</li>');
    expect(index).toContain('For as long as the account is open, then 90 days.');
    expect(index).toContain('Support communications in Support desk, ticket 7: Another customer’s data.');
    expect(index).toContain(
      'Contact details in Platform database, password_hash: A password’s hash is never disclosed',
    );
  });

  it('for portability, holds only what the person provided', async () => {
    const result = await storePackage(store, 'p2.zip', { ...about, kind: 'portability' }, sections);
    expect(result.manifest.files.map((f) => f.path)).toEqual([
      'data/platform-db/contact-details.json',
      'data/platform-db/contact-details.csv',
      'data/support-desk/support-communications.json',
      'data/support-desk/support-communications.csv',
      'index.html',
    ]);
  });

  it('keeps nothing of a package whose source fails midway, and refuses a key that is not a plain name', async () => {
    const failing: PackageSection = {
      ...(sections[1] as PackageSection),
      rows: async function* () {
        await Promise.resolve();
        yield { at: '2026-11-01T09:00:00Z', event: 'one' };
        throw new Error('the system went away');
      },
    };
    await expect(storePackage(store, 'p3.zip', about, [failing])).rejects.toThrow('the system went away');
    expect(await store.read('p3.zip')).toBeNull();
    expect((await readdir(root)).filter((f) => f.startsWith('p3'))).toEqual([]);
    await expect(store.read('../p1.zip')).rejects.toThrow(/a key is a lower-case name/);
    await store.remove('p1.zip');
    await store.remove('p1.zip');
    expect(await store.read('p1.zip')).toBeNull();
  });
});
