import { describe, expect, it } from 'vitest';
import { resolveCalendar } from './calendars.js';
import type { ClockEvent, ClockInput } from './clock.schemas.js';
import { addMonthsClamped, formatIsoDate, parseIsoDate } from './dates.js';
import { computeClocks } from './engine.js';
import { regimeTable, regimes } from './regimes.js';

function clock(over: Partial<ClockInput> & Pick<ClockInput, 'regime' | 'type' | 'receivedOn' | 'calendar'>) {
  return computeClocks({ events: [], ...over });
}

const extension = (on: string): ClockEvent => ({
  kind: 'extension_noticed',
  on,
  reason: 'many systems to search',
});

describe('CCPA §7021 know / delete / correct', () => {
  it('runs 45 calendar days, offers +45 (90 from receipt) noticed within the 45, and an acknowledgement in 10 business days', () => {
    const r = clock({ regime: 'ccpa', type: 'know', receivedOn: '2025-03-03', calendar: 'US-CA' });
    expect(r.statutory).toEqual({
      dueOn: '2025-04-17',
      extendedDueOn: '2025-06-01',
      extensionNoticeBy: '2025-04-17',
      rule: '11 CCR §7021',
      state: 'initial',
    });
    expect(r.acknowledgeBy).toBe('2025-03-17');
    expect(r.explanation).toMatch(/^45 days from 3 Mar 2025 under 11 CCR §7021: 17 Apr 2025\./);
    expect(r.explanation).toContain('Acknowledge by 17 Mar 2025 (10 business days, 11 CCR §7021).');
    expect(r.effective).toEqual({ dueOn: '2025-04-02', source: 'company' });
  });

  it('does not roll a calendar-day deadline that falls on a weekend, and says so', () => {
    const r = clock({
      regime: 'ccpa',
      type: 'delete',
      receivedOn: '2025-03-03',
      calendar: 'US-CA',
      events: [extension('2025-04-17')],
    });
    expect(r.statutory.dueOn).toBe('2025-06-01');
    expect(r.statutory.state).toBe('extended');
    expect(r.explanation).toContain(
      '90 days from 3 Mar 2025 under 11 CCR §7021, extended by 45 days (noticed 17 Apr 2025: many systems to search): 1 Jun 2025 — Sun 1 Jun 2025 is a non-working day (weekend), but calendar days are not rolled forward.',
    );
    expect(() =>
      clock({
        regime: 'ccpa',
        type: 'correct',
        receivedOn: '2025-03-03',
        calendar: 'US-CA',
        events: [extension('2025-04-18')],
      }),
    ).toThrow(
      '11 CCR §7021 allows an extension only when noticed by 17 Apr 2025; this one was noticed on 18 Apr 2025.',
    );
  });

  it('counts the acknowledgement in California business days across holidays', () => {
    const ack = (receivedOn: string) =>
      clock({ regime: 'ccpa', type: 'know', receivedOn, calendar: 'US-CA' }).acknowledgeBy;
    expect(ack('2025-11-20')).toBe('2025-12-08'); // Thanksgiving and the day after
    expect(ack('2025-06-30')).toBe('2025-07-15'); // July 4 (Fri)
    expect(ack('2026-07-01')).toBe('2026-07-16'); // July 4 2026 (Sat) observed Fri 3 Jul
    expect(ack('2025-11-04')).toBe('2025-11-19'); // Veterans Day
  });

  it('warns when the acknowledgement went out late', () => {
    const r = clock({
      regime: 'ccpa',
      type: 'know',
      receivedOn: '2025-11-20',
      calendar: 'US-CA',
      events: [{ kind: 'acknowledged', on: '2025-12-09' }],
    });
    expect(r.warnings).toEqual([
      'Acknowledged on 9 Dec 2025, after the deadline of 8 Dec 2025 (11 CCR §7021).',
    ]);
    const onTime = clock({
      regime: 'ccpa',
      type: 'know',
      receivedOn: '2025-11-20',
      calendar: 'US-CA',
      events: [{ kind: 'acknowledged', on: '2025-12-08' }],
    });
    expect(onTime.warnings).toEqual([]);
  });
});

describe('CCPA §7026 / §7027 opt-out and limit: 15 business days', () => {
  it('counts 15 business days across Thanksgiving, with no extension and no acknowledgement', () => {
    const r = clock({ regime: 'ccpa', type: 'opt_out_sale', receivedOn: '2025-11-20', calendar: 'US-CA' });
    expect(r.statutory).toEqual({ dueOn: '2025-12-15', rule: '11 CCR §7026', state: 'initial' });
    expect(r.acknowledgeBy).toBeUndefined();
    expect(r.explanation).toMatch(
      /^15 business days from 20 Nov 2025 under 11 CCR §7026 \(Mon–Fri less US-CA public holidays\): 15 Dec 2025\./,
    );
    expect(r.effective).toEqual({ dueOn: '2025-12-15', source: 'statutory' });
  });

  it('counts across July 4 and César Chávez Day', () => {
    expect(
      clock({ regime: 'ccpa', type: 'opt_out_sale', receivedOn: '2025-07-01', calendar: 'US-CA' }).statutory
        .dueOn,
    ).toBe('2025-07-23');
    const limit = clock({
      regime: 'ccpa',
      type: 'limit_sensitive',
      receivedOn: '2025-03-24',
      calendar: 'US-CA',
    });
    expect(limit.statutory.dueOn).toBe('2025-04-15');
    expect(limit.statutory.rule).toBe('11 CCR §7027');
  });

  it('refuses an extension and warns when identity was asked for', () => {
    expect(() =>
      clock({
        regime: 'ccpa',
        type: 'opt_out_sale',
        receivedOn: '2025-07-01',
        calendar: 'US-CA',
        events: [extension('2025-07-02')],
      }),
    ).toThrow(
      '11 CCR §7026 allows no extension for opt-out of sale/sharing requests under CCPA/CPRA; the notice of 2 Jul 2025 cannot extend the deadline.',
    );
    const r = clock({
      regime: 'ccpa',
      type: 'limit_sensitive',
      receivedOn: '2025-07-01',
      calendar: 'US-CA',
      events: [{ kind: 'identity_asked', on: '2025-07-02' }],
    });
    expect(r.warnings).toContain(
      'Identity information was asked for on 2 Jul 2025, but 11 CCR §7027 forbids requiring verification for limit use of sensitive PI requests.',
    );
  });
});

describe('LGPD, VCDPA, CPA, PIPEDA, Quebec', () => {
  it('LGPD: 15 days, no roll-forward even onto a Brazilian public holiday', () => {
    const r = clock({ regime: 'lgpd', type: 'confirmation', receivedOn: '2025-04-06', calendar: 'BR' });
    expect(r.statutory).toEqual({ dueOn: '2025-04-21', rule: 'LGPD Art. 19(II)', state: 'initial' });
    expect(r.explanation).toContain(
      "15 days from 6 Apr 2025 under LGPD Art. 19(II): 21 Apr 2025 — Mon 21 Apr 2025 is a non-working day (public holiday: Tiradentes' Day), but calendar days are not rolled forward.",
    );
    expect(r.effective.source).toBe('statutory');
    // Carnival Tuesday is only a bank holiday in date-holidays: no remark.
    const carnival = clock({ regime: 'lgpd', type: 'access', receivedOn: '2025-02-17', calendar: 'BR' });
    expect(carnival.statutory.dueOn).toBe('2025-03-04');
    expect(carnival.explanation).not.toContain('non-working');
  });

  it('Quebec: 30 days, no extension, no roll-forward onto the Fête nationale', () => {
    const r = clock({ regime: 'quebec', type: 'rectification', receivedOn: '2025-05-25', calendar: 'CA-QC' });
    expect(r.statutory).toEqual({
      dueOn: '2025-06-24',
      rule: 'Quebec Private Sector Act s.32',
      state: 'initial',
    });
    expect(r.explanation).toContain(
      'Tue 24 Jun 2025 is a non-working day (public holiday: National Holiday)',
    );
    expect(r.effective).toEqual({ dueOn: '2025-06-24', source: 'statutory' });
    expect(() =>
      clock({
        regime: 'quebec',
        type: 'access',
        receivedOn: '2025-05-25',
        calendar: 'CA-QC',
        events: [extension('2025-05-26')],
      }),
    ).toThrow('Quebec Private Sector Act s.32 allows no extension for access requests under Quebec Law 25');
  });

  it('VCDPA and CPA: 45 days, +45 noticed within the first 45', () => {
    const va = clock({
      regime: 'vcdpa',
      type: 'portability',
      receivedOn: '2025-03-03',
      calendar: 'US-VA',
      events: [extension('2025-04-17')],
    });
    expect(va.statutory.dueOn).toBe('2025-06-01');
    expect(va.statutory.rule).toBe('Va. Code §59.1-577(B)(1)');
    const co = clock({ regime: 'cpa', type: 'opt_out_sale', receivedOn: '2025-03-03', calendar: 'US-CO' });
    expect(co.statutory.dueOn).toBe('2025-04-17');
    expect(co.statutory.extendedDueOn).toBe('2025-06-01');
    expect(() =>
      clock({
        regime: 'cpa',
        type: 'delete',
        receivedOn: '2025-03-03',
        calendar: 'US-CO',
        events: [extension('2025-04-18')],
      }),
    ).toThrow(
      'C.R.S. §6-1-1306(2) allows an extension only when noticed by 17 Apr 2025; this one was noticed on 18 Apr 2025.',
    );
  });

  it('PIPEDA: 30 days, +30 noticed within the first 30', () => {
    const r = clock({ regime: 'pipeda', type: 'access', receivedOn: '2025-03-01', calendar: 'CA-ON' });
    expect(r.statutory).toEqual({
      dueOn: '2025-03-31',
      extendedDueOn: '2025-04-30',
      extensionNoticeBy: '2025-03-31',
      rule: 'PIPEDA s.8(3)–(4)',
      state: 'initial',
    });
    expect(r.effective).toEqual({ dueOn: '2025-03-31', source: 'statutory' }); // tie with the company SLA
    const extended = clock({
      regime: 'pipeda',
      type: 'correct',
      receivedOn: '2025-03-01',
      calendar: 'CA-ON',
      events: [extension('2025-03-31')],
    });
    expect(extended.statutory.dueOn).toBe('2025-04-30');
    // Noticed: the extended date is the one to meet, the company's 31 Mar is missed.
    expect(extended.effective).toEqual({ dueOn: '2025-04-30', source: 'statutory' });
    expect(extended.company).toEqual({ dueOn: '2025-03-31', superseded: true });
  });
});

describe('sweep over 2024–2027 (every receipt date, every regime)', () => {
  it('gives consistent dates everywhere', { timeout: 30_000 }, () => {
    const calendars = {
      gdpr: ['IE', 'DE', 'FR'],
      uk_gdpr: ['GB-ENG', 'GB-SCT'],
      ccpa: ['US-CA'],
      lgpd: ['BR'],
      vcdpa: ['US-VA'],
      cpa: ['US-CO'],
      pipeda: ['CA-ON'],
      quebec: ['CA-QC'],
    } as const;
    const start = parseIsoDate('2024-01-01') ?? 0;
    const end = parseIsoDate('2027-12-31') ?? 0;
    let checked = 0;
    for (const regime of regimes) {
      for (const calendarCode of calendars[regime]) {
        const calendar = resolveCalendar(calendarCode);
        // One type per rule: types under the same rule share every date.
        for (const type of regimeTable[regime].rules.map((rule) => rule.types[0] ?? 'access')) {
          for (let d = start; d <= end; d += 1) {
            const receivedOn = formatIsoDate(d);
            const r = computeClocks({ regime, type, receivedOn, calendar: calendarCode, events: [] });
            const due = parseIsoDate(r.statutory.dueOn) ?? Number.NaN;
            const company = parseIsoDate(r.company.dueOn) ?? Number.NaN;
            expect(company - d).toBe(30);
            expect(r.effective.dueOn).toBe(due <= company ? r.statutory.dueOn : r.company.dueOn);
            if (regime === 'gdpr' || regime === 'uk_gdpr') {
              const base = addMonthsClamped(d, 1);
              expect(calendar.isWorkingDay(due)).toBe(true);
              expect(due).toBeGreaterThanOrEqual(base);
              expect(due).toBe(calendar.rollForward(base));
              const extendedDue = parseIsoDate(r.statutory.extendedDueOn ?? '') ?? Number.NaN;
              expect(extendedDue).toBe(calendar.rollForward(addMonthsClamped(d, 3)));
            } else if (regime === 'ccpa' && (type === 'opt_out_sale' || type === 'limit_sensitive')) {
              expect(calendar.isWorkingDay(due)).toBe(true);
            } else {
              const days = { ccpa: 45, lgpd: 15, vcdpa: 45, cpa: 45, pipeda: 30, quebec: 30 } as const;
              expect(due - d).toBe(days[regime]);
            }
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBe(1461 * 13); // 4 years × (3 EU + 2 UK calendars + 3 CCPA rules + 5 other regimes)
  });
});
