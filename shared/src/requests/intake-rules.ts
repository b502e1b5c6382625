// Zod-free: the intake form and the receipt-time correction apply the same rules before sending.

/** A receipt time a little ahead of the server's clock is the sender's clock, not the future. */
export const receiptClockSkewMs = 2 * 60_000;
/** Nothing this product handles was received before 2000: an earlier date is a typing slip. */
export const earliestReceipt = new Date('2000-01-01T00:00:00Z');
/** Under 16 at receipt: product.md §2 (children's data deleted promptly). */
export const minorAgeLimit = 16;

export type ReceiptVerdict = { ok: true; receivedAt: Date } | { ok: false; message: string };

/**
 * The real receipt time of a request, judged against now: never in the future (a skew of two minutes is
 * taken as now), never before 2000.
 */
export function checkReceiptTime(receivedAt: Date, now: Date): ReceiptVerdict {
  if (Number.isNaN(receivedAt.getTime())) return { ok: false, message: 'The receipt time is not a date.' };
  if (receivedAt.getTime() > now.getTime() + receiptClockSkewMs) {
    return { ok: false, message: 'The receipt time cannot be in the future.' };
  }
  if (receivedAt < earliestReceipt) {
    return { ok: false, message: 'The receipt time is before 2000: check the date.' };
  }
  return { ok: true, receivedAt: receivedAt > now ? now : receivedAt };
}

/** Whether someone born in `birthYear` is a minor at `at` (by year of birth: the directory holds no more). */
export function isMinorAt(birthYear: number | null, at: Date): boolean {
  return birthYear !== null && at.getUTCFullYear() - birthYear < minorAgeLimit;
}
