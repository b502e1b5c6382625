import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testServer } from '../testing/test-server.js';
import { pageEncodingFor, pagePreloadsOf, pageRoutes, routeModule } from './page-preloads.js';
import type { buildServer } from './server.js';

// A build's manifest as Vite writes it (web/dist/.vite/manifest.json), cut down to what matters here.
// (Over the 1 KiB above which answers are compressed, as the real one is.)
const index = `<!doctype html><html><head><title>Privacy Desk</title>
    <!-- ${'A real index.html carries more head than this. '.repeat(24)}-->
    <script type="module" crossorigin src="/assets/index-A1.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-react-B2.js">
  </head><body><div id="root"></div></body></html>`;
const manifest = {
  'index.html': { file: 'assets/index-A1.js', imports: ['_vendor-react-B2.js'] },
  '_vendor-react-B2.js': { file: 'assets/vendor-react-B2.js' },
  '_vendor-zod-Z9.js': { file: 'assets/vendor-zod-Z9.js' },
  '_feature-requests-F3.js': {
    file: 'assets/feature-requests-F3.js',
    imports: ['_vendor-react-B2.js', '_vendor-zod-Z9.js'],
    css: ['assets/feature-requests-F3.css'],
  },
  '_feature-notifications-N4.js': { file: 'assets/feature-notifications-N4.js' },
  'src/app/routes/app-layout-route.tsx': {
    file: 'assets/app-layout-route-L5.js',
    imports: ['_vendor-react-B2.js', '_feature-notifications-N4.js'],
  },
  'src/app/routes/queue-route.tsx': {
    file: 'assets/queue-route-Q6.js',
    imports: ['_feature-requests-F3.js', '_vendor-react-B2.js'],
  },
  'src/app/routes/sign-in-route.tsx': {
    file: 'assets/sign-in-route-S7.js',
    imports: ['_vendor-react-B2.js'],
  },
};
/** The links a page's HTML adds to index.html's. */
const linksOf = (html: string) =>
  [...html.matchAll(/<link rel="(modulepreload|preload)"[^>]*href="([^"]+)"/g)]
    .map((m) => `${m[1]} ${m[2]}`)
    .filter((link) => link !== 'modulepreload /assets/vendor-react-B2.js');

describe("a page's HTML names its route's chunks", () => {
  const preloads = pagePreloadsOf(index, manifest);

  it('the queue: the signed-in layout and the queue route, with everything they import, once each', () => {
    expect(linksOf(preloads.htmlFor('/queue'))).toEqual([
      'modulepreload /assets/feature-notifications-N4.js',
      'modulepreload /assets/app-layout-route-L5.js',
      'modulepreload /assets/vendor-zod-Z9.js',
      'modulepreload /assets/feature-requests-F3.js',
      'modulepreload /assets/queue-route-Q6.js',
      'preload /assets/feature-requests-F3.css',
    ]);
    // A trailing slash is the same page.
    expect(preloads.htmlFor('/queue/')).toBe(preloads.htmlFor('/queue'));
  });

  it('the sign-in page loads nothing of the signed-in app', () => {
    expect(linksOf(preloads.htmlFor('/sign-in'))).toEqual(['modulepreload /assets/sign-in-route-S7.js']);
  });

  it('a path no route knows gets index.html as built', () => {
    expect(preloads.htmlFor('/no/such/page')).toBe(index);
  });

  it("does not name index.html's own chunks twice", () => {
    expect(preloads.htmlFor('/queue').match(/vendor-react-B2\.js/g)).toHaveLength(1);
  });

  it('picks Brotli, else gzip, and honours q=0', () => {
    expect(pageEncodingFor('gzip, deflate, br, zstd')).toBe('br');
    expect(pageEncodingFor('gzip')).toBe('gzip');
    expect(pageEncodingFor('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(pageEncodingFor('identity')).toBeNull();
    expect(pageEncodingFor(undefined)).toBeNull();
  });

  it('names every route module the web app has', () => {
    const webRoutes = path.resolve(import.meta.dirname, '../../../web/src/app/routes');
    const modules = readdirSync(webRoutes)
      .filter((f) => f.endsWith('-route.tsx'))
      .map((f) => `src/app/routes/${f}`)
      .sort();
    const named = [...new Set(pageRoutes.flatMap((page) => page.routes.map(routeModule)))].sort();
    expect(named).toEqual(modules);
  });
});

describe('the server sends each page its HTML', () => {
  let app: TestApp;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'privdesk-dist-'));
    writeFileSync(path.join(dist, 'index.html'), index);
    mkdirSync(path.join(dist, '.vite'));
    writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
    app = await createTestApp();
    server = await testServer(app, { webDist: dist });
  });
  afterAll(async () => {
    await server.close();
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('with the preloads, revalidated, and compressed for a browser that accepts it', async () => {
    const page = await server.inject({ method: 'GET', url: '/queue?status=received' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<link rel="modulepreload" crossorigin href="/assets/queue-route-Q6.js">');
    const compressed = await server.inject({
      method: 'GET',
      url: '/queue',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers.vary).toContain('Accept-Encoding');
    expect(brotliDecompressSync(compressed.rawPayload).toString()).toBe(page.body);
    const head = await server.inject({ method: 'HEAD', url: '/queue' });
    expect([head.statusCode, head.body]).toEqual([200, '']);
  });
});
