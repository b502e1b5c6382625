import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPglite } from '../db/client.js';
import { testDatabaseSettings } from '../env.js';
import { openPlatformDatabase, type PlatformDatabase } from '../platform/platform-db.js';
import { adminUrl } from './test-db.js';

/**
 * A freshly migrated platform database of its own, never the app's: an in-memory PGlite, or a new database on
 * the TEST_DATABASE_URL server, dropped on close. Nothing the connector does may rely on sharing the app's
 * database, so the tests never share it. Close it in afterAll.
 */
export async function openTestPlatformDatabase(): Promise<PlatformDatabase> {
  const settings = testDatabaseSettings();
  if (settings.kind === 'pglite') {
    const database = await openPlatformDatabase({ kind: 'pglite', pglite: await createPglite() });
    await database.migrate();
    return database;
  }
  const serverUrl = settings.url;
  if (!serverUrl) throw new Error('PRIVDESK_TEST_DB=postgres needs TEST_DATABASE_URL');
  // Under the run's prefix, so that global setup's teardown drops it even when a test file crashed.
  const name = `privdesk_${inject('runId')}_platform_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const database = await openPlatformDatabase({ kind: 'postgres', url: adminUrl(serverUrl, name), max: 5 });
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function onServer(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
