import { describe, expect, it } from 'vitest';
import { ClockError, type ClockErrorCode } from './clock.errors.js';
import type { ClockEvent, ClockInput } from './clock.schemas.js';
import { computeClocks, tryComputeClocks } from './engine.js';
import type { Regime, RequestType } from './regimes.js';

const base: ClockInput = {
  regime: 'gdpr',
  type: 'access',
  receivedOn: '2025-09-03',
  calendar: 'IE',
  events: [],
};

function failure(input: ClockInput): ClockError {
  const outcome = tryComputeClocks(input);
  if (outcome.ok) throw new Error('expected the clock to refuse this input');
  return outcome.error;
}

function expectError(
  input: ClockInput,
  code: ClockErrorCode,
  message: string,
  path?: (string | number)[],
): void {
  const error = failure(input);
  expect(error).toBeInstanceOf(ClockError);
  expect(error.code).toBe(code);
  expect(error.message).toBe(message);
  if (path !== undefined) expect(error.path).toEqual(path);
  expect(() => computeClocks(input)).toThrow(ClockError);
}

const extension = (on: string): ClockEvent => ({ kind: 'extension_noticed', on, reason: 'complex request' });

describe('clock errors, each with a message naming the rule', () => {
  it('unknown regime, type and calendar', () => {
    expectError(
      { ...base, regime: 'hipaa' as string as Regime },
      'UNKNOWN_REGIME',
      'Unknown regime "hipaa": expected one of gdpr, uk_gdpr, ccpa, lgpd, vcdpa, cpa, pipeda, quebec.',
      ['regime'],
    );
    expectError(
      { ...base, type: 'complain' as string as RequestType },
      'UNKNOWN_TYPE',
      'Unknown request type "complain".',
      ['type'],
    );
    expectError(
      { ...base, calendar: 'XX' },
      'UNKNOWN_CALENDAR',
      'Unknown holiday calendar "XX": use a country or country-state code that date-holidays knows, such as IE, DE, GB-ENG, US-CA or CA-QC.',
      ['calendar'],
    );
    expect(failure({ ...base, calendar: 'US-ZZ' }).code).toBe('UNKNOWN_CALENDAR');
  });

  it('a type that is not a right under the regime', () => {
    expectError(
      { ...base, regime: 'ccpa', type: 'erasure', calendar: 'US-CA' },
      'TYPE_NOT_COVERED',
      '"erasure" is not a right under CCPA/CPRA; it covers know, delete, correct, opt-out of sale/sharing, limit use of sensitive PI.',
      ['type'],
    );
    expect(failure({ ...base, type: 'opt_out_sale' }).message).toMatch(
      /^"opt-out of sale\/sharing" is not a right under EU GDPR;/,
    );
    expect(failure({ ...base, regime: 'lgpd', type: 'erasure' }).message).toMatch(
      /is not a right under LGPD/,
    );
  });

  it('impossible dates, for the receipt and for events', () => {
    expectError(
      { ...base, receivedOn: '2025-02-30' },
      'INVALID_DATE',
      'The receipt date "2025-02-30" is not a real calendar date (YYYY-MM-DD).',
      ['receivedOn'],
    );
    expect(failure({ ...base, receivedOn: '2023-02-29' }).code).toBe('INVALID_DATE');
    expect(failure({ ...base, receivedOn: '2025-9-3' }).code).toBe('INVALID_DATE');
    expectError(
      { ...base, events: [extension('2025-09-10'), { kind: 'identity_asked', on: '2025-09-31' }] },
      'INVALID_DATE',
      'The request for identity information date "2025-09-31" is not a real calendar date (YYYY-MM-DD).',
      ['events', 1, 'on'],
    );
  });

  it('an event dated before receipt', () => {
    expectError(
      { ...base, events: [{ kind: 'acknowledged', on: '2025-09-02' }] },
      'EVENT_BEFORE_RECEIPT',
      'The acknowledgement dated 2 Sep 2025 is before the request was received (3 Sep 2025).',
      ['events', 0, 'on'],
    );
  });

  it('an unknown event kind, and missing reasons', () => {
    const unknownKind = { kind: 'closed', on: '2025-09-04' } as unknown as ClockEvent;
    expect(failure({ ...base, events: [unknownKind] }).code).toBe('INVALID_EVENT');
    expectError(
      { ...base, events: [{ kind: 'extension_noticed', on: '2025-09-10' }] },
      'REASON_REQUIRED',
      'The extension notice of 10 Sep 2025 needs its reasons: the requester must be told why.',
      ['events', 0, 'reason'],
    );
    expectError(
      {
        ...base,
        regime: 'uk_gdpr',
        calendar: 'GB-ENG',
        events: [{ kind: 'paused', on: '2025-09-10', reason: '   ' }],
      },
      'REASON_REQUIRED',
      'The pause of 10 Sep 2025 needs a reason: every pause records why the clock stopped.',
    );
  });

  it('a resume with no pause, and a pause while paused', () => {
    expectError(
      { ...base, regime: 'uk_gdpr', calendar: 'GB-ENG', events: [{ kind: 'resumed', on: '2025-09-10' }] },
      'RESUME_WITHOUT_PAUSE',
      'The clock was resumed on 10 Sep 2025 but it was not paused.',
      ['events', 0],
    );
    expectError(
      {
        ...base,
        regime: 'uk_gdpr',
        calendar: 'GB-ENG',
        events: [
          { kind: 'paused', on: '2025-09-05', reason: 'fee requested' },
          { kind: 'resumed', on: '2025-09-08' },
          { kind: 'paused', on: '2025-09-09', reason: 'legal advice' },
          { kind: 'paused', on: '2025-09-12', reason: 'again' },
        ],
      },
      'ALREADY_PAUSED',
      'The clock was paused on 12 Sep 2025 while already paused since 9 Sep 2025; resume it first.',
      ['events', 3],
    );
  });

  it('an extension twice', () => {
    expectError(
      { ...base, events: [extension('2025-09-20'), extension('2025-09-10')] },
      'EXTENSION_TWICE',
      'GDPR Art. 12(3) allows one extension only: it was already noticed on 10 Sep 2025, so the notice of 20 Sep 2025 is refused.',
      ['events', 0],
    );
  });

  it('an extension noticed after its window', () => {
    expectError(
      { ...base, events: [extension('2025-10-05')] },
      'EXTENSION_TOO_LATE',
      'GDPR Art. 12(3) allows an extension only when noticed by 3 Oct 2025; this one was noticed on 5 Oct 2025.',
      ['events', 0, 'on'],
    );
  });

  it('an extension for a regime or type that has none', () => {
    expectError(
      { ...base, regime: 'lgpd', type: 'access', calendar: 'BR', events: [extension('2025-09-05')] },
      'EXTENSION_NOT_AVAILABLE',
      'LGPD Art. 19(II) allows no extension for access requests under LGPD; the notice of 5 Sep 2025 cannot extend the deadline.',
    );
  });

  it('bad settings', () => {
    expectError(
      { ...base, settings: { companySlaDays: 0 } },
      'INVALID_SETTINGS',
      'The company SLA must be a whole number of days from 1 to 366 (got 0).',
      ['settings', 'companySlaDays'],
    );
    expect(failure({ ...base, settings: { companySlaDays: 2.5 } }).code).toBe('INVALID_SETTINGS');
  });

  it('tryComputeClocks returns the result when the ledger is fine', () => {
    const outcome = tryComputeClocks(base);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.result.statutory.dueOn).toBe('2025-10-03');
  });

  it('is pure: the same input gives the same output and is left untouched', () => {
    const events: ClockEvent[] = [
      { kind: 'identity_received', on: '2025-09-13' },
      { kind: 'identity_asked', on: '2025-09-05' },
    ];
    const input: ClockInput = { ...base, regime: 'uk_gdpr', calendar: 'GB-ENG', events };
    const snapshot = JSON.stringify(input);
    const first = computeClocks(input);
    expect(computeClocks(input)).toEqual(first);
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});
