import { describe, expect, it } from 'vitest';
import { defaultRegimeHandling } from '../requests/requests.constants.js';
import { defaultSettings, isValidTimeZone } from './settings.constants.js';
import { settingsFromStored, settingsSchema, settingsUpdateInputSchema } from './settings.schemas.js';

describe('settings', () => {
  it('defaults to today’s handling entities, 30 days and EU pauses off', () => {
    expect(defaultSettings.handling).toEqual(defaultRegimeHandling);
    expect(settingsSchema.parse(defaultSettings)).toEqual(defaultSettings);
  });

  it('accepts only calendars the engine knows and IANA time zones', () => {
    const update = (handling: unknown) => settingsUpdateInputSchema.safeParse({ version: 0, handling });
    expect(update({ gdpr: { calendar: 'de', timeZone: 'Europe/Berlin' } }).data?.handling).toEqual({
      gdpr: { calendar: 'DE', timeZone: 'Europe/Berlin' },
    });
    const unknownCalendar = update({ gdpr: { calendar: 'XX-YY', timeZone: 'Europe/Berlin' } });
    expect(unknownCalendar.error?.issues[0]).toMatchObject({
      path: ['handling', 'gdpr', 'calendar'],
      message: expect.stringMatching(/Unknown holiday calendar/),
    });
    const badZone = update({ uk_gdpr: { calendar: 'GB-ENG', timeZone: 'Europe/Londres' } });
    expect(badZone.error?.issues[0]).toMatchObject({ path: ['handling', 'uk_gdpr', 'timeZone'] });
    expect(update({ mars: { calendar: 'DE', timeZone: 'UTC' } }).success).toBe(false);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('+01:00')).toBe(false);
    expect(isValidTimeZone('Nowhere/Special')).toBe(false);
  });

  it('bounds the company SLA to 1–90 days', () => {
    expect(settingsUpdateInputSchema.safeParse({ version: 0, companySlaDays: 20 }).success).toBe(true);
    for (const days of [0, 91, 2.5]) {
      expect(settingsUpdateInputSchema.safeParse({ version: 0, companySlaDays: days }).success).toBe(false);
    }
  });

  it('keeps requesters’ data 36 months by default, never fewer than the 24 of CCPA §7101, at most 120', () => {
    expect(defaultSettings.requestRetentionMonths).toBe(36);
    const update = (months: unknown) =>
      settingsUpdateInputSchema.safeParse({ version: 0, requestRetentionMonths: months });
    expect(update(24).data?.requestRetentionMonths).toBe(24);
    expect(update(120).data?.requestRetentionMonths).toBe(120);
    expect(update(23).error?.issues).toEqual([
      expect.objectContaining({
        path: ['requestRetentionMonths'],
        message:
          'Keep requesters’ data at least 24 months: CCPA §7101 requires the record of each request to be kept for 24 months.',
      }),
    ]);
    expect(update(121).error?.issues[0]?.message).toBe('The retention period (months) must be at most 120.');
    expect(update(30.5).error?.issues[0]?.message).toBe(
      'The retention period (months) must be a whole number.',
    );
    // A stored value from before the setting existed reads as the default; one below the minimum falls back too.
    expect(settingsFromStored({ companySlaDays: 30 }).settings.requestRetentionMonths).toBe(36);
    expect(settingsFromStored({ requestRetentionMonths: 12 })).toMatchObject({
      settings: { requestRetentionMonths: 36 },
      invalid: ['requestRetentionMonths'],
    });
  });

  it('reads a stored value field by field, falling back to defaults for missing or invalid fields', () => {
    const stored = {
      handling: {
        gdpr: { calendar: 'DE', timeZone: 'Europe/Berlin' },
        ccpa: { calendar: 'XX', timeZone: 'UTC' },
      },
      companySlaDays: 20,
      euPauseEnabled: 'yes',
    };
    const { settings, invalid } = settingsFromStored(stored);
    expect(settings.handling.gdpr).toEqual({ calendar: 'DE', timeZone: 'Europe/Berlin' });
    expect(settings.handling.ccpa).toEqual(defaultRegimeHandling.ccpa);
    expect(settings.handling.uk_gdpr).toEqual(defaultRegimeHandling.uk_gdpr);
    expect(settings).toMatchObject({ companySlaDays: 20, euPauseEnabled: false, minorTargetHours: 72 });
    expect(invalid).toEqual(['handling.ccpa', 'euPauseEnabled']);
    expect(settingsFromStored(null)).toEqual({ settings: defaultSettings, invalid: [] });
  });
});
