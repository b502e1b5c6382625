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
