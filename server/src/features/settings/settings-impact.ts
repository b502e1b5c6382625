import { and, asc, gt, inArray } from 'drizzle-orm';
import {
  addDaysIso,
  ClockError,
  dueSoonDays,
  openRequestStatuses,
  type AppSettings,
  type SettingsImpact,
  type settingsPreviewInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import { requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { activeLedgersOf, deriveStored, storedColumnsOf, todayFor } from '../requests/clock-ledger.js';
import { readSettings } from './settings.store.js';
import { clockFieldsChanged, mergeSettings } from './settings.service.js';

const batchSize = 1000;

type Standing = 'overdue' | 'due_soon' | 'later';

function standingOf(effectiveDueOn: string, today: string): Standing {
  if (effectiveDueOn < today) return 'overdue';
  return effectiveDueOn <= addDaysIso(today, dueSoonDays) ? 'due_soon' : 'later';
}

/**
 * What a settings change would do before it is saved: every open request's dates derived again with the
 * new settings, exactly as the recompute after a save will (same ledger, same derivation), and compared
 * with what it shows now. Reads only. Requests the derivation refuses keep their dates, as in the recompute.
 */
export async function previewSettingsImpact(
  deps: ActorDeps,
  input: z.output<typeof settingsPreviewInputSchema>,
): Promise<SettingsImpact> {
  const current: AppSettings = await readSettings(deps.db, deps.log);
  const next = mergeSettings(current, input);
  const impact: SettingsImpact = {
    movesDueDates: clockFieldsChanged(current, next),
    open: 0,
    changed: 0,
    becomeOverdue: 0,
    becomeDueSoon: 0,
  };
  let lastId: string | null = null;
  for (;;) {
    const rows = await deps.db
      .select({
        id: requests.id,
        regime: requests.regime,
        type: requests.type,
        receivedAt: requests.receivedAt,
        minor: requests.minor,
        effectiveDueOn: requests.effectiveDueOn,
      })
      .from(requests)
      .where(
        and(
          inArray(requests.status, [...openRequestStatuses]),
          lastId === null ? undefined : gt(requests.id, lastId),
        ),
      )
      .orderBy(asc(requests.id))
      .limit(batchSize);
    impact.open += rows.length;
    if (impact.movesDueDates) {
      const ledgers = await activeLedgersOf(
        deps.db,
        rows.map((r) => r.id),
      );
      for (const row of rows) {
        const events = ledgers.get(row.id) ?? [];
        const today = todayFor(row.regime, next, deps.now);
        let effectiveDueOn: string;
        try {
          effectiveDueOn = storedColumnsOf(
            row,
            events,
            deriveStored(row, events, next),
            next,
            today,
          ).effectiveDueOn;
        } catch (error) {
          if (error instanceof ClockError) continue;
          throw error;
        }
        if (effectiveDueOn === row.effectiveDueOn) continue;
        impact.changed += 1;
        const was = standingOf(row.effectiveDueOn, todayFor(row.regime, current, deps.now));
        const will = standingOf(effectiveDueOn, today);
        if (will === 'overdue' && was !== 'overdue') impact.becomeOverdue += 1;
        if (will === 'due_soon' && was === 'later') impact.becomeDueSoon += 1;
      }
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return impact;
    lastId = last.id;
  }
}
