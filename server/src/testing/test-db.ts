import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createPglite, openDatabase, type Database } from '../db/client.js';
import { testDatabaseSettings } from '../env.js';

export function templateDbName(runId: string): string {
  return `privdesk_${runId}_template`;
}

export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A freshly migrated database of its own for one test file. Close it in afterAll. */
export async function openTestDatabase(templateFile: string, runId: string): Promise<Database> {
  const settings = testDatabaseSettings();
  if (settings.kind === 'pglite') {
    const client = await createPglite({ loadDataDir: new Blob([readFileSync(templateFile)]) });
    return openDatabase({ kind: 'pglite', pglite: client });
  }
  if (!settings.url) throw new Error('PRIVDESK_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `privdesk_${runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: settings.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${templateDbName(runId)}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ kind: 'postgres', url: adminUrl(settings.url, name), max: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: settings.url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
