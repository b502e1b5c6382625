import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

// The built SPA: client routes load index.html, for GET and (issue 10, item 7) HEAD alike.
let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let dist: string;
const bigScript = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;
beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'privdesk-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Privacy Desk</title>');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  // A built chunk with the copies the build writes beside it (web/scripts/precompress.mjs).
  writeFileSync(path.join(dist, 'assets', 'big-def456.js'), bigScript);
  writeFileSync(path.join(dist, 'assets', 'big-def456.js.br'), brotliCompressSync(bigScript));
  writeFileSync(path.join(dist, 'assets', 'big-def456.js.gz'), gzipSync(bigScript));
  app = await createTestApp();
  server = await testServer(app, { webDist: dist });
});
afterAll(async () => {
  await server.close();
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('app routes', () => {
  it('answer a HEAD like a GET: 200, the page’s type and caching, no body', async () => {
    for (const url of [
      '/queue',
      '/requests/00000000-0000-4000-8000-000000000001',
      '/audit?record=DSR-2026-000001',
    ]) {
      const get = await server.inject({ method: 'GET', url });
      const head = await server.inject({ method: 'HEAD', url });
      expect([get.statusCode, head.statusCode]).toEqual([200, 200]);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['cache-control']).toBe('no-cache');
      expect(get.body).toContain('<title>Privacy Desk</title>');
      expect(head.body).toBe('');
    }
  });

  it('serve hashed assets for a year, and 404 what does not exist', async () => {
    const asset = await server.inject({ method: 'HEAD', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await server.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    const favicon = await server.inject({ method: 'GET', url: '/favicon.svg' });
    expect([favicon.statusCode, favicon.headers['cache-control']]).toEqual([200, 'no-cache']);
    expect((await server.inject({ method: 'HEAD', url: '/nothing.txt' })).statusCode).toBe(404);
  });
});

// Issue 11, item 1: compressed on the wire, cached as the code says.
describe('compression and caching on the wire', () => {
  it('sends a built chunk as its Brotli or gzip copy, cached for a year, varying on Accept-Encoding', async () => {
    const br = await server.inject({
      method: 'GET',
      url: '/assets/big-def456.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(bigScript);
    const gz = await server.inject({
      method: 'GET',
      url: '/assets/big-def456.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(bigScript);
    const plain = await server.inject({ method: 'GET', url: '/assets/big-def456.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(bigScript);
    // The copies are not pages of their own.
    expect((await server.inject({ method: 'GET', url: '/index.html.br' })).statusCode).toBe(404);
  });

  it('compresses a tRPC answer above 1 KiB for a browser that asks, and leaves it uncached', async () => {
    const { cookie } = await sessionCookieFor(app, ['privacy_officer']);
    for (let i = 0; i < 12; i += 1) {
      await app.callerAs(['privacy_officer']).then(({ caller }) =>
        caller.requests.create({
          type: 'access',
          regime: 'gdpr',
          channel: 'email',
          requester: { name: `Wire Person${i}`, email: `wire${i}@example.com` },
        }),
      );
    }
    const url = `/trpc/requests.find?input=${encodeURIComponent(JSON.stringify({ page: 1, pageSize: 25 }))}`;
    const answer = await server.inject({
      method: 'GET',
      url,
      headers: { cookie, 'accept-encoding': 'br, gzip' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['cache-control']).toBe('no-store');
    const json = JSON.parse(brotliDecompressSync(answer.rawPayload).toString()) as {
      result: { data: { items: unknown[] } };
    };
    expect(json.result.data.items).toHaveLength(12);
    expect(answer.rawPayload.length).toBeLessThan(JSON.stringify(json).length / 3);
    // A small answer is sent as it is: compressing it would cost more than it saves.
    const me = await server.inject({
      method: 'GET',
      url: '/trpc/notifications.unreadCount',
      headers: { cookie, 'accept-encoding': 'br, gzip' },
    });
    expect(me.headers['content-encoding']).toBeUndefined();
  });
});
