import { describe, expect, it } from 'vitest';
import { dashboardInputSchema } from '@privdesk/shared';
import {
  ccpaReportYearsOf,
  dashboardInputOf,
  dashboardSearchToParams,
  defaultDashboardSearch,
  parseCcpaReportYear,
  parseDashboardSearch,
} from './dashboard-search';

const parse = (query: string) => parseDashboardSearch(new URLSearchParams(query));
const staffId = '3c0e8a52-1b2d-4f7e-9a6b-5d4c3b2a1f0e';

describe('the dashboard’s filters in the address bar', () => {
  it('opens on all time, every regime, type and assignee', () => {
    expect(parse('')).toEqual(defaultDashboardSearch);
    expect(dashboardInputOf(parse(''), '2026-08-14')).toEqual({});
    expect(dashboardSearchToParams(defaultDashboardSearch).toString()).toBe('');
  });

  it('resolves a preset against today', () => {
    expect(dashboardInputOf(parse('period=last_quarter'), '2026-08-14')).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(dashboardInputOf(parse('period=this_year&regime=gdpr'), '2026-08-14')).toEqual({
      from: '2026-01-01',
      to: '2026-08-14',
      regime: 'gdpr',
    });
  });

  it('lets each bad value fall back on its own', () => {
    const search = parse(`period=someday&regime=mars&type=know&assignee=${staffId}`);
    expect(search).toEqual({ ...defaultDashboardSearch, type: 'know', assignee: staffId });
    expect(parse('assignee=nobody').assignee).toBe('nobody');
    expect(parse('assignee=me').assignee).toBeUndefined();
    expect(parse('period=custom&from=2026-13-01&to=2026-03-31')).toMatchObject({
      from: undefined,
      to: '2026-03-31',
    });
  });

  it('keeps days only for a custom period, and drops an end before the start', () => {
    expect(parse('period=last_year&from=2026-01-01').from).toBeUndefined();
    expect(parse('from=2026-01-01&to=2026-02-01')).toMatchObject({
      period: 'custom',
      from: '2026-01-01',
      to: '2026-02-01',
    });
    expect(parse('period=custom&from=2026-02-01&to=2026-01-01')).toMatchObject({
      from: '2026-02-01',
      to: undefined,
    });
  });

  it('drops a type the chosen regime does not cover', () => {
    expect(parse('regime=gdpr&type=know').type).toBeUndefined();
    expect(parse('regime=ccpa&type=know').type).toBe('know');
  });

  it('round-trips through the address bar, and every input it makes is one the server takes', () => {
    for (const query of [
      'period=custom&from=2026-01-01&to=2026-03-31&regime=ccpa&type=delete&assignee=nobody',
      `period=last_30_days&assignee=${staffId}`,
      'period=custom&to=2026-03-31',
      '',
    ]) {
      const search = parse(query);
      expect(parse(dashboardSearchToParams(search).toString())).toEqual(search);
      expect(dashboardInputSchema.safeParse(dashboardInputOf(search, '2026-08-14')).success).toBe(true);
    }
  });
});

describe('the §7102 report’s year', () => {
  it('is one from 2020 to this year, last year by default', () => {
    expect(ccpaReportYearsOf('2026-08-14')).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020]);
    expect(parseCcpaReportYear(new URLSearchParams(''), '2026-08-14')).toBe(2025);
    expect(parseCcpaReportYear(new URLSearchParams('year=2021'), '2026-08-14')).toBe(2021);
    expect(parseCcpaReportYear(new URLSearchParams('year=2019'), '2026-08-14')).toBe(2025);
    expect(parseCcpaReportYear(new URLSearchParams('year=2027'), '2026-08-14')).toBe(2025);
    expect(parseCcpaReportYear(new URLSearchParams('year=20x1'), '2026-08-14')).toBe(2025);
    expect(parseCcpaReportYear(new URLSearchParams(''), '2020-03-01')).toBe(2020);
  });
});
