import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { findCalendar, resolveCalendar } from './calendars.js';
import { ClockError } from './clock.errors.js';
import { formatIsoDate, parseIsoDate } from './dates.js';

function day(iso: string): number {
  const d = parseIsoDate(iso);
  if (d === undefined) throw new Error(`bad test date ${iso}`);
  return d;
}

/** What date-holidays itself says about a date: "type name" for each entry, observances left out. */
function raw(country: string, state: string | undefined, iso: string): string[] {
  const hd =
    state === undefined
      ? new Holidays(country, { languages: ['en'] })
      : new Holidays(country, state, { languages: ['en'] });
  const found = hd.isHoliday(`${iso} 12:00:00`);
  return found === false
    ? []
    : found.filter((h) => h.type !== 'observance').map((h) => `${h.type} ${h.name}`);
}

describe('date-holidays facts the clock tests rely on (printed from the library, not assumed)', () => {
  it('Ireland: Easter Monday is public, Good Friday and substitute days are only "bank"', () => {
    expect(raw('IE', undefined, '2025-04-21')).toEqual(['public Easter Monday']);
    expect(raw('IE', undefined, '2025-04-18')).toEqual(['bank Good Friday']);
    expect(raw('IE', undefined, '2026-12-28')).toEqual(['bank St. Stephen’s Day (substitute day)']);
    expect(raw('IE', undefined, '2025-05-05')).toEqual(['public First Monday in May']);
    expect(raw('IE', undefined, '2026-02-02')).toEqual(['public St. Brigid’s Day']);
  });

  it('UK: bank holidays are typed "public", with substitute days; Scotland differs from England', () => {
    expect(raw('GB', 'ENG', '2025-05-26')).toEqual(['public Spring bank holiday']);
    expect(raw('GB', 'ENG', '2025-08-25')).toEqual(['public Summer bank holiday']);
    expect(raw('GB', 'ENG', '2026-12-28')).toEqual(['public Boxing Day (substitute day)']);
    expect(raw('GB', 'SCT', '2025-08-04')).toEqual(['public Summer bank holiday']);
    expect(raw('GB', 'SCT', '2025-12-01')).toEqual(['public St Andrew’s Day (substitute day)']);
    expect(raw('GB', 'ENG', '2025-12-01')).toEqual([]);
  });

  it('Germany: national holidays only for DE; Corpus Christi only in states such as BY', () => {
    expect(raw('DE', undefined, '2025-10-03')).toEqual(['public National Holiday']);
    expect(raw('DE', undefined, '2025-06-19')).toEqual([]);
    expect(raw('DE', 'BY', '2025-06-19')).toEqual(['public Corpus Christi']);
  });

  it('California: Thanksgiving and the day after, observed Independence Day, César Chávez Day', () => {
    expect(raw('US', 'CA', '2025-11-27')).toEqual(['public Thanksgiving Day']);
    expect(raw('US', 'CA', '2025-11-28')).toEqual(['public Day after Thanksgiving Day']);
    expect(raw('US', 'CA', '2026-07-03')).toEqual(['public Independence Day (substitute day)']);
    expect(raw('US', 'CA', '2025-03-31')).toEqual(['public César Chávez Day']);
  });

  it('Brazil: Tiradentes is public; Carnival and Corpus Christi are only "bank"', () => {
    expect(raw('BR', undefined, '2025-04-21')).toEqual(["public Tiradentes' Day"]);
    expect(raw('BR', undefined, '2025-03-04')).toEqual(['bank Carnival']);
    expect(raw('BR', undefined, '2025-06-19')).toEqual(['bank Corpus Christi']);
    expect(raw('BR', undefined, '2025-11-20')).toEqual(['public Black Awareness Day']);
  });

  it('Quebec: Good Friday and the Fête nationale are public; Easter Monday is optional', () => {
    expect(raw('CA', 'QC', '2025-04-18')).toEqual(['public Good Friday']);
    expect(raw('CA', 'QC', '2025-04-21')).toEqual(['optional Easter Monday']);
    expect(raw('CA', 'QC', '2025-06-24')).toEqual(['public National Holiday']);
    expect(raw('CA', 'ON', '2025-04-21')).toEqual(['public Easter Monday']);
  });
});

describe('holiday calendars', () => {
  it('resolves country and country-state codes, case-insensitively, and caches them', () => {
    const a = resolveCalendar('US-CA');
    expect(a.code).toBe('US-CA');
    expect(resolveCalendar('us-ca')).toBe(a);
    expect(resolveCalendar(' US-CA ')).toBe(a);
    expect(resolveCalendar('IE').code).toBe('IE');
    expect(resolveCalendar('DE-BY').code).toBe('DE-BY');
  });

  it('refuses codes date-holidays does not know (no silent fall-back to the country)', () => {
    for (const code of ['XX', 'US-ZZ', 'GB-XYZ', '', 'Ireland', 'US_CA', 'U']) {
      expect(findCalendar(code), code).toBeUndefined();
    }
    expect(() => resolveCalendar('XX')).toThrow(ClockError);
    expect(() => resolveCalendar('XX')).toThrow(/Unknown holiday calendar "XX"/);
  });

  it('counts weekends and public holidays as non-working days, and nothing else', () => {
    const ie = resolveCalendar('IE');
    expect(ie.isWorkingDay(day('2025-04-21'))).toBe(false); // Easter Monday
    expect(ie.isWorkingDay(day('2025-04-18'))).toBe(true); // Good Friday is not a public holiday in Ireland
    expect(ie.isWorkingDay(day('2025-03-01'))).toBe(false); // Saturday
    expect(ie.nonWorkingReason(day('2025-04-21'))).toBe('public holiday: Easter Monday');
    expect(ie.nonWorkingReason(day('2025-03-01'))).toBe('weekend');
    expect(ie.nonWorkingReason(day('2025-03-03'))).toBeUndefined();

    const br = resolveCalendar('BR');
    expect(br.isWorkingDay(day('2025-04-21'))).toBe(false); // Tiradentes
    expect(br.isWorkingDay(day('2025-03-04'))).toBe(true); // Carnival is not a national public holiday
    expect(br.isWorkingDay(day('2025-06-19'))).toBe(true); // nor is Corpus Christi

    const qc = resolveCalendar('CA-QC');
    expect(qc.isWorkingDay(day('2025-06-24'))).toBe(false); // Fête nationale
    expect(qc.isWorkingDay(day('2025-04-21'))).toBe(true); // Easter Monday: optional in Quebec
    expect(resolveCalendar('CA-ON').isWorkingDay(day('2025-04-21'))).toBe(false);
  });

  it('rolls forward past runs of holidays and weekends', () => {
    const eng = resolveCalendar('GB-ENG');
    // Good Friday 18 Apr 2025 → Sat, Sun, Easter Monday → Tue 22 Apr
    expect(formatIsoDate(eng.rollForward(day('2025-04-18')))).toBe('2025-04-22');
    // Christmas 2026: Fri 25, Sat 26 (Boxing Day), Sun 27, Mon 28 (substitute) → Tue 29
    expect(formatIsoDate(eng.rollForward(day('2026-12-25')))).toBe('2026-12-29');
    expect(formatIsoDate(eng.rollForward(day('2025-04-23')))).toBe('2025-04-23');
    // Ireland 2026: the substitute St Stephen's Day is typed "bank", so Mon 28 Dec is a working day
    expect(formatIsoDate(resolveCalendar('IE').rollForward(day('2026-12-25')))).toBe('2026-12-28');
  });

  it('counts business days from the day after, across holidays and a year boundary', () => {
    const ca = resolveCalendar('US-CA');
    const add = (iso: string, n: number): string => formatIsoDate(ca.addBusinessDays(day(iso), n));
    expect(add('2025-11-26', 1)).toBe('2025-12-01'); // Thanksgiving and the day after
    expect(add('2025-07-03', 1)).toBe('2025-07-07'); // July 4 (Fri)
    expect(add('2026-07-02', 1)).toBe('2026-07-06'); // July 4 2026 is a Saturday, observed Fri 3 Jul
    expect(add('2025-12-24', 3)).toBe('2025-12-30'); // Christmas Day; Christmas Eve itself is optional
    expect(add('2027-12-23', 2)).toBe('2027-12-28'); // Christmas 2027 is a Saturday, observed Fri 24 Dec
    expect(add('2027-12-29', 2)).toBe('2028-01-03'); // New Year 2028 (Sat) is observed on Fri 31 Dec 2027
    expect(add('2025-03-28', 1)).toBe('2025-04-01'); // César Chávez Day (Mon 31 Mar)
  });
});
