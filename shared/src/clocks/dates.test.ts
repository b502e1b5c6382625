import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  civilFromDay,
  dayFromCivil,
  formatHumanDate,
  formatHumanDateWithWeekday,
  formatIsoDate,
  isIsoDate,
  parseIsoDate,
  weekdayOf,
} from './dates.js';

function day(iso: string): number {
  const d = parseIsoDate(iso);
  if (d === undefined) throw new Error(`bad test date ${iso}`);
  return d;
}

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2025-02-28')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2025-02-30',
      '2023-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-01-00',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    for (const bad of [
      '2025-1-01',
      '2025/01/01',
      '25-01-01',
      '2025-01-01T00:00:00Z',
      '',
      'abcd-ef-gh',
      '0000-01-01',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('round-trips every day from 1999 to 2031 through day numbers', () => {
    const start = dayFromCivil(1999, 1, 1);
    const end = dayFromCivil(2031, 12, 31);
    for (let d = start; d <= end; d += 1) {
      const iso = formatIsoDate(d);
      expect(parseIsoDate(iso)).toBe(d);
      const { year, month, day: dom } = civilFromDay(d);
      expect(dayFromCivil(year, month, dom)).toBe(d);
    }
    expect(day('1970-01-01')).toBe(0);
    expect(formatIsoDate(-1)).toBe('1969-12-31');
  });

  it('knows the weekday', () => {
    expect(weekdayOf(day('2025-03-01'))).toBe(6); // Saturday
    expect(weekdayOf(day('2025-03-02'))).toBe(0); // Sunday
    expect(weekdayOf(day('1969-12-31'))).toBe(3); // Wednesday
    expect(formatHumanDateWithWeekday(day('2025-03-01'))).toBe('Sat 1 Mar 2025');
    expect(formatHumanDate(day('2025-10-03'))).toBe('3 Oct 2025');
  });

  it('adds months the Reg. 1182/71 way: same date, else the last day of the month', () => {
    const add = (iso: string, n: number): string => formatIsoDate(addMonthsClamped(day(iso), n));
    expect(add('2025-09-03', 1)).toBe('2025-10-03');
    expect(add('2025-01-30', 1)).toBe('2025-02-28');
    expect(add('2025-01-31', 1)).toBe('2025-02-28');
    expect(add('2024-01-31', 1)).toBe('2024-02-29');
    expect(add('2024-01-30', 1)).toBe('2024-02-29');
    expect(add('2024-02-29', 1)).toBe('2024-03-29');
    expect(add('2025-03-31', 1)).toBe('2025-04-30');
    expect(add('2025-12-31', 1)).toBe('2026-01-31');
    expect(add('2025-11-30', 3)).toBe('2026-02-28');
    expect(add('2023-11-30', 3)).toBe('2024-02-29');
    expect(add('2025-01-31', 3)).toBe('2025-04-30');
    expect(add('2025-08-31', 3)).toBe('2025-11-30');
  });
});
