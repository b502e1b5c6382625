import { describe, expect, it } from 'vitest';
import { badgeTextOf, bellLabelOf, formatRelativeTime, formatShortCalendarDate } from './format';

describe('notification formats', () => {
  it('names the bell with its count, and caps the badge', () => {
    expect(bellLabelOf(0)).toBe('Notifications');
    expect(bellLabelOf(3)).toBe('Notifications, 3 unread');
    expect(badgeTextOf(99)).toBe('99');
    expect(badgeTextOf(100)).toBe('99+');
  });

  it('says how long ago, then the date after a week', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(formatRelativeTime('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelativeTime('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2026-03-09T07:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-03-06T12:00:00Z', now)).toBe('4 days ago');
    expect(formatRelativeTime('2026-03-01T12:00:00Z', now)).toBe('1 Mar 2026');
  });

  it('leaves the year out of due dates in the reminder’s own year', () => {
    expect(formatShortCalendarDate('2026-04-12', '2026-03-10')).toBe('12 Apr');
    expect(formatShortCalendarDate('2025-12-30', '2026-01-02')).toBe('30 Dec 2025');
  });
});
