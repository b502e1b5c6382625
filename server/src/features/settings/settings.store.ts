import { eq } from 'drizzle-orm';
import { settingsFromStored, settingsKey, type AppSettings } from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';

export interface StoredSettings {
  settings: AppSettings;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/**
 * The settings as stored now: one primary-key read. Callers read once per call (per procedure, per job
 * batch) and pass the value down; nothing caches it across calls, so an update made by another instance
 * is seen by the next call without invalidation.
 */
export async function readStoredSettings(
  db: DbOrTx,
  log?: Logger,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredSettings> {
  const query = db.select().from(settings).where(eq(settings.key, settingsKey));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  const { settings: value, invalid } = settingsFromStored(row?.value);
  // Field names only: settings hold no personal data, but the log line needs nothing more.
  if (invalid.length > 0) log?.warn({ invalid }, 'stored settings fields fell back to their defaults');
  return {
    settings: value,
    version: row?.version ?? 0,
    // Version 0 is the defaults' placeholder row (see updateSettings): nobody has changed anything yet.
    updatedAt: row && row.version > 0 ? row.updatedAt : null,
    updatedBy: row?.updatedBy ?? null,
  };
}

export async function readSettings(db: DbOrTx, log?: Logger): Promise<AppSettings> {
  return (await readStoredSettings(db, log)).settings;
}
