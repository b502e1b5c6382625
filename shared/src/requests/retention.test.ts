import { describe, expect, it } from 'vitest';
import { maskEmail, maskName } from './masking.js';
import { isRetentionDue, retentionCutoff, retentionPlaceholder } from './retention.js';

const at = (iso: string) => new Date(iso);
const cutoff = (now: string, months: number) => retentionCutoff(at(now), months).toISOString();

describe('the retention cutoff', () => {
  it('goes back whole calendar months, keeping the time of day', () => {
    expect(cutoff('2029-06-15T01:00:00.000Z', 36)).toBe('2026-06-15T01:00:00.000Z');
    expect(cutoff('2029-01-10T23:59:59.999Z', 24)).toBe('2027-01-10T23:59:59.999Z');
    expect(cutoff('2029-01-10T08:30:00.000Z', 1)).toBe('2028-12-10T08:30:00.000Z');
    expect(cutoff('2029-01-10T08:30:00.000Z', 0)).toBe('2029-01-10T08:30:00.000Z');
    expect(cutoff('2036-12-31T12:00:00.000Z', 120)).toBe('2026-12-31T12:00:00.000Z');
  });

  it('lands on the last day of a shorter month', () => {
    expect(cutoff('2029-05-31T01:00:00.000Z', 3)).toBe('2029-02-28T01:00:00.000Z');
    expect(cutoff('2029-03-31T01:00:00.000Z', 25)).toBe('2027-02-28T01:00:00.000Z');
    expect(cutoff('2029-07-31T01:00:00.000Z', 37)).toBe('2026-06-30T01:00:00.000Z');
    expect(cutoff('2029-10-31T01:00:00.000Z', 36)).toBe('2026-10-31T01:00:00.000Z');
  });

  it('counts leap days: 29 February back to a common year is 28 February, to a leap year stays', () => {
    expect(cutoff('2028-02-29T01:00:00.000Z', 24)).toBe('2026-02-28T01:00:00.000Z');
    expect(cutoff('2028-02-29T01:00:00.000Z', 48)).toBe('2024-02-29T01:00:00.000Z');
    expect(cutoff('2031-05-31T01:00:00.000Z', 39)).toBe('2028-02-29T01:00:00.000Z');
    expect(cutoff('2028-03-01T00:00:00.000Z', 36)).toBe('2025-03-01T00:00:00.000Z');
  });

  it('refuses a period that is not a whole number of months', () => {
    expect(() => retentionCutoff(at('2029-01-10T00:00:00.000Z'), 2.5)).toThrow(RangeError);
    expect(() => retentionCutoff(at('2029-01-10T00:00:00.000Z'), -1)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date(Number.NaN), 36)).toThrow(RangeError);
  });
});

describe('whether a request is due for removal', () => {
  const edge = at('2026-06-15T01:00:00.000Z');

  it('is due once closed before the cutoff and not yet scrubbed', () => {
    const closed = {
      status: 'completed',
      closedAt: at('2026-06-15T00:59:59.999Z'),
      scrubbedAt: null,
    } as const;
    expect(isRetentionDue(closed, edge)).toBe(true);
    expect(isRetentionDue({ ...closed, status: 'denied' }, edge)).toBe(true);
    expect(isRetentionDue({ ...closed, status: 'closed_unverified' }, edge)).toBe(true);
  });

  it('is not due at the cutoff itself, after it, once scrubbed, or while open', () => {
    const closed = { status: 'withdrawn', closedAt: edge, scrubbedAt: null } as const;
    expect(isRetentionDue(closed, edge)).toBe(false);
    expect(isRetentionDue({ ...closed, closedAt: at('2027-01-01T00:00:00.000Z') }, edge)).toBe(false);
    expect(
      isRetentionDue(
        { ...closed, closedAt: at('2020-01-01T00:00:00.000Z'), scrubbedAt: at('2029-06-15T01:00:00.000Z') },
        edge,
      ),
    ).toBe(false);
    expect(isRetentionDue({ status: 'in_progress', closedAt: null, scrubbedAt: null }, edge)).toBe(false);
    // A request reopened would be open again: its old closing time does not make it due.
    expect(
      isRetentionDue(
        { status: 'verifying', closedAt: at('2020-01-01T00:00:00.000Z'), scrubbedAt: null },
        edge,
      ),
    ).toBe(false);
  });
});

describe('the placeholder under a mask', () => {
  it('reads the same masked and in clear: it holds nothing of anyone', () => {
    expect(retentionPlaceholder).toBe('Removed after the retention period');
    expect(maskName(retentionPlaceholder)).toBe('Removed after the retention period');
    expect(maskEmail(retentionPlaceholder)).toBe('Removed after the retention period');
  });
});
