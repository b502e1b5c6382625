import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPglite, openDatabase } from '../db/client.js';
import { testDatabaseSettings } from '../env.js';
import { adminUrl, templateDbName } from './test-db.js';

/**
 * Migrates one template per test run: a PGlite data-dir dump (loading it costs ~0.5 s against ~2 s for a
 * fresh instance), or a PostgreSQL template database that each test file copies.
 */
export default async function setup(project: TestProject) {
  const provide = (key: 'templateFile' | 'runId', value: string) => project.provide(key, value);
  // The Vitest project's `test.env` reaches the test workers only; global setup reads it from the config.
  // Run on its own (`--config server/vitest.config.ts`) the project has no `env`: the shell's variable decides.
  const configured = (project.config.env as Record<string, string | undefined> | undefined)?.PRIVDESK_TEST_DB;
  const settings = testDatabaseSettings(
    configured === 'postgres' ? 'postgres' : configured === 'pglite' ? 'pglite' : undefined,
  );
  const runId = randomBytes(4).toString('hex');
  provide('runId', runId);
  if (settings.kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'privdesk-test-'));
    const file = path.join(dir, 'template.tar');
    const client = await createPglite();
    const database = await openDatabase({ kind: 'pglite', pglite: client });
    await database.migrate();
    writeFileSync(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
    await client.close();
    provide('templateFile', file);
    return () => rmSync(dir, { recursive: true, force: true });
  }

  if (!settings.url) throw new Error('PRIVDESK_TEST_DB=postgres needs TEST_DATABASE_URL');
  const admin = new pg.Client({ connectionString: settings.url });
  await admin.connect();
  const template = templateDbName(runId);
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const database = await openDatabase({ kind: 'postgres', url: adminUrl(settings.url, template), max: 1 });
  await database.migrate();
  await database.close();
  provide('templateFile', '');
  return async () => {
    // Each test file drops its own copy; this drops the template and anything a crashed file left.
    const left = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'privdesk_${runId}_%'`,
    );
    for (const row of left.rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateFile: string;
    runId: string;
  }
}
