import { describe, expect, it } from 'vitest';
import { addDaysIso, calendarDateIn, queueToday } from './calendar-today.js';
import { deriveDueDates, minorTargetApplies } from './due-dates.js';
import { suggestRegime } from './requests.constants.js';

describe('deriveDueDates', () => {
  it('takes the receipt date in the handling entity’s time zone', () => {
    // 23:30 in Los Angeles on 3 Mar is already 4 Mar in UTC.
    const receivedAt = new Date('2026-03-04T07:30:00Z');
    expect(calendarDateIn(receivedAt, 'America/Los_Angeles')).toBe('2026-03-03');
    const dates = deriveDueDates({ regime: 'ccpa', type: 'know', receivedAt });
    expect(dates).toMatchObject({
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

describe('deriveDueDates with a ledger and settings', () => {
  const receivedAt = new Date('2025-11-30T12:00:00Z');
  const extension = {
    kind: 'extension_noticed',
    on: '2025-12-10',
    reason: 'Many systems hold the data.',
  } as const;

  it('moves the statutory date to receipt + 3 months, rolled forward, when an extension is noticed', () => {
    const initial = deriveDueDates({ regime: 'gdpr', type: 'access', receivedAt });
    expect(initial).toMatchObject({ statutoryDueOn: '2025-12-30', clockState: 'initial' });
    expect(initial.clocks.statutory.extensionNoticeBy).toBe('2025-12-30');
    // 30 Nov + 3 months = 28 Feb 2026 (no 30 Feb), a Saturday: Monday 2 Mar.
    const extended = deriveDueDates({ regime: 'gdpr', type: 'access', receivedAt, ledger: [extension] });
    expect(extended).toMatchObject({
      statutoryDueOn: '2026-03-02',
      clockState: 'extended',
      // The company's 30 days do not extend; once the requester is told, the extended date is the one to meet.
      companyDueOn: '2025-12-30',
      effectiveDueOn: '2026-03-02',
      skipped: [],
    });
    expect(extended.clocks.effective.source).toBe('statutory');
    expect(extended.clocks.company.superseded).toBe(true);
  });

  it('passes the settings: a shorter company SLA is the earliest clock until an extension is noticed', () => {
    const dates = deriveDueDates({
      regime: 'gdpr',
      type: 'access',
      receivedAt,
      ledger: [extension],
      settings: { companySlaDays: 90 },
    });
    expect(dates).toMatchObject({ companyDueOn: '2026-02-28', effectiveDueOn: '2026-03-02' });
    const shorter = deriveDueDates({
      regime: 'gdpr',
      type: 'access',
      receivedAt,
      settings: { companySlaDays: 20 },
    });
    expect(shorter.effectiveDueOn).toBe('2025-12-20');
  });

  it('refuses a ledger the engine refuses, naming the rule', () => {
    expect(() =>
      deriveDueDates({
        regime: 'gdpr',
        type: 'access',
        receivedAt,
        ledger: [{ ...extension, on: '2026-01-05' }],
      }),
    ).toThrow(/GDPR Art\. 12\(3\) allows an extension only when noticed by 30 Dec 2025/);
  });

  it('when lenient, leaves out a stored entry the engine now refuses, with a warning, but never the new one', () => {
    // Noticed on 2 Jan: inside the window only while EU pauses (enabled then) shifted it.
    const ledger = [
      { kind: 'clarification_asked', on: '2025-12-01' },
      { kind: 'clarification_received', on: '2025-12-08' },
      { ...extension, on: '2026-01-02' },
    ] as const;
    const withPauses = deriveDueDates({
      regime: 'gdpr',
      type: 'access',
      receivedAt,
      ledger,
      settings: { euPauseEnabled: true },
    });
    expect(withPauses.clockState).toBe('extended');
    expect(() => deriveDueDates({ regime: 'gdpr', type: 'access', receivedAt, ledger })).toThrow(
      /allows an extension only when noticed by/,
    );
    const lenient = deriveDueDates({
      regime: 'gdpr',
      type: 'access',
      receivedAt,
      ledger,
      lenient: { mustKeep: [] },
    });
    expect(lenient).toMatchObject({ clockState: 'initial', skipped: [2] });
    expect(lenient.clocks.warnings[0]).toMatch(
      /^Left out of the clocks: GDPR Art\. 12\(3\) allows an extension/,
    );
    expect(() =>
      deriveDueDates({ regime: 'gdpr', type: 'access', receivedAt, ledger, lenient: { mustKeep: [2] } }),
    ).toThrow(/allows an extension only when noticed by/);
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

describe('the minors’ target (product.md §2: minors’ erasures jump the queue)', () => {
  it('applies to a minor’s erasure only', () => {
    expect(minorTargetApplies({ type: 'erasure', minor: true })).toBe(true);
    expect(minorTargetApplies({ type: 'delete', minor: true })).toBe(true);
    expect(minorTargetApplies({ type: 'erasure', minor: false })).toBe(false);
    expect(minorTargetApplies({ type: 'access', minor: true })).toBe(false);
  });

  it('counts 72 hours from the instant of receipt, in the handling zone, and becomes the effective date', () => {
    // Received 22:30 UTC on Tue 3 Mar 2026 = 23:30 in Dublin; +72 h = 22:30 UTC Fri 6 Mar, still 6 Mar there.
    const dates = deriveDueDates({
      regime: 'gdpr',
      type: 'erasure',
      receivedAt: new Date('2026-03-03T22:30:00Z'),
      minorTargetHours: 72,
    });
    expect(dates.companyDueOn).toBe('2026-04-02');
    expect(dates.statutoryDueOn).toBe('2026-04-03');
    expect(dates.effectiveDueOn).toBe('2026-03-06');
    expect(dates.clocks.effective).toEqual({ dueOn: '2026-03-06', source: 'minor_target' });
    expect(dates.clocks.minorTarget).toEqual({
      at: '2026-03-06T22:30:00.000Z',
      dueOn: '2026-03-06',
      hours: 72,
    });
    expect(dates.clocks.explanation).toContain(
      'Minor’s erasure: the internal target of 72 hours from receipt falls on 6 Mar 2026, before the other clocks, so it is the effective due date.',
    );
  });

  it('takes the zone’s calendar day: 72 h from 20:00 in Los Angeles ends on the third day after, there', () => {
    // 2026-03-04T04:00Z is 20:00 on 3 Mar in Los Angeles; +72 h = 04:00Z 7 Mar = 20:00 on 6 Mar there.
    const dates = deriveDueDates({
      regime: 'ccpa',
      type: 'delete',
      receivedAt: new Date('2026-03-04T04:00:00Z'),
      minorTargetHours: 72,
    });
    expect(dates.receivedOn).toBe('2026-03-03');
    expect(dates.effectiveDueOn).toBe('2026-03-06');
  });

  it('leaves the effective date alone when the target falls on the same day or later (a long target)', () => {
    const dates = deriveDueDates({
      regime: 'gdpr',
      type: 'erasure',
      receivedAt: new Date('2026-01-10T15:00:00Z'),
      minorTargetHours: 720,
    });
    // 720 h from 15:00 UTC on 10 Jan ends at 15:00 on 9 Feb (Dublin keeps UTC in winter): the same day as
    // the company's 30 days, so the company clock stays the effective one.
    expect(dates.effectiveDueOn).toBe('2026-02-09');
    expect(dates.clocks.effective.source).toBe('company');
    expect(dates.clocks.minorTarget?.dueOn).toBe('2026-02-09');
  });
});
