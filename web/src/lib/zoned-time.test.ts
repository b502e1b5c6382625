import { describe, expect, it } from 'vitest';
import { instantOfWallTime, wallTimeIn } from './zoned-time';

describe('wall times in a named zone', () => {
  it('reads an instant as the zone’s wall clock', () => {
    expect(wallTimeIn('2026-07-01T09:00:00.000Z', 'Europe/Dublin')).toBe('2026-07-01T10:00');
    expect(wallTimeIn('2026-01-15T10:00:00.000Z', 'Europe/Dublin')).toBe('2026-01-15T10:00');
    expect(wallTimeIn('2026-03-02T17:15:00.000Z', 'America/Los_Angeles')).toBe('2026-03-02T09:15');
    // Past midnight in Sydney while still the day before in UTC.
    expect(wallTimeIn('2026-06-30T15:30:00.000Z', 'Australia/Sydney')).toBe('2026-07-01T01:30');
  });

  it('finds the instant a wall time there stands for, across summer time', () => {
    expect(instantOfWallTime('2026-07-01T10:00', 'Europe/Dublin')).toBe('2026-07-01T09:00:00.000Z');
    expect(instantOfWallTime('2026-01-15T10:00', 'Europe/Dublin')).toBe('2026-01-15T10:00:00.000Z');
    expect(instantOfWallTime('2026-03-02T09:15', 'America/Los_Angeles')).toBe('2026-03-02T17:15:00.000Z');
    expect(instantOfWallTime('2026-07-01T01:30', 'Australia/Sydney')).toBe('2026-06-30T15:30:00.000Z');
    // 29 Mar 2026, 01:30 does not exist in Dublin (clocks go 01:00 → 02:00): read as 01:30 GMT.
    expect(instantOfWallTime('2026-03-29T01:30', 'Europe/Dublin')).toBe('2026-03-29T01:30:00.000Z');
    expect(instantOfWallTime('yesterday', 'Europe/Dublin')).toBeNull();
  });
});
