import { eq } from 'drizzle-orm';
import {
  mergeVerificationLevels,
  defaultSettings,
  DomainError,
  regimes,
  settingsKey,
  type AppSettings,
  type SettingsOutput,
  type settingsUpdateInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { settings, staff } from '../../db/schema.js';
import { hasDueJob, scheduleJob } from '../../jobs/job-queue.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { readStoredSettings, type StoredSettings } from './settings.store.js';

async function present(db: DbOrTx, stored: StoredSettings, now: Date): Promise<SettingsOutput> {
  const [who] = stored.updatedBy
    ? await db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.id, stored.updatedBy))
    : [];
  return {
    settings: stored.settings,
    version: stored.version,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
    updatedBy: who ?? null,
    defaults: defaultSettings,
    recomputePending: await hasDueJob(db, 'clocks.recompute', now),
  };
}

export async function getSettings(deps: ActorDeps): Promise<SettingsOutput> {
  return present(deps.db, await readStoredSettings(deps.db, deps.log), deps.now);
}

/** The fields whose change moves due dates: every open request is recomputed after one. */
function clockFieldsChanged(before: AppSettings, after: AppSettings): boolean {
  return (
    before.companySlaDays !== after.companySlaDays ||
    before.euPauseEnabled !== after.euPauseEnabled ||
    // A minor's erasure takes the minors' target as its effective date when that comes first.
    before.minorTargetHours !== after.minorTargetHours ||
    regimes.some(
      (r) =>
        before.handling[r].calendar !== after.handling[r].calendar ||
        before.handling[r].timeZone !== after.handling[r].timeZone,
    )
  );
}

/** Changed fields only, as `field` or `handling.<regime>`: what the audit event records before and after. */
function diff(
  before: AppSettings,
  after: AppSettings,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const regime of regimes) {
    const b = before.handling[regime];
    const a = after.handling[regime];
    if (b.calendar !== a.calendar || b.timeZone !== a.timeZone) {
      out.before[`handling.${regime}`] = { ...b };
      out.after[`handling.${regime}`] = { ...a };
    }
  }
  for (const key of [
    'companySlaDays',
    'euPauseEnabled',
    'minorTargetHours',
    'unverifiedCloseDays',
    'registryObjectionDays',
    'erasureGraceHours',
    'requestRetentionMonths',
  ] as const) {
    if (before[key] !== after[key]) {
      out.before[key] = before[key];
      out.after[key] = after[key];
    }
  }
  for (const regime of regimes) {
    const b = before.verificationLevels[regime];
    const a = after.verificationLevels[regime];
    for (const type of Object.keys(a) as (keyof typeof a)[]) {
      if (b[type] !== a[type]) {
        out.before[`verificationLevels.${regime}.${type}`] = b[type] ?? null;
        out.after[`verificationLevels.${regime}.${type}`] = a[type] ?? null;
      }
    }
  }
  return out;
}

/** The settings as they would be with this change (only the fields given). */
export function mergeSettings(
  current: AppSettings,
  input: Omit<z.output<typeof settingsUpdateInputSchema>, 'reason' | 'version'>,
): AppSettings {
  return {
    handling: { ...current.handling, ...input.handling },
    companySlaDays: input.companySlaDays ?? current.companySlaDays,
    euPauseEnabled: input.euPauseEnabled ?? current.euPauseEnabled,
    minorTargetHours: input.minorTargetHours ?? current.minorTargetHours,
    unverifiedCloseDays: input.unverifiedCloseDays ?? current.unverifiedCloseDays,
    registryObjectionDays: input.registryObjectionDays ?? current.registryObjectionDays,
    erasureGraceHours: input.erasureGraceHours ?? current.erasureGraceHours,
    requestRetentionMonths: input.requestRetentionMonths ?? current.requestRetentionMonths,
    verificationLevels: input.verificationLevels
      ? mergeVerificationLevels(current.verificationLevels, input.verificationLevels)
      : current.verificationLevels,
  };
}

export { clockFieldsChanged };

/**
 * Saves a settings change (only the fields given), audited with what changed before and after. When a
 * field that moves due dates changed, a `clocks.recompute` job is queued in the same transaction (keyed by
 * the new version, so it is queued once), and the settings page shows it pending until it has run.
 */
export async function updateSettings(
  deps: ActorDeps,
  input: z.output<typeof settingsUpdateInputSchema>,
): Promise<SettingsOutput> {
  const now = deps.now;
  return deps.db.transaction(async (tx) => {
    // The row must exist to be locked: two first-ever saves would otherwise both start from version 0.
    await tx
      .insert(settings)
      .values({ key: settingsKey, value: defaultSettings, version: 0, updatedAt: now })
      .onConflictDoNothing({ target: settings.key });
    const current = await readStoredSettings(tx, deps.log, { forUpdate: true });
    if (current.version !== input.version) {
      const [who] = current.updatedBy
        ? await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, current.updatedBy))
        : [];
      throw new DomainError(
        'CONFLICT',
        `The settings were changed by ${who?.name ?? 'someone else'} at ${current.updatedAt?.toISOString().slice(11, 16) ?? '?'} UTC — reload to see the change, then try again.`,
      );
    }
    const next = mergeSettings(current.settings, input);
    const changes = diff(current.settings, next);
    // Nothing changed: nothing is written, audited or recomputed.
    if (Object.keys(changes.after).length === 0) return present(tx, current, now);
    // A change that moves due dates says why: its consequences reach every open request.
    if (clockFieldsChanged(current.settings, next) && !input.reason) {
      throw new DomainError(
        'BAD_REQUEST',
        'Give a reason: this change moves the due dates of open requests.',
        {
          reason: ['Give a reason: this change moves the due dates of open requests.'],
        },
      );
    }
    const version = current.version + 1;
    await tx
      .insert(settings)
      .values({ key: settingsKey, value: next, version, updatedAt: now, updatedBy: deps.actor.staffId })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: next, version, updatedAt: now, updatedBy: deps.actor.staffId },
      });
    const recompute = clockFieldsChanged(current.settings, next);
    if (recompute) {
      await scheduleJob(tx, {
        kind: 'clocks.recompute',
        runAt: now,
        key: `clocks.recompute@settings-v${version}`,
        payload: { reason: 'settings changed', settingsVersion: version },
      });
    }
    await recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'settings.updated',
        entityType: 'settings',
        entityId: settingsKey,
        reason: input.reason ?? null,
        before: { ...changes.before, version: current.version },
        after: { ...changes.after, version, recomputeScheduled: recompute },
      },
      now,
    );
    deps.log.info({ version, recompute }, 'settings updated');
    return present(tx, { settings: next, version, updatedAt: now, updatedBy: deps.actor.staffId }, now);
  });
}
