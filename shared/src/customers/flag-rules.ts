import { DomainError } from '../common/errors.js';
import { customerFlagLabels, type CustomerFlagKind } from './customers.constants.js';

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
