import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

// The built SPA: client routes load index.html, for GET and (issue 10, item 7) HEAD alike.
let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
let dist: string;
beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'privdesk-dist-'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Privacy Desk</title>');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
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
