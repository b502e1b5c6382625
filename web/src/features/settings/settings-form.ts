import type { FormErrors } from '@mantine/form';
import {
  isValidTimeZone,
  regimes,
  requestTypes,
  settingsBounds,
  type Regime,
  type RequestType,
  type VerificationLevel,
} from '@privdesk/shared/constants';
import type { RouterInputs, RouterOutputs } from '../../lib/trpc';
import { calendarCodePattern, regimeLabel } from './settings-labels';

export type SettingsView = RouterOutputs['settings']['get'];
export type AppSettings = SettingsView['settings'];
export type SettingsUpdate = RouterInputs['settings']['update'];

export type NumberField = keyof typeof settingsBounds;
export const numberFields = Object.keys(settingsBounds) as NumberField[];

export type CalendarField = `calendar:${Regime}`;
export type TimeZoneField = `timeZone:${Regime}`;
export const calendarField = (regime: Regime): CalendarField => `calendar:${regime}`;
export const timeZoneField = (regime: Regime): TimeZoneField => `timeZone:${regime}`;
export type LevelField = `level:${Regime}:${RequestType}`;
export const levelField = (regime: Regime, type: RequestType): LevelField => `level:${regime}:${type}`;

/** The request types each regime's level table has, in the order the defaults list them. */
export function levelTypesOf(settings: AppSettings, regime: Regime): RequestType[] {
  return Object.keys(settings.verificationLevels[regime] ?? {}) as RequestType[];
}

/**
 * The form is flat: one field per regime's calendar and time zone, so each server error (keyed
 * `handling.<regime>.<field>`) has exactly one field to land on.
 */
export type SettingsFormValues = Record<CalendarField | TimeZoneField, string> &
  Partial<Record<LevelField, VerificationLevel>> & {
    /** NumberInput gives a string while the box is empty or half typed. */
    companySlaDays: number | string;
    euPauseEnabled: boolean;
    minorTargetHours: number | string;
    unverifiedCloseDays: number | string;
    registryObjectionDays: number | string;
    erasureGraceHours: number | string;
    requestRetentionMonths: number | string;
    reason: string;
  };

export function formValuesOf(settings: AppSettings): SettingsFormValues {
  const handling = {} as Record<CalendarField | TimeZoneField, string>;
  for (const regime of regimes) {
    handling[calendarField(regime)] = settings.handling[regime].calendar;
    handling[timeZoneField(regime)] = settings.handling[regime].timeZone;
  }
  const levels: Partial<Record<LevelField, VerificationLevel>> = {};
  for (const regime of regimes) {
    for (const type of levelTypesOf(settings, regime)) {
      const level = settings.verificationLevels[regime]?.[type];
      if (level) levels[levelField(regime, type)] = level;
    }
  }
  return {
    ...handling,
    ...levels,
    companySlaDays: settings.companySlaDays,
    euPauseEnabled: settings.euPauseEnabled,
    minorTargetHours: settings.minorTargetHours,
    unverifiedCloseDays: settings.unverifiedCloseDays,
    registryObjectionDays: settings.registryObjectionDays,
    erasureGraceHours: settings.erasureGraceHours,
    requestRetentionMonths: settings.requestRetentionMonths,
    reason: '',
  };
}

/** Server error keys → form fields. */
export const serverFieldAliases: Record<string, string> = Object.fromEntries(
  regimes.flatMap((regime): [string, string][] => [
    [`handling.${regime}.calendar`, calendarField(regime)],
    [`handling.${regime}.timeZone`, timeZoneField(regime)],
    // A whole regime refused (not an object, say): shown on its first field.
    [`handling.${regime}`, calendarField(regime)],
    // A refused level lands on its select.
    ...requestTypes.map((type): [string, string] => [
      `verificationLevels.${regime}.${type}`,
      levelField(regime, type),
    ]),
  ]),
);

export const numberFieldCopy: Record<NumberField, { label: string; unit: string }> = {
  companySlaDays: { label: 'Company SLA', unit: 'days' },
  minorTargetHours: { label: 'Minors’ erasure target', unit: 'hours' },
  unverifiedCloseDays: { label: 'Close unverified requests after', unit: 'days' },
  registryObjectionDays: { label: 'Objection window (days)', unit: 'days' },
  erasureGraceHours: { label: 'Erasure grace period', unit: 'hours' },
  requestRetentionMonths: { label: 'Keep requesters’ personal data after closing', unit: 'months' },
};

/** The retention's own floor says why it is there: the request log CCPA §7101 has kept 24 months. */
export const retentionMinimumMessage = `Keep requesters’ data at least ${settingsBounds.requestRetentionMonths.min} months: CCPA §7101 requires the record of each request to be kept for ${settingsBounds.requestRetentionMonths.min} months.`;

function numberError(field: NumberField, value: number | string): string | null {
  const { min, max } = settingsBounds[field];
  const n = typeof value === 'string' && value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return null;
  if (field === 'requestRetentionMonths' && Number.isInteger(n) && n < min) return retentionMinimumMessage;
  return `Enter a whole number of ${numberFieldCopy[field].unit} from ${min} to ${max}.`;
}

/** The checks the server makes that the browser can make too; a calendar's existence only the server knows. */
export function validateSettingsForm(values: SettingsFormValues): FormErrors {
  const errors: FormErrors = {};
  for (const regime of regimes) {
    const calendar = values[calendarField(regime)].trim().toUpperCase();
    if (calendar === '') errors[calendarField(regime)] = 'Choose a holiday calendar.';
    else if (!calendarCodePattern.test(calendar)) {
      errors[calendarField(regime)] = 'Use a country or country-region code, such as IE, GB-ENG or US-CA.';
    }
    const zone = values[timeZoneField(regime)].trim();
    if (zone === '') errors[timeZoneField(regime)] = 'Choose a time zone.';
    else if (!isValidTimeZone(zone)) {
      errors[timeZoneField(regime)] = 'Unknown time zone: use an IANA name such as Europe/Dublin.';
    }
  }
  for (const field of numberFields) {
    const message = numberError(field, values[field]);
    if (message) errors[field] = message;
  }
  if (values.reason.trim().length > 500) errors.reason = 'A reason has at most 500 characters.';
  return errors;
}

export type SettingsChange = Regime | NumberField | 'euPauseEnabled' | `levels:${Regime}`;

/** The level fields of one regime that differ from the saved settings. */
function changedLevels(values: SettingsFormValues, saved: AppSettings, regime: Regime) {
  const out: Partial<Record<RequestType, VerificationLevel>> = {};
  for (const type of levelTypesOf(saved, regime)) {
    const value = values[levelField(regime, type)];
    if (value !== undefined && value !== saved.verificationLevels[regime]?.[type]) out[type] = value;
  }
  return out;
}

/** What differs from the saved settings, in page order. */
export function changesOf(values: SettingsFormValues, saved: AppSettings): SettingsChange[] {
  const changes: SettingsChange[] = [];
  for (const regime of regimes) {
    const was = saved.handling[regime];
    if (
      values[calendarField(regime)].trim().toUpperCase() !== was.calendar ||
      values[timeZoneField(regime)].trim() !== was.timeZone
    ) {
      changes.push(regime);
    }
  }
  if (Number(values.companySlaDays) !== saved.companySlaDays) changes.push('companySlaDays');
  if (values.euPauseEnabled !== saved.euPauseEnabled) changes.push('euPauseEnabled');
  if (Number(values.minorTargetHours) !== saved.minorTargetHours) changes.push('minorTargetHours');
  if (Number(values.unverifiedCloseDays) !== saved.unverifiedCloseDays) changes.push('unverifiedCloseDays');
  if (Number(values.registryObjectionDays) !== saved.registryObjectionDays)
    changes.push('registryObjectionDays');
  if (Number(values.erasureGraceHours) !== saved.erasureGraceHours) changes.push('erasureGraceHours');
  if (Number(values.requestRetentionMonths) !== saved.requestRetentionMonths)
    changes.push('requestRetentionMonths');
  for (const regime of regimes) {
    if (Object.keys(changedLevels(values, saved, regime)).length > 0) changes.push(`levels:${regime}`);
  }
  return changes;
}

export function changeLabel(change: SettingsChange): string {
  switch (change) {
    case 'companySlaDays':
    case 'minorTargetHours':
    case 'unverifiedCloseDays':
    case 'registryObjectionDays':
    case 'erasureGraceHours':
    case 'requestRetentionMonths':
      return numberFieldCopy[change].label;
    case 'euPauseEnabled':
      return 'EU GDPR pauses';
    default:
      return change.startsWith('levels:')
        ? `Verification levels (${regimeLabel(change.slice('levels:'.length) as Regime)})`
        : regimeLabel(change as Regime);
  }
}

/** Whether a change moves due dates: the server then recalculates every open request. */
export function movesDueDates(change: SettingsChange): boolean {
  return (
    change !== 'minorTargetHours' &&
    change !== 'unverifiedCloseDays' &&
    change !== 'registryObjectionDays' &&
    change !== 'erasureGraceHours' &&
    change !== 'requestRetentionMonths' &&
    !change.startsWith('levels:')
  );
}

/**
 * The update to send: the version the form started from and only what changed (just the regimes that
 * changed), with the reason when one was given.
 */
export function updateInputOf(values: SettingsFormValues, base: SettingsView): SettingsUpdate {
  const changes = changesOf(values, base.settings);
  const input: SettingsUpdate = { version: base.version };
  const handling: NonNullable<SettingsUpdate['handling']> = {};
  for (const change of changes) {
    switch (change) {
      case 'companySlaDays':
      case 'minorTargetHours':
      case 'unverifiedCloseDays':
      case 'registryObjectionDays':
      case 'erasureGraceHours':
      case 'requestRetentionMonths':
        input[change] = Number(values[change]);
        break;
      case 'euPauseEnabled':
        input.euPauseEnabled = values.euPauseEnabled;
        break;
      default:
        if (change.startsWith('levels:')) {
          const regime = change.slice('levels:'.length) as Regime;
          input.verificationLevels = {
            ...input.verificationLevels,
            [regime]: changedLevels(values, base.settings, regime),
          };
          break;
        }
        handling[change as Regime] = {
          calendar: values[calendarField(change as Regime)].trim().toUpperCase(),
          timeZone: values[timeZoneField(change as Regime)].trim(),
        };
    }
  }
  if (Object.keys(handling).length > 0) input.handling = handling;
  const reason = values.reason.trim();
  if (reason) input.reason = reason;
  return input;
}

export const reasonNeededMessage = 'Give a reason: this change moves the due dates of open requests.';

/** The form's checks, plus the one that needs the saved settings: a change that moves due dates says why. */
export function validateSettingsChange(values: SettingsFormValues, saved: AppSettings): FormErrors {
  const errors = validateSettingsForm(values);
  if (changesOf(values, saved).some(movesDueDates) && values.reason.trim() === '') {
    errors.reason = reasonNeededMessage;
  }
  return errors;
}

/** What the impact preview is asked: the change as it would be saved, without the reason. */
export function previewInputOf(values: SettingsFormValues, base: SettingsView) {
  const { reason: _reason, ...input } = updateInputOf(values, base);
  return input;
}
