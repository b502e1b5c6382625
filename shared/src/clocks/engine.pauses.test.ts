import { describe, expect, it } from 'vitest';
import type { ClockEvent, ClockInput } from './clock.schemas.js';
import { computeClocks } from './engine.js';

function uk(events: ClockEvent[], receivedOn = '2025-03-03', over: Partial<ClockInput> = {}) {
  return computeClocks({
    regime: 'uk_gdpr',
    type: 'access',
    receivedOn,
    calendar: 'GB-ENG',
    events,
    ...over,
  });
}

const idAsked = (on: string): ClockEvent => ({ kind: 'identity_asked', on });
const idReceived = (on: string): ClockEvent => ({ kind: 'identity_received', on });
const clarAsked = (on: string): ClockEvent => ({ kind: 'clarification_asked', on });
const clarReceived = (on: string): ClockEvent => ({ kind: 'clarification_received', on });
const extension = (on: string): ClockEvent => ({ kind: 'extension_noticed', on, reason: 'complex request' });

describe('UK GDPR: time awaiting identity information or clarification does not count', () => {
  it('moves the due date by the days spent waiting for identity information', () => {
    // Received Mon 3 Mar 2025; unpaused due Thu 3 Apr; 8 days waiting (5 → 13 Mar) → Fri 11 Apr.
    const r = uk([idAsked('2025-03-05'), idReceived('2025-03-13')]);
    expect(r.statutory.dueOn).toBe('2025-04-11');
    expect(r.statutory.state).toBe('initial');
    expect(r.paused).toBe(false);
    expect(r.pausedDays).toBe(8);
    expect(r.explanation).toContain(
      '1 month from 3 Mar 2025 under UK GDPR Art. 12(3), plus 8 days paused (awaiting identity information from 5 Mar 2025 to 13 Mar 2025): 11 Apr 2025.',
    );
  });

  it('moves it by the days spent waiting for clarification', () => {
    const r = uk([clarAsked('2025-03-10'), clarReceived('2025-03-17')]);
    expect(r.statutory.dueOn).toBe('2025-04-10');
    expect(r.pausedDays).toBe(7);
  });

  it('counts overlapping waits once', () => {
    // clarification 10 → 17 Mar, identity 12 → 20 Mar: 10 days paused; 13 Apr is a Sunday → Mon 14 Apr.
    const r = uk([
      clarAsked('2025-03-10'),
      idAsked('2025-03-12'),
      clarReceived('2025-03-17'),
      idReceived('2025-03-20'),
    ]);
    expect(r.pausedDays).toBe(10);
    expect(r.statutory.dueOn).toBe('2025-04-14');
  });

  it('shows an unresolved ask as paused, with the date as it stands', () => {
    const r = uk([idAsked('2025-03-12')]);
    expect(r.paused).toBe(true);
    expect(r.statutory.state).toBe('paused');
    expect(r.statutory.dueOn).toBe('2025-04-03');
    expect(r.pausedDays).toBe(0);
    expect(r.explanation).toContain(
      '3 Apr 2025 as things stand; paused since 12 Mar 2025 awaiting identity information; due date moves by each day paused.',
    );
  });

  it('counts resolved waits before an unresolved one', () => {
    const r = uk([clarAsked('2025-03-05'), clarReceived('2025-03-10'), idAsked('2025-03-20')]);
    expect(r.pausedDays).toBe(5);
    expect(r.statutory.dueOn).toBe('2025-04-08');
    expect(r.statutory.state).toBe('paused');
    expect(r.explanation).toContain('paused since 20 Mar 2025 awaiting identity information');
    // A resolved wait that runs into the unresolved one counts up to its start.
    const chained = uk([idAsked('2025-03-05'), clarAsked('2025-03-10'), idReceived('2025-03-13')]);
    expect(chained.pausedDays).toBe(5);
    expect(chained.explanation).toContain('paused since 10 Mar 2025 awaiting clarification');
  });

  it('adds pause days to the un-rolled date, then rolls once', () => {
    // Received 1 Feb 2025: the month ends Sat 1 Mar. Two days paused → Mon 3 Mar (not 3 Mar + 2).
    expect(uk([idAsked('2025-02-03'), idReceived('2025-02-05')], '2025-02-01').statutory.dueOn).toBe(
      '2025-03-03',
    );
    // Received 18 Mar 2025: the month ends on Good Friday 18 Apr; 3 days paused → Easter Monday → Tue 22 Apr.
    const r = uk([idAsked('2025-03-20'), idReceived('2025-03-23')], '2025-03-18');
    expect(r.statutory.dueOn).toBe('2025-04-22');
    expect(r.explanation).toContain('rolled forward from Mon 21 Apr 2025 (public holiday: Easter Monday)');
  });

  it('honours explicit pause / resume with a reason', () => {
    const r = uk([
      { kind: 'paused', on: '2025-03-05', reason: 'awaiting the fee for a manifestly excessive request' },
      { kind: 'resumed', on: '2025-03-10' },
    ]);
    expect(r.pausedDays).toBe(5);
    expect(r.statutory.dueOn).toBe('2025-04-08');
    const open = uk([{ kind: 'paused', on: '2025-03-05', reason: 'awaiting the fee' }]);
    expect(open.paused).toBe(true);
    expect(open.explanation).toContain(
      'paused since 5 Mar 2025 (awaiting the fee); due date moves by each day paused',
    );
  });

  it('moves the extended date and the notice window by the same pause days', () => {
    const r = uk([idAsked('2025-03-05'), idReceived('2025-03-13'), extension('2025-04-10')]);
    // Notice window: 3 Apr + 8 = 11 Apr, so a notice on 10 Apr is in time. Extended: 3 Jun + 8 = 11 Jun.
    expect(r.statutory.extensionNoticeBy).toBe('2025-04-11');
    expect(r.statutory.dueOn).toBe('2025-06-11');
    expect(r.statutory.state).toBe('extended');
    expect(r.explanation).toContain('plus 8 days paused');
    expect(() => uk([extension('2025-04-10')])).toThrow(
      'UK GDPR Art. 12(3) allows an extension only when noticed by 3 Apr 2025; this one was noticed on 10 Apr 2025.',
    );
  });

  it('accepts an extension noticed while the first month is stopped by an unresolved ask', () => {
    const r = uk([idAsked('2025-03-05'), extension('2025-04-20')]);
    expect(r.statutory.state).toBe('paused');
    expect(r.statutory.dueOn).toBe('2025-06-03');
  });

  it('does not let a wait that began after the due date move it', () => {
    const r = uk([idAsked('2025-04-10'), idReceived('2025-04-15')]);
    expect(r.statutory.dueOn).toBe('2025-04-03');
    expect(r.pausedDays).toBe(0);
    expect(r.warnings).toContain(
      'Awaiting identity information from 10 Apr 2025 to 15 Apr 2025: began after the due date (3 Apr 2025), so it does not move it.',
    );
  });

  it('warns about a repeated ask and about information nobody asked for', () => {
    const r = uk([
      idAsked('2025-03-05'),
      idAsked('2025-03-08'),
      idReceived('2025-03-13'),
      clarReceived('2025-03-14'),
    ]);
    expect(r.pausedDays).toBe(8);
    expect(r.warnings).toEqual([
      'Request for identity information on 8 Mar 2025 repeats an open one of 5 Mar 2025; the wait still counts from 5 Mar 2025.',
      'Clarification received on 14 Mar 2025 with nothing asked for; it does not move the clock.',
    ]);
  });

  it('sorts events by date, stably, without touching the caller’s array', () => {
    const events = [idReceived('2025-03-13'), idAsked('2025-03-05')];
    expect(uk(events).pausedDays).toBe(8);
    expect(events[0]?.kind).toBe('identity_received');
    // Same day: the recorded order holds. Pause then resume on one day is 0 days…
    const sameDay = uk([
      { kind: 'paused', on: '2025-03-05', reason: 'checking' },
      { kind: 'resumed', on: '2025-03-05' },
    ]);
    expect(sameDay.pausedDays).toBe(0);
    expect(sameDay.paused).toBe(false);
    // …but a resume recorded before the pause it would end is refused.
    expect(() =>
      uk([
        { kind: 'resumed', on: '2025-03-05' },
        { kind: 'paused', on: '2025-03-05', reason: 'checking' },
      ]),
    ).toThrow('The clock was resumed on 5 Mar 2025 but it was not paused.');
  });
});

describe('EU GDPR pauses only when enabled in settings', () => {
  const eu = (events: ClockEvent[], euPauseEnabled?: boolean) =>
    computeClocks({
      regime: 'gdpr',
      type: 'erasure',
      receivedOn: '2025-03-03',
      calendar: 'IE',
      events,
      ...(euPauseEnabled === undefined ? {} : { settings: { euPauseEnabled } }),
    });

  it('records the wait but keeps the clock running by default', () => {
    const r = eu([idAsked('2025-03-05'), idReceived('2025-03-13')]);
    expect(r.statutory.dueOn).toBe('2025-04-03');
    expect(r.pausedDays).toBe(0);
    expect(r.warnings).toEqual([
      'Awaiting identity information from 5 Mar 2025 to 13 Mar 2025: recorded, but the EU GDPR clock keeps running (pauses are not enabled in settings).',
    ]);
    const open = eu([{ kind: 'paused', on: '2025-03-05', reason: 'legal review' }]);
    expect(open.paused).toBe(false);
    expect(open.statutory.state).toBe('initial');
    expect(open.warnings[0]).toContain(
      'Paused since 5 Mar 2025 (legal review): recorded, but the EU GDPR clock keeps running',
    );
  });

  it('pauses like the UK when counsel has enabled it', () => {
    const r = eu([idAsked('2025-03-05'), idReceived('2025-03-13')], true);
    expect(r.statutory.dueOn).toBe('2025-04-11');
    expect(r.pausedDays).toBe(8);
    expect(r.warnings).toEqual([]);
    const open = eu([clarAsked('2025-03-05')], true);
    expect(open.paused).toBe(true);
    expect(eu([clarAsked('2025-03-05')], false).paused).toBe(false);
  });
});

describe('regimes without pauses', () => {
  it('CCPA keeps running while verifying, and says so', () => {
    const r = computeClocks({
      regime: 'ccpa',
      type: 'know',
      receivedOn: '2025-03-03',
      calendar: 'US-CA',
      events: [
        idAsked('2025-03-04'),
        idReceived('2025-03-20'),
        { kind: 'paused', on: '2025-03-21', reason: 'holiday cover' },
      ],
    });
    expect(r.statutory.dueOn).toBe('2025-04-17');
    expect(r.paused).toBe(false);
    expect(r.pausedDays).toBe(0);
    expect(r.warnings).toEqual([
      'Awaiting identity information from 4 Mar 2025 to 20 Mar 2025: recorded, but the CCPA/CPRA clock (11 CCR §7021) cannot be paused and keeps running.',
      'Paused since 21 Mar 2025 (holiday cover): recorded, but the CCPA/CPRA clock (11 CCR §7021) cannot be paused and keeps running.',
    ]);
  });

  it('still refuses an inconsistent ledger there', () => {
    expect(() =>
      computeClocks({
        regime: 'lgpd',
        type: 'access',
        receivedOn: '2025-03-03',
        calendar: 'BR',
        events: [{ kind: 'resumed', on: '2025-03-04' }],
      }),
    ).toThrow('The clock was resumed on 4 Mar 2025 but it was not paused.');
  });
});

describe('UK GDPR: a wait that begins at the edge of the due date', () => {
  // Every date below is worked out by hand from a calendar; none is computed with the engine.
  it('counts a wait asked on the due date itself: the date moves by every day waited', () => {
    // Received Mon 3 Mar 2025 → due Thu 3 Apr. Asked Thu 3 Apr, answered Tue 8 Apr: 5 days → Tue 8 Apr.
    const r = uk([idAsked('2025-04-03'), idReceived('2025-04-08')]);
    expect(r.statutory.dueOn).toBe('2025-04-08');
    expect(r.pausedDays).toBe(5);
    expect(r.warnings).toEqual([]);
    expect(r.explanation).toContain(
      'plus 5 days paused (awaiting identity information from 3 Apr 2025 to 8 Apr 2025): 8 Apr 2025.',
    );
    // Answered on a Saturday: 3 Apr + 2 days is Sat 5 Apr, rolled forward to Mon 7 Apr.
    const toWeekend = uk([clarAsked('2025-04-03'), clarReceived('2025-04-05')]);
    expect(toWeekend.statutory.dueOn).toBe('2025-04-07');
    expect(toWeekend.pausedDays).toBe(2);
  });

  it('counts an explicit pause on the due date the same way', () => {
    const r = uk([
      { kind: 'paused', on: '2025-04-03', reason: 'awaiting the fee' },
      { kind: 'resumed', on: '2025-04-10' },
    ]);
    expect(r.statutory.dueOn).toBe('2025-04-10');
    expect(r.pausedDays).toBe(7);
    // Still open on the due date: paused, the date as it stands.
    const open = uk([{ kind: 'paused', on: '2025-04-03', reason: 'awaiting the fee' }]);
    expect(open.statutory.state).toBe('paused');
    expect(open.statutory.dueOn).toBe('2025-04-03');
  });

  it('counts a wait asked the day before the due date', () => {
    // Asked Wed 2 Apr, answered Fri 4 Apr: 2 days → Sat 5 Apr → Mon 7 Apr.
    const r = uk([idAsked('2025-04-02'), idReceived('2025-04-04')]);
    expect(r.statutory.dueOn).toBe('2025-04-07');
    expect(r.pausedDays).toBe(2);
  });

  it('does not count a wait asked the day after the due date', () => {
    const r = uk([idAsked('2025-04-04'), idReceived('2025-04-08')]);
    expect(r.statutory.dueOn).toBe('2025-04-03');
    expect(r.pausedDays).toBe(0);
    expect(r.warnings).toEqual([
      'Awaiting identity information from 4 Apr 2025 to 8 Apr 2025: began after the due date (3 Apr 2025), so it does not move it.',
    ]);
  });

  it('counts a wait asked on a due date that was rolled forward over a weekend', () => {
    // Received Sat 1 Feb 2025: the month ends Sat 1 Mar, rolled forward to Mon 3 Mar.
    // Asked on the due date Mon 3 Mar, answered Wed 5 Mar: the clock restarts on 5 Mar with nothing
    // of the month left, so 5 Mar is the due date — never a date before the wait ended.
    const onDue = uk([idAsked('2025-03-03'), idReceived('2025-03-05')], '2025-02-01');
    expect(onDue.statutory.dueOn).toBe('2025-03-05');
    expect(onDue.pausedDays).toBe(2);
    expect(onDue.warnings).toEqual([]);
    expect(onDue.explanation).toContain(
      '1 month from 1 Feb 2025 under UK GDPR Art. 12(3), plus 2 days paused (awaiting identity information from 3 Mar 2025 to 5 Mar 2025), counted from 3 Mar 2025 because the period ended on Sat 1 Mar 2025 (weekend) and ran on to the next working day: 5 Mar 2025.',
    );
    // Asked on Sun 2 Mar, inside the roll-forward: the same.
    const inRoll = uk([idAsked('2025-03-02'), idReceived('2025-03-05')], '2025-02-01');
    expect(inRoll.statutory.dueOn).toBe('2025-03-05');
    expect(inRoll.pausedDays).toBe(3);
    // Asked on the un-rolled last day Sat 1 Mar, answered Mon 3 Mar: 1 Mar + 2 days = Mon 3 Mar.
    const onLastDay = uk([idAsked('2025-03-01'), idReceived('2025-03-03')], '2025-02-01');
    expect(onLastDay.statutory.dueOn).toBe('2025-03-03');
    // Asked Tue 4 Mar, the day after the rolled due date: too late to move it.
    const after = uk([idAsked('2025-03-04'), idReceived('2025-03-06')], '2025-02-01');
    expect(after.statutory.dueOn).toBe('2025-03-03');
    expect(after.pausedDays).toBe(0);
  });

  it('counts a wait asked on a due date rolled forward over Easter', () => {
    // Received Tue 18 Mar 2025: the month ends on Good Friday 18 Apr; Easter Monday 21 Apr → Tue 22 Apr.
    const onDue = uk([clarAsked('2025-04-22'), clarReceived('2025-04-25')], '2025-03-18');
    expect(onDue.statutory.dueOn).toBe('2025-04-25');
    expect(onDue.pausedDays).toBe(3);
    // Asked on Easter Monday, answered Thu 24 Apr.
    const inRoll = uk([clarAsked('2025-04-21'), clarReceived('2025-04-24')], '2025-03-18');
    expect(inRoll.statutory.dueOn).toBe('2025-04-24');
    // Answered on Easter Monday itself: rolled forward to Tue 22 Apr.
    const endsOnHoliday = uk([clarAsked('2025-04-19'), clarReceived('2025-04-21')], '2025-03-18');
    expect(endsOnHoliday.statutory.dueOn).toBe('2025-04-22');
    // Asked Wed 23 Apr: after the due date.
    const after = uk([clarAsked('2025-04-23'), clarReceived('2025-04-25')], '2025-03-18');
    expect(after.statutory.dueOn).toBe('2025-04-22');
    expect(after.pausedDays).toBe(0);
  });

  it('counts a wait during the extended period, and one asked on the extended due date', () => {
    // Received Mon 3 Mar 2025, extension noticed 1 Apr: due Tue 3 Jun. A wait from Tue 15 Apr to Tue 22 Apr,
    // after the first month but inside the extended period, adds 7 days → Tue 10 Jun.
    const during = uk([extension('2025-04-01'), clarAsked('2025-04-15'), clarReceived('2025-04-22')]);
    expect(during.statutory.state).toBe('extended');
    expect(during.statutory.dueOn).toBe('2025-06-10');
    expect(during.pausedDays).toBe(7);
    expect(during.warnings).toEqual([]);
    expect(during.explanation).toContain('Without the extension it would be due 3 Apr 2025.');
    // Asked on the extended due date Tue 3 Jun, answered Mon 9 Jun: 6 days → Mon 9 Jun.
    const onDue = uk([extension('2025-04-01'), idAsked('2025-06-03'), idReceived('2025-06-09')]);
    expect(onDue.statutory.dueOn).toBe('2025-06-09');
    expect(onDue.pausedDays).toBe(6);
    // Asked Wed 4 Jun: after it.
    const after = uk([extension('2025-04-01'), idAsked('2025-06-04'), idReceived('2025-06-09')]);
    expect(after.statutory.dueOn).toBe('2025-06-03');
    expect(after.warnings).toEqual([
      'Awaiting identity information from 4 Jun 2025 to 9 Jun 2025: began after the due date (3 Jun 2025), so it does not move it.',
    ]);
  });

  it('takes an extension noticed on the last day of a paused first month, not the day after', () => {
    // 8 days waiting (5 → 13 Mar) move the first month's end from Thu 3 Apr to Fri 11 Apr.
    const waited = [idAsked('2025-03-05'), idReceived('2025-03-13')];
    expect(uk([...waited, extension('2025-04-11')]).statutory.dueOn).toBe('2025-06-11');
    expect(() => uk([...waited, extension('2025-04-12')])).toThrow(
      'UK GDPR Art. 12(3) allows an extension only when noticed by 11 Apr 2025; this one was noticed on 12 Apr 2025.',
    );
  });

  it('lists only the waits that counted when a later stop is still open', () => {
    // Clarification 5 → 10 Mar counts 5 days: Thu 3 Apr → Tue 8 Apr. On 20 Mar clarification is asked
    // again (still open) and identity asked and answered (20 → 25 Mar) while the clock already stands.
    const r = uk([
      clarAsked('2025-03-05'),
      clarReceived('2025-03-10'),
      clarAsked('2025-03-20'),
      idAsked('2025-03-20'),
      idReceived('2025-03-25'),
    ]);
    expect(r.pausedDays).toBe(5);
    expect(r.statutory.dueOn).toBe('2025-04-08');
    expect(r.explanation).toContain(
      'plus 5 days paused (awaiting clarification from 5 Mar 2025 to 10 Mar 2025): 8 Apr 2025 as things stand; paused since 20 Mar 2025 awaiting clarification;',
    );
  });

  it('stops the clock from the earliest of two waits still open', () => {
    const r = uk([idAsked('2025-03-05'), clarAsked('2025-03-10')]);
    expect(r.statutory.state).toBe('paused');
    expect(r.pausedDays).toBe(0);
    expect(r.statutory.dueOn).toBe('2025-04-03');
    expect(r.explanation).toContain(
      'paused since 5 Mar 2025 awaiting identity information and awaiting clarification',
    );
  });
});
