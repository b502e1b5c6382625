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

/**
 * Whether a linked customer account looks like someone else than the requester (a request logged for
 * "Diego Xavier" linked to "Diego Castellanos"). Emails compare whole, ignoring case; names compare by
 * their words (case, accents and initials ignored), and match when every word of the shorter name is in the
 * longer one ("Diego Castellanos" and "Diego A. Castellanos" are the same person here).
 */
export const customerLinkChecks = ['match', 'name_differs', 'email_differs', 'both_differ'] as const;
export type CustomerLinkCheck = (typeof customerLinkChecks)[number];

function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2);
}

export function namesMatch(a: string, b: string): boolean {
  const [shorter, longer] = [nameWords(a), nameWords(b)].sort((x, y) => x.length - y.length);
  if (!shorter || !longer || shorter.length === 0) return false;
  return shorter.every((word) => longer.includes(word));
}

export function checkCustomerLink(
  requester: { name: string; email: string },
  customer: { name: string; email: string },
): CustomerLinkCheck {
  const email = requester.email.trim().toLowerCase() !== customer.email.trim().toLowerCase();
  const name = !namesMatch(requester.name, customer.name);
  return email && name ? 'both_differ' : email ? 'email_differs' : name ? 'name_differs' : 'match';
}

export const customerLinkCheckLabels: Record<Exclude<CustomerLinkCheck, 'match'>, string> = {
  name_differs: 'The linked account’s name differs from the requester’s.',
  email_differs: 'The linked account’s email differs from the requester’s.',
  both_differ: 'The linked account’s name and email both differ from the requester’s.',
};
