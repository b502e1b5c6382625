import { describe, expect, it } from 'vitest';
import type { ClockEvent, ClockInput } from './clock.schemas.js';
import { computeClocks } from './engine.js';

function gdpr(
  receivedOn: string,
  calendar = 'IE',
  events: ClockEvent[] = [],
  over: Partial<ClockInput> = {},
) {
  return computeClocks({ regime: 'gdpr', type: 'access', receivedOn, calendar, events, ...over });
}

const extension = (on: string): ClockEvent => ({
  kind: 'extension_noticed',
  on,
  reason: 'complex request, many systems',
});

describe('GDPR one month (Reg. 1182/71 Art. 3, product.md §4)', () => {
  it('gives the product.md examples: 3 Sep → 3 Oct; 30 Jan (non-leap) → 28 Feb', () => {
    expect(gdpr('2025-09-03').statutory.dueOn).toBe('2025-10-03');
    expect(gdpr('2025-01-30').statutory.dueOn).toBe('2025-02-28');
    expect(gdpr('2023-01-30').statutory.dueOn).toBe('2023-02-28');
  });

  it('ends on the last day of a shorter month, leap years included', () => {
    const jan31 = gdpr('2025-01-31');
    expect(jan31.statutory.dueOn).toBe('2025-02-28');
    expect(jan31.statutory.rule).toBe('GDPR Art. 12(3)');
    expect(jan31.statutory.state).toBe('initial');
    expect(jan31.explanation).toMatch(/^1 month from 31 Jan 2025 under GDPR Art\. 12\(3\): 28 Feb 2025\./);
    expect(gdpr('2024-01-31').statutory.dueOn).toBe('2024-02-29');
    expect(gdpr('2024-01-30').statutory.dueOn).toBe('2024-02-29');
    expect(gdpr('2025-03-31').statutory.dueOn).toBe('2025-04-30');
    // 31 Jan 2026 is a Saturday, and Mon 2 Feb 2026 is St Brigid's Day in Ireland.
    const r = gdpr('2025-12-31', 'IE');
    expect(r.statutory.dueOn).toBe('2026-02-03');
    expect(r.explanation).toContain('3 Feb 2026, rolled forward from Sat 31 Jan 2026 (weekend).');
  });

  it('counts from a 29 February receipt to the same date next month, then rolls only if needed', () => {
    // 29 Mar 2024 is Good Friday: a public holiday in England and Germany, only a bank holiday in Ireland.
    expect(gdpr('2024-02-29', 'IE').statutory.dueOn).toBe('2024-03-29');
    expect(gdpr('2024-02-29', 'GB-ENG').statutory.dueOn).toBe('2024-04-02');
    expect(gdpr('2024-02-29', 'DE').statutory.dueOn).toBe('2024-04-02');
  });

  it('rolls a final day on a weekend forward and says so', () => {
    const r = gdpr('2025-02-01');
    expect(r.statutory.dueOn).toBe('2025-03-03');
    expect(r.explanation).toContain(
      '1 month from 1 Feb 2025 under GDPR Art. 12(3): 3 Mar 2025, rolled forward from Sat 1 Mar 2025 (weekend).',
    );
  });

  it('rolls past public holidays of the calendar: German Unity Day, Easter Monday, Good Friday', () => {
    const de = gdpr('2025-09-03', 'DE');
    expect(de.statutory.dueOn).toBe('2025-10-06');
    expect(de.explanation).toContain('rolled forward from Fri 3 Oct 2025 (public holiday: National Holiday)');
    const ie = gdpr('2025-03-21', 'IE');
    expect(ie.statutory.dueOn).toBe('2025-04-22');
    expect(ie.explanation).toContain('rolled forward from Mon 21 Apr 2025 (public holiday: Easter Monday)');
    expect(gdpr('2025-03-18', 'DE').statutory.dueOn).toBe('2025-04-22'); // Karfreitag, weekend, Ostermontag
    expect(gdpr('2025-03-18', 'IE').statutory.dueOn).toBe('2025-04-18'); // Irish Good Friday is not public
  });

  it('rolls past Christmas and St Stephen’s / Boxing Day', () => {
    expect(gdpr('2025-11-25', 'IE').statutory.dueOn).toBe('2025-12-29'); // Thu 25, Fri 26, weekend
    expect(gdpr('2026-11-25', 'GB-ENG', [], { regime: 'uk_gdpr' }).statutory.dueOn).toBe('2026-12-29');
  });

  it('rolls past UK bank holidays, which differ between England and Scotland', () => {
    const uk = (receivedOn: string, calendar: string) =>
      gdpr(receivedOn, calendar, [], { regime: 'uk_gdpr' });
    const spring = uk('2025-04-26', 'GB-ENG');
    expect(spring.statutory.dueOn).toBe('2025-05-27');
    expect(spring.explanation).toContain(
      'rolled forward from Mon 26 May 2025 (public holiday: Spring bank holiday)',
    );
    expect(uk('2025-07-25', 'GB-ENG').statutory.dueOn).toBe('2025-08-26'); // Summer bank holiday (England)
    expect(uk('2025-07-25', 'GB-SCT').statutory.dueOn).toBe('2025-08-25'); // a working day in Scotland
    expect(uk('2025-07-04', 'GB-SCT').statutory.dueOn).toBe('2025-08-05'); // Scotland's is 4 Aug
  });

  it('never rolls an intermediate step: only the final date moves', () => {
    // 1 Feb 2025: the first month ends Sat 1 Mar (→ Mon 3 Mar). Extended: 1 May 2025 from the anchor,
    // not 3 Mar + 2 months = Sat 3 May → Mon 5 May (bank holiday) → 6 May.
    const r = gdpr('2025-02-01', 'IE', [extension('2025-02-10')]);
    expect(r.statutory.dueOn).toBe('2025-05-01');
    expect(r.statutory.extendedDueOn).toBe('2025-05-01');
  });
});

describe('GDPR extension: receipt + 3 months from the original anchor', () => {
  it('30 Nov: initial 30 Dec, extended 28 Feb rolled to Mon 2 Mar', () => {
    const before = gdpr('2025-11-30');
    expect(before.statutory).toEqual({
      dueOn: '2025-12-30',
      extendedDueOn: '2026-03-02',
      extensionNoticeBy: '2025-12-30',
      rule: 'GDPR Art. 12(3)',
      state: 'initial',
    });
    expect(before.explanation).toContain(
      'An extension (+2 months, to 2 Mar 2026) may be noticed, with reasons, until 30 Dec 2025.',
    );
    const after = gdpr('2025-11-30', 'IE', [extension('2025-12-10')]);
    expect(after.statutory.dueOn).toBe('2026-03-02');
    expect(after.statutory.state).toBe('extended');
    expect(after.explanation).toContain(
      '3 months from 30 Nov 2025 under GDPR Art. 12(3), extended by 2 months (noticed 10 Dec 2025: complex request, many systems): 2 Mar 2026, rolled forward from Sat 28 Feb 2026 (weekend).',
    );
    expect(after.explanation).toContain('Without the extension it would be due 30 Dec 2025.');
  });

  it('30 Nov 2023: the first month rolls to 2 Jan 2024, yet the extension ends 29 Feb 2024 (chaining gives 4 Mar)', () => {
    const r = gdpr('2023-11-30', 'IE', [extension('2023-12-20')]);
    expect(r.statutory.extensionNoticeBy).toBe('2024-01-02');
    expect(r.statutory.dueOn).toBe('2024-02-29');
  });

  it('31 Aug: 30 Nov from the anchor, rolled where 30 Nov is not a working day', () => {
    expect(gdpr('2025-08-31', 'GB-ENG', [extension('2025-09-01')]).statutory.dueOn).toBe('2025-12-01');
    // St Andrew's Day falls on Sunday 30 Nov 2025; Scotland's substitute day is Mon 1 Dec.
    expect(gdpr('2025-08-31', 'GB-SCT', [extension('2025-09-01')]).statutory.dueOn).toBe('2025-12-02');
    // 31 Aug 2028: first month ends Sat 30 Sep → Mon 2 Oct; extension ends Thu 30 Nov 2028
    // (+2 months chained onto the rolled date would give Sat 2 Dec → 4 Dec).
    const r = gdpr('2028-08-31', 'IE', [extension('2028-09-15')]);
    expect(r.statutory.extensionNoticeBy).toBe('2028-10-02');
    expect(r.statutory.dueOn).toBe('2028-11-30');
  });

  it('31 Jan: 30 Apr from the anchor, not 28 Apr from the clamped 28 Feb', () => {
    expect(gdpr('2025-01-31', 'IE', [extension('2025-02-03')]).statutory.dueOn).toBe('2025-04-30');
    expect(gdpr('2024-01-31', 'IE', [extension('2024-02-03')]).statutory.dueOn).toBe('2024-04-30');
    expect(gdpr('2025-05-31', 'IE', [extension('2025-06-03')]).statutory.dueOn).toBe('2025-09-01'); // 31 Aug is a Sunday
  });

  it('may be noticed on the last day of the first month as rolled forward, not after', () => {
    expect(gdpr('2025-09-03', 'IE', [extension('2025-10-03')]).statutory.state).toBe('extended');
    // First month ends Sat 1 Mar 2025, rolled to Mon 3 Mar: a notice on 3 Mar is in time, 4 Mar is not.
    expect(gdpr('2025-02-01', 'IE', [extension('2025-03-03')]).statutory.state).toBe('extended');
    expect(() => gdpr('2025-02-01', 'IE', [extension('2025-03-04')])).toThrow(
      'GDPR Art. 12(3) allows an extension only when noticed by 3 Mar 2025; this one was noticed on 4 Mar 2025.',
    );
  });

  it('removing the extension restores the original date', () => {
    const events = [extension('2025-10-01')];
    expect(gdpr('2025-09-03', 'IE', events).statutory.dueOn).toBe('2025-12-03');
    expect(gdpr('2025-09-03', 'IE', events.slice(1)).statutory.dueOn).toBe('2025-10-03');
  });

  it('is the same for UK GDPR, cited as such', () => {
    const r = gdpr('2025-11-30', 'GB-ENG', [extension('2025-12-01')], { regime: 'uk_gdpr', type: 'erasure' });
    expect(r.statutory.dueOn).toBe('2026-03-02');
    expect(r.statutory.rule).toBe('UK GDPR Art. 12(3)');
  });
});

describe('company clock and effective date', () => {
  it('runs 30 calendar days from receipt with no roll-forward', () => {
    const r = gdpr('2025-01-31');
    expect(r.company.dueOn).toBe('2025-03-02'); // a Sunday; the company clock does not roll
    expect(r.effective).toEqual({ dueOn: '2025-02-28', source: 'statutory' });
    expect(r.explanation).toContain('Company SLA: 30 days from 31 Jan 2025: 2 Mar 2025.');
    expect(r.explanation).toContain('Effective due date: 28 Feb 2025 (GDPR Art. 12(3)).');
  });

  it('names the company clock when it is earlier than the statutory one', () => {
    const r = gdpr('2025-03-31'); // statutory 30 Apr, company 30 Apr → tie goes to statutory
    expect(r.effective).toEqual({ dueOn: '2025-04-30', source: 'statutory' });
    const rolled = gdpr('2025-02-01'); // statutory Mon 3 Mar (rolled), company 3 Mar → statutory
    expect(rolled.effective.source).toBe('statutory');
    expect(rolled.company).toEqual({ dueOn: '2025-03-03', superseded: false });
  });

  it('makes the extended statutory date the one to meet once an extension is noticed', () => {
    const extended = gdpr('2025-11-30', 'IE', [extension('2025-12-10')]);
    // The company's 30 days (30 Dec) cannot be kept once the requester has been told 2 Mar: superseded.
    expect(extended.company).toEqual({ dueOn: '2025-12-30', superseded: true });
    expect(extended.effective).toEqual({ dueOn: '2026-03-02', source: 'statutory' });
    expect(extended.explanation).toContain(
      'Effective due date: 2 Mar 2026 (GDPR Art. 12(3), extended): the extension noticed on 10 Dec 2025 supersedes the company SLA, which counts as missed.',
    );
    // Before the notice, the earliest clock (the company's) is the one to meet.
    const before = gdpr('2025-11-30', 'IE');
    expect(before.effective).toEqual({ dueOn: '2025-12-30', source: 'statutory' }); // tie: 30 Dec both
    const later = gdpr('2025-12-31', 'IE');
    expect(later.company).toEqual({ dueOn: '2026-01-30', superseded: false });
    expect(later.effective).toEqual({ dueOn: '2026-01-30', source: 'company' }); // statutory Sat 31 Jan → 2 Feb
  });

  it('takes the SLA from settings, and is not paused or extended', () => {
    const r = gdpr('2025-03-03', 'GB-ENG', [{ kind: 'identity_asked', on: '2025-03-04' }], {
      regime: 'uk_gdpr',
      settings: { companySlaDays: 20 },
    });
    expect(r.company.dueOn).toBe('2025-03-23');
    expect(r.effective).toEqual({ dueOn: '2025-03-23', source: 'company' });
    expect(r.statutory.state).toBe('paused');
  });
});
