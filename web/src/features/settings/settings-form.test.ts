import { describe, expect, it } from 'vitest';
import { defaultSettings } from '@privdesk/shared/constants';
import {
  changesOf,
  formValuesOf,
  serverFieldAliases,
  updateInputOf,
  validateSettingsChange,
  validateSettingsForm,
  type SettingsView,
} from './settings-form';
import { calendarCodeOf, calendarLabel } from './settings-labels';

const view: SettingsView = {
  settings: defaultSettings,
  version: 7,
  updatedAt: null,
  updatedBy: null,
  defaults: defaultSettings,
  recomputePending: false,
};

describe('settings form', () => {
  it('sees no change when a value is typed back to what was saved', () => {
    const values = { ...formValuesOf(defaultSettings), companySlaDays: '30', 'calendar:gdpr': ' ie ' };
    expect(changesOf(values, defaultSettings)).toEqual([]);
  });

  it('sends the version it started from and only the regimes and fields that changed', () => {
    const values = {
      ...formValuesOf(defaultSettings),
      'calendar:lgpd': 'br-sp',
      euPauseEnabled: true,
      unverifiedCloseDays: '28',
      reason: '   ',
    };
    expect(changesOf(values, defaultSettings)).toEqual(['lgpd', 'euPauseEnabled', 'unverifiedCloseDays']);
    expect(updateInputOf(values, view)).toEqual({
      version: 7,
      handling: { lgpd: { calendar: 'BR-SP', timeZone: 'America/Sao_Paulo' } },
      euPauseEnabled: true,
      unverifiedCloseDays: 28,
    });
  });

  it('names the field of each problem it can see before sending', () => {
    const values = {
      ...formValuesOf(defaultSettings),
      'calendar:ccpa': 'California',
      'timeZone:ccpa': 'America/Hollywood',
      companySlaDays: '',
      minorTargetHours: 2.5,
      unverifiedCloseDays: 0,
      reason: 'x'.repeat(501),
    };
    expect(validateSettingsForm(values)).toEqual({
      'calendar:ccpa': 'Use a country or country-region code, such as IE, GB-ENG or US-CA.',
      'timeZone:ccpa': 'Unknown time zone: use an IANA name such as Europe/Dublin.',
      companySlaDays: 'Enter a whole number of days from 1 to 90.',
      minorTargetHours: 'Enter a whole number of hours from 1 to 720.',
      unverifiedCloseDays: 'Enter a whole number of days from 1 to 365.',
      reason: 'A reason has at most 500 characters.',
    });
    expect(validateSettingsForm(formValuesOf(defaultSettings))).toEqual({});
  });

  it('keeps requesters’ data at least the 24 months of CCPA §7101, saying why, and sends a change without a reason', () => {
    const at = (months: number | string) => ({
      ...formValuesOf(defaultSettings),
      requestRetentionMonths: months,
    });
    expect(validateSettingsForm(at(23))).toEqual({
      requestRetentionMonths:
        'Keep requesters’ data at least 24 months: CCPA §7101 requires the record of each request to be kept for 24 months.',
    });
    expect(validateSettingsForm(at(121))).toEqual({
      requestRetentionMonths: 'Enter a whole number of months from 24 to 120.',
    });
    expect(validateSettingsForm(at(''))).toEqual({
      requestRetentionMonths: 'Enter a whole number of months from 24 to 120.',
    });
    expect(validateSettingsForm(at('24'))).toEqual({});
    expect(changesOf(at('48'), defaultSettings)).toEqual(['requestRetentionMonths']);
    expect(validateSettingsChange(at('48'), defaultSettings)).toEqual({});
    expect(updateInputOf(at('48'), view)).toEqual({ version: 7, requestRetentionMonths: 48 });
  });

  it('puts the server’s nested errors on the regime’s own field', () => {
    expect(serverFieldAliases['handling.uk_gdpr.timeZone']).toBe('timeZone:uk_gdpr');
    expect(serverFieldAliases['handling.quebec.calendar']).toBe('calendar:quebec');
  });

  it('labels calendar codes by place, and reads a typed code', () => {
    expect(calendarLabel('GB-ENG')).toBe('England (GB-ENG)');
    expect(calendarLabel('IE')).toBe('Ireland (IE)');
    expect(calendarLabel('DE-BY')).toBe('Germany, region BY (DE-BY)');
    expect(calendarCodeOf(' de-by ')).toBe('DE-BY');
    expect(calendarCodeOf('Bavaria')).toBeNull();
  });
});
