import { z } from 'zod';
import { isKnownCalendar } from '../clocks/calendars.js';
import { clockRuleFor, regimes, requestTypeLabels, requestTypes, type Regime } from '../clocks/regimes.js';
import { regimeSchema } from '../clocks/clock.schemas.js';
import type { RegimeHandling } from '../requests/requests.constants.js';
import { defaultSettings, isValidTimeZone, settingsBounds, type AppSettings } from './settings.constants.js';
import {
  isVerificationForbidden,
  verificationLevels,
  type VerificationLevel,
  type VerificationLevelTable,
} from '../verification/verification.constants.js';

export const calendarCodeSchema = z.string().trim().toUpperCase().refine(isKnownCalendar, {
  message:
    'Unknown holiday calendar: use a country or country-state code that date-holidays knows, such as IE, DE, GB-ENG, US-CA or CA-QC.',
});

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: 'Unknown time zone: use an IANA name such as Europe/Dublin.' });

export const regimeHandlingSchema = z.object({ calendar: calendarCodeSchema, timeZone: timeZoneSchema });

const bounded = (bounds: { min: number; max: number }, what: string) =>
  z
    .int({ message: `${what} must be a whole number.` })
    .min(bounds.min, `${what} must be at least ${bounds.min}.`)
    .max(bounds.max, `${what} must be at most ${bounds.max}.`);

const companySlaDaysSchema = bounded(settingsBounds.companySlaDays, 'The company SLA (days)');
const minorTargetHoursSchema = bounded(settingsBounds.minorTargetHours, 'The minors’ target (hours)');
const unverifiedCloseDaysSchema = bounded(settingsBounds.unverifiedCloseDays, 'The unverified close (days)');
const registryObjectionDaysSchema = bounded(
  settingsBounds.registryObjectionDays,
  'The objection window (days)',
);

const erasureGraceHoursSchema = bounded(settingsBounds.erasureGraceHours, 'The erasure grace period (hours)');

const retentionBounds = settingsBounds.requestRetentionMonths;
const requestRetentionMonthsSchema = z
  .int({ message: 'The retention period (months) must be a whole number.' })
  .min(
    retentionBounds.min,
    `Keep requesters’ data at least ${retentionBounds.min} months: CCPA §7101 requires the record of each request to be kept for ${retentionBounds.min} months.`,
  )
  .max(retentionBounds.max, `The retention period (months) must be at most ${retentionBounds.max}.`);

const verificationLevelSchema = z.enum(verificationLevels, { message: 'Choose none, standard or high.' });

/**
 * Levels for some regimes' types (a partial update; the stored value fills in the rest). A type that is not
 * a right under its regime is refused, and so is any level but none where the law forbids verification.
 */
export const verificationLevelsInputSchema = z
  .partialRecord(regimeSchema, z.partialRecord(z.enum(requestTypes), verificationLevelSchema))
  .superRefine((table, ctx) => {
    for (const [regime, row] of Object.entries(table) as [Regime, Record<string, VerificationLevel>][]) {
      for (const [type, level] of Object.entries(row ?? {}) as [
        (typeof requestTypes)[number],
        VerificationLevel,
      ][]) {
        if (!clockRuleFor(regime, type)) {
          ctx.addIssue({
            code: 'custom',
            path: [regime, type],
            message: `A ${requestTypeLabels[type]} request is not a right under this regime.`,
          });
        } else if (isVerificationForbidden(regime, type) && level !== 'none') {
          ctx.addIssue({
            code: 'custom',
            path: [regime, type],
            message:
              'The CCPA forbids verifying an opt-out of sale or sharing or a limit on sensitive information: the level stays none.',
          });
        }
      }
    }
  });

/** A stored table read back: every regime and type the defaults have, each valid or its default. */
function verificationLevelsFromStored(value: unknown, invalid: string[]): VerificationLevelTable {
  const stored = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const table = {} as VerificationLevelTable;
  for (const regime of regimes) {
    const defaults = defaultSettings.verificationLevels[regime];
    const row =
      typeof stored[regime] === 'object' && stored[regime] !== null
        ? (stored[regime] as Record<string, unknown>)
        : {};
    const out: Partial<Record<(typeof requestTypes)[number], VerificationLevel>> = {};
    for (const type of requestTypes) {
      const fallback = defaults[type];
      if (fallback === undefined) continue;
      const parsed = verificationLevelSchema.safeParse(row[type]);
      if (
        type in row &&
        (!parsed.success || (isVerificationForbidden(regime, type) && parsed.data !== 'none'))
      ) {
        invalid.push(`verificationLevels.${regime}.${type}`);
      }
      out[type] =
        parsed.success && !(isVerificationForbidden(regime, type) && parsed.data !== 'none')
          ? parsed.data
          : fallback;
    }
    table[regime] = out;
  }
  return table;
}

/** Merges a partial update of the levels into the table in force. */
export function mergeVerificationLevels(
  current: VerificationLevelTable,
  change: z.output<typeof verificationLevelsInputSchema>,
): VerificationLevelTable {
  const next = {} as VerificationLevelTable;
  for (const regime of regimes) next[regime] = { ...current[regime], ...(change[regime] ?? {}) };
  return next;
}

/** The whole settings value: every regime's handling entity, the company SLA and the switches. */
export const settingsSchema = z.object({
  handling: z.record(regimeSchema, regimeHandlingSchema),
  companySlaDays: companySlaDaysSchema,
  euPauseEnabled: z.boolean(),
  minorTargetHours: minorTargetHoursSchema.default(defaultSettings.minorTargetHours),
  unverifiedCloseDays: unverifiedCloseDaysSchema.default(defaultSettings.unverifiedCloseDays),
  registryObjectionDays: registryObjectionDaysSchema.default(defaultSettings.registryObjectionDays),
  erasureGraceHours: erasureGraceHoursSchema.default(defaultSettings.erasureGraceHours),
  requestRetentionMonths: requestRetentionMonthsSchema.default(defaultSettings.requestRetentionMonths),
  verificationLevels: z.record(regimeSchema, z.partialRecord(z.enum(requestTypes), verificationLevelSchema)),
}) satisfies z.ZodType<AppSettings, unknown>;
export type Settings = z.output<typeof settingsSchema>;

/**
 * Reads a stored settings value field by field: a field that is missing (added after it was stored) or no
 * longer valid (a calendar date-holidays dropped) takes its default, so one bad field never discards the
 * rest. `invalid` names the fields that fell back, for a warning in the log.
 */
export function settingsFromStored(value: unknown): { settings: AppSettings; invalid: string[] } {
  const stored: Record<string, unknown> =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const invalid: string[] = [];
  const field = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    if (!(name in stored)) return fallback;
    const parsed = schema.safeParse(stored[name]);
    if (parsed.success) return parsed.data;
    invalid.push(name);
    return fallback;
  };
  const storedHandling =
    typeof stored.handling === 'object' && stored.handling !== null
      ? (stored.handling as Record<string, unknown>)
      : {};
  const handling = {} as Record<Regime, RegimeHandling>;
  for (const regime of regimes) {
    const fallback = defaultSettings.handling[regime];
    if (!(regime in storedHandling)) {
      handling[regime] = fallback;
      continue;
    }
    const parsed = regimeHandlingSchema.safeParse(storedHandling[regime]);
    if (parsed.success) handling[regime] = parsed.data;
    else {
      invalid.push(`handling.${regime}`);
      handling[regime] = fallback;
    }
  }
  return {
    settings: {
      handling,
      companySlaDays: field('companySlaDays', companySlaDaysSchema, defaultSettings.companySlaDays),
      euPauseEnabled: field('euPauseEnabled', z.boolean(), defaultSettings.euPauseEnabled),
      minorTargetHours: field('minorTargetHours', minorTargetHoursSchema, defaultSettings.minorTargetHours),
      unverifiedCloseDays: field(
        'unverifiedCloseDays',
        unverifiedCloseDaysSchema,
        defaultSettings.unverifiedCloseDays,
      ),
      registryObjectionDays: field(
        'registryObjectionDays',
        registryObjectionDaysSchema,
        defaultSettings.registryObjectionDays,
      ),
      erasureGraceHours: field(
        'erasureGraceHours',
        erasureGraceHoursSchema,
        defaultSettings.erasureGraceHours,
      ),
      requestRetentionMonths: field(
        'requestRetentionMonths',
        requestRetentionMonthsSchema,
        defaultSettings.requestRetentionMonths,
      ),
      verificationLevels: verificationLevelsFromStored(stored.verificationLevels, invalid),
    },
    invalid,
  };
}

const staffRefSchema = z.object({ id: z.uuid(), name: z.string() });

export const settingsOutputSchema = z.object({
  settings: settingsSchema,
  /** Optimistic concurrency, as on requests: send it back with an update. */
  version: z.number().int().min(0),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: staffRefSchema.nullable(),
  defaults: settingsSchema,
  /** Whether a recompute of every open request's dates is queued or running (after a change). */
  recomputePending: z.boolean(),
});
export type SettingsOutput = z.infer<typeof settingsOutputSchema>;

/** A partial update: only the fields given change; `handling` may name only the regimes that change. */
export const settingsUpdateInputSchema = z.object({
  version: z.number({ message: 'Give the version you saw.' }).int().min(0),
  handling: z.partialRecord(regimeSchema, regimeHandlingSchema).optional(),
  companySlaDays: companySlaDaysSchema.optional(),
  euPauseEnabled: z.boolean().optional(),
  minorTargetHours: minorTargetHoursSchema.optional(),
  unverifiedCloseDays: unverifiedCloseDaysSchema.optional(),
  registryObjectionDays: registryObjectionDaysSchema.optional(),
  erasureGraceHours: erasureGraceHoursSchema.optional(),
  requestRetentionMonths: requestRetentionMonthsSchema.optional(),
  /** Only the regimes and types that change. */
  verificationLevels: verificationLevelsInputSchema.optional(),
  /** Why, for the audit log (optional: a settings change is its own record). */
  reason: z.string().trim().max(500, 'A reason has at most 500 characters.').optional(),
});
export type SettingsUpdateInput = z.input<typeof settingsUpdateInputSchema>;

/** The change as it would be saved, to see what it does first (no reason: nothing is recorded). */
export const settingsPreviewInputSchema = settingsUpdateInputSchema.omit({ reason: true });
export type SettingsPreviewInput = z.input<typeof settingsPreviewInputSchema>;

/** What saving would do to open requests' due dates, counted now (the recompute after a save does it). */
export const settingsImpactOutputSchema = z.object({
  /** False when the change moves no due date (then every count is 0). */
  movesDueDates: z.boolean(),
  open: z.number().int().min(0),
  /** Open requests whose effective due date would change. */
  changed: z.number().int().min(0),
  /** Of those, the ones that would be overdue and are not now. */
  becomeOverdue: z.number().int().min(0),
  /** … and the ones that would be due in `dueSoonDays` days or fewer and are not now. */
  becomeDueSoon: z.number().int().min(0),
});
export type SettingsImpact = z.infer<typeof settingsImpactOutputSchema>;
