import { describe, expect, it } from 'vitest';
import { addDaysIso, calendarDateIn, deriveDueDates, queueToday } from './due-dates.js';
import { suggestRegime } from './requests.constants.js';

describe('deriveDueDates', () => {
  it('takes the receipt date in the handling entity’s time zone', () => {
    // 23:30 in Los Angeles on 3 Mar is already 4 Mar in UTC.
    const receivedAt = new Date('2026-03-04T07:30:00Z');
    expect(calendarDateIn(receivedAt, 'America/Los_Angeles')).toBe('2026-03-03');
    const dates = deriveDueDates({ regime: 'ccpa', type: 'know', receivedAt });
    expect(dates).toEqual({
      receivedOn: '2026-03-03',
      companyDueOn: '2026-04-02',
      statutoryDueOn: '2026-04-17',
      effectiveDueOn: '2026-04-02',
    });
  });

  it('uses the regime’s rule and calendar: GDPR one month, rolled off a weekend', () => {
    const dates = deriveDueDates({
      regime: 'gdpr',
      type: 'access',
      receivedAt: new Date('2025-09-03T10:00:00Z'),
    });
    expect(dates.statutoryDueOn).toBe('2025-10-03');
    expect(dates.companyDueOn).toBe('2025-10-03');
    expect(dates.effectiveDueOn).toBe('2025-10-03');
    // 30 Jan 2025 → 28 Feb 2025 (a Friday); LGPD's 15 days are earlier than the company's 30.
    expect(
      deriveDueDates({ regime: 'gdpr', type: 'erasure', receivedAt: new Date('2025-01-30T12:00:00Z') })
        .statutoryDueOn,
    ).toBe('2025-02-28');
    expect(
      deriveDueDates({ regime: 'lgpd', type: 'access', receivedAt: new Date('2026-01-10T15:00:00Z') }),
    ).toMatchObject({
      statutoryDueOn: '2026-01-25',
      effectiveDueOn: '2026-01-25',
    });
  });

  it('accepts another handling entity (the legal-clocks settings will pass one)', () => {
    const dates = deriveDueDates({
      regime: 'gdpr',
      type: 'access',
      receivedAt: new Date('2026-03-04T23:30:00Z'),
      handling: { calendar: 'DE', timeZone: 'Europe/Berlin' },
    });
    expect(dates.receivedOn).toBe('2026-03-05');
  });

  it('refuses a type that is not a right under the regime', () => {
    expect(() => deriveDueDates({ regime: 'gdpr', type: 'know', receivedAt: new Date() })).toThrow(
      /not a right under EU GDPR/,
    );
  });
});

describe('queue dates', () => {
  it('takes the latest local date of the handling zones as today', () => {
    // 23:30 UTC on 4 Mar is 5 Mar nowhere we handle except… nowhere: Dublin is UTC+0 in March.
    expect(queueToday(new Date('2026-03-04T23:30:00Z'))).toBe('2026-03-04');
    // In summer Dublin is UTC+1: 23:30 UTC is already the next day there.
    expect(queueToday(new Date('2026-07-04T23:30:00Z'))).toBe('2026-07-05');
    expect(addDaysIso('2026-02-27', 5)).toBe('2026-03-04');
  });
});

describe('suggestRegime', () => {
  it('suggests the law of the requester’s location', () => {
    expect(suggestRegime('de')).toBe('gdpr');
    expect(suggestRegime('GB')).toBe('uk_gdpr');
    expect(suggestRegime('US-CA')).toBe('ccpa');
    expect(suggestRegime('US-VA')).toBe('vcdpa');
    expect(suggestRegime('US-CO')).toBe('cpa');
    expect(suggestRegime('US-TX')).toBeUndefined();
    expect(suggestRegime('CA-QC')).toBe('quebec');
    expect(suggestRegime('CA-ON')).toBe('pipeda');
    expect(suggestRegime('BR')).toBe('lgpd');
    expect(suggestRegime(undefined)).toBeUndefined();
  });
});
