// Zod-free: the web shows the placeholder and the masks handle it the same way the server does.
import { isOpenStatus, type RequestStatus } from './requests.constants.js';

/**
 * What a requester's personal data becomes once a closed request has been kept for the retention period
 * (setting `requestRetentionMonths`; issue 18): every name, address and free text of the request reads this
 * instead. One fixed phrase, never a value derived from what it replaces, so nothing of the person is left;
 * it has spaces and no @, so it can never match an email, a search or a duplicate check.
 */
export const retentionPlaceholder = 'Removed after the retention period';

/** The shortest retention an admin may set: CCPA §7101 has the request log kept for at least 24 months. */
export const minimumRetentionMonths = 24;

function daysInMonthUtc(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * The instant `months` calendar months before `now` (UTC, same time of day). Where that month is shorter
 * than `now`'s day, its last day: 31 May less 3 months is 28 February (29 in a leap year), as a lawyer
 * counts months. A request that closed before this instant has been kept the whole period.
 */
export function retentionCutoff(now: Date, months: number): Date {
  if (!Number.isInteger(months) || months < 0) {
    throw new RangeError(`The retention period must be a whole number of months (got ${String(months)}).`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('The retention cutoff needs a valid instant.');
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const monthIndex = total - year * 12;
  const day = Math.min(now.getUTCDate(), daysInMonthUtc(year, monthIndex));
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(year, monthIndex, day);
  return cutoff;
}

/** What the rule looks at: how the request stands, when it closed, and whether it was scrubbed already. */
export interface RetentionSubject {
  status: RequestStatus;
  closedAt: Date | null;
  scrubbedAt: Date | null;
}

/**
 * Whether the requester's personal data is due to be removed: the request is closed, closed before the
 * cutoff, and not scrubbed yet (a scrub happens once). An open request is never due, however old.
 */
export function isRetentionDue(request: RetentionSubject, cutoff: Date): boolean {
  return (
    !isOpenStatus(request.status) &&
    request.closedAt !== null &&
    request.scrubbedAt === null &&
    request.closedAt.getTime() < cutoff.getTime()
  );
}
