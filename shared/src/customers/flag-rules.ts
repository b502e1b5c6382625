import { DomainError } from '../common/errors.js';
import { customerFlagLabels, type CustomerFlagKind, type CustomerStatus } from './customers.constants.js';

/** A flag as the rules need it: its kind, and when it was set. */
export interface StandingFlag {
  kind: CustomerFlagKind;
  setAt: Date;
}

/** Setting a flag that already stands is refused (it would hide when it was set, and why). */
export function checkFlagSet(standing: readonly StandingFlag[], kind: CustomerFlagKind): void {
  if (standing.some((f) => f.kind === kind)) {
    throw new DomainError('CONFLICT', `${customerFlagLabels[kind]} is already set on this account.`, {
      kind: ['Already set: lift it first to set it again.'],
    });
  }
}

/**
 * Lifting needs the flag to stand. Lifting a restriction needs the customer told beforehand (GDPR
 * Art. 18(3)): the time given is after the restriction was set and not later than now. Returns the
 * standing flag to lift.
 */
export function checkFlagLift<F extends StandingFlag>(
  standing: readonly F[],
  kind: CustomerFlagKind,
  customerToldAt: Date | null,
  now: Date,
): F {
  const flag = standing.find((f) => f.kind === kind);
  if (!flag) {
    throw new DomainError('CONFLICT', `${customerFlagLabels[kind]} is not set on this account.`, {
      kind: ['Not set: there is nothing to lift.'],
    });
  }
  if (kind === 'restriction') {
    if (customerToldAt === null) {
      throw new DomainError(
        'BAD_REQUEST',
        'Record when the customer was told before lifting the restriction.',
        {
          customerTold: ['Required to lift a restriction (GDPR Art. 18(3)).'],
        },
      );
    }
    if (customerToldAt.getTime() > now.getTime()) {
      throw new DomainError('BAD_REQUEST', 'The customer must be told before the restriction is lifted.', {
        'customerTold.at': ['This is in the future: tell the customer first, then lift it.'],
      });
    }
    if (customerToldAt.getTime() < flag.setAt.getTime()) {
      throw new DomainError('BAD_REQUEST', 'The customer was told before the restriction was even set.', {
        'customerTold.at': ['Give when they were told that this restriction would be lifted.'],
      });
    }
  }
  return flag;
}

/** An erased account keeps only its proof: nothing more may stand on it, nor be lifted from it. */
export function checkAccountFlaggable(status: CustomerStatus): void {
  if (status === 'erased') {
    throw new DomainError('CONFLICT', 'This account was erased: its flags can no longer change.');
  }
}

/**
 * The account's status after a flag change: a restriction of processing restricts an active account and
 * lifting it makes the account active again. A pending deletion, or any other flag, leaves the status as it
 * is (a legal hold stops the purge, it does not change what the account is).
 */
export function statusAfterFlagChange(
  status: CustomerStatus,
  kind: CustomerFlagKind,
  change: 'set' | 'lift',
): CustomerStatus {
  if (kind !== 'restriction') return status;
  if (change === 'set' && status === 'active') return 'restricted';
  if (change === 'lift' && status === 'restricted') return 'active';
  return status;
}
