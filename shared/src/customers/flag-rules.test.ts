import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/errors.js';
import {
  checkAccountFlaggable,
  checkFlagLift,
  checkFlagSet,
  statusAfterFlagChange,
  type StandingFlag,
} from './flag-rules.js';

const restriction: StandingFlag = { kind: 'restriction', setAt: new Date('2026-03-01T10:00:00Z') };
const hold: StandingFlag = { kind: 'legal_hold', setAt: new Date('2026-02-01T10:00:00Z') };
const now = new Date('2026-03-10T12:00:00Z');

function refusal(fn: () => unknown): { code: string; message: string; fields: string[] } {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { code: error.code, message: error.message, fields: Object.keys(error.fieldErrors ?? {}) };
    throw error;
  }
  throw new Error('not refused');
}

describe('setting a customer flag', () => {
  it('is allowed when none of its kind stands', () => {
    expect(() => checkFlagSet([hold], 'restriction')).not.toThrow();
    expect(() => checkFlagSet([], 'legal_hold')).not.toThrow();
  });

  it('is refused when one of its kind already stands', () => {
    expect(refusal(() => checkFlagSet([hold, restriction], 'legal_hold'))).toEqual({
      code: 'CONFLICT',
      message: 'Legal hold is already set on this account.',
      fields: ['kind'],
    });
  });
});

describe('lifting a customer flag', () => {
  it('lifts a legal hold that stands, with no notice needed', () => {
    expect(checkFlagLift([hold], 'legal_hold', null, now)).toBe(hold);
  });

  it('is refused when the flag does not stand', () => {
    expect(
      refusal(() => checkFlagLift([hold], 'restriction', new Date('2026-03-05T00:00:00Z'), now)),
    ).toEqual({
      code: 'CONFLICT',
      message: 'Processing restricted is not set on this account.',
      fields: ['kind'],
    });
  });

  it('lifts a restriction only once the customer was told (GDPR Art. 18(3))', () => {
    expect(checkFlagLift([restriction], 'restriction', new Date('2026-03-09T16:30:00Z'), now)).toBe(
      restriction,
    );
    // Told at the very moment of lifting, or when it was set: still "beforehand".
    expect(checkFlagLift([restriction], 'restriction', now, now)).toBe(restriction);
    expect(checkFlagLift([restriction], 'restriction', new Date('2026-03-01T10:00:00Z'), now)).toBe(
      restriction,
    );
    expect(refusal(() => checkFlagLift([restriction], 'restriction', null, now)).fields).toEqual([
      'customerTold',
    ]);
    expect(
      refusal(() => checkFlagLift([restriction], 'restriction', new Date('2026-03-10T12:00:01Z'), now)),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'The customer must be told before the restriction is lifted.',
      fields: ['customerTold.at'],
    });
    expect(
      refusal(() => checkFlagLift([restriction], 'restriction', new Date('2026-03-01T09:59:59Z'), now))
        .message,
    ).toBe('The customer was told before the restriction was even set.');
  });
});

describe("an account's status as flags change", () => {
  it('restricts an active account when a restriction is set, and makes it active when it is lifted', () => {
    expect(statusAfterFlagChange('active', 'restriction', 'set')).toBe('restricted');
    expect(statusAfterFlagChange('restricted', 'restriction', 'lift')).toBe('active');
  });
  it('leaves a pending deletion pending, and other flags leave the status alone', () => {
    expect(statusAfterFlagChange('deletion_pending', 'restriction', 'set')).toBe('deletion_pending');
    expect(statusAfterFlagChange('deletion_pending', 'restriction', 'lift')).toBe('deletion_pending');
    expect(statusAfterFlagChange('active', 'legal_hold', 'set')).toBe('active');
    expect(statusAfterFlagChange('restricted', 'legal_hold', 'lift')).toBe('restricted');
  });
  it('refuses any flag change on an erased account', () => {
    expect(() => checkAccountFlaggable('erased')).toThrow(/erased/);
    expect(() => checkAccountFlaggable('deletion_pending')).not.toThrow();
  });
});
