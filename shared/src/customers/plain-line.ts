import type { RequestType } from '../clocks/regimes.js';
import { isOpenStatus, type RequestOutcome, type RequestStatus } from '../requests/requests.constants.js';

/** What each right is called when speaking to the customer ("your deletion request"). */
const spokenTypes: Record<RequestType, string> = {
  access: 'request for a copy of your data',
  rectification: 'request to correct your data',
  erasure: 'deletion request',
  restriction: 'request to restrict how we use your data',
  portability: 'request for your data in a portable format',
  objection: 'objection to how we use your data',
  withdraw_consent: 'withdrawal of your consent',
  know: 'request to know what data we hold about you',
  delete: 'deletion request',
  correct: 'request to correct your data',
  opt_out_sale: 'request to opt out of the sale or sharing of your data',
  limit_sensitive: 'request to limit the use of your sensitive data',
  confirmation: 'request to confirm whether we hold your data',
};

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "14 March", or "14 March 2027" when the year is not this one. */
function spokenDay(day: string, today: string): string {
  const [y, m, d] = day.split('-');
  const words = `${Number(d)} ${months[Number(m) - 1] ?? ''}`;
  return y === today.slice(0, 4) ? words : `${words} ${y}`;
}

export interface PlainLineRequest {
  reference: string;
  type: RequestType;
  status: RequestStatus;
  /** The effective due date: the date the answer is owed by. */
  dueOn: string;
  outcome: RequestOutcome | null;
  /** The day it closed, for a closed request. */
  closedOn: string | null;
}

/**
 * What a support agent reads to the customer about one of their requests (issue 12, item 3): where it
 * stands and by when we answer, in words a caller understands, and nothing of its internals — who works on
 * it, notes or the reasons recorded stay on the request page.
 */
export function plainStatusLine(r: PlainLineRequest, today: string): string {
  const what = spokenTypes[r.type];
  const yours = `your ${what} ${r.reference}`;
  if (isOpenStatus(r.status)) {
    const due = spokenDay(r.dueOn, today);
    if (r.dueOn < today) {
      return `${capital(yours)} is being worked on; it was due on ${due}, and we are sorry it is late.`;
    }
    switch (r.status) {
      case 'received':
        return `We have ${yours} and will answer by ${due}.`;
      case 'verifying':
        return `We are confirming your identity for ${yours}; we will answer by ${due}.`;
      case 'awaiting_requester':
        return `We are waiting for information we asked you for on ${yours}; once we have it, we will answer by ${due}, or later if we told you the wait pauses it.`;
      default:
        return `${capital(yours)} is being worked on; we will answer by ${due}.`;
    }
  }
  const on = r.closedOn === null ? '' : ` on ${spokenDay(r.closedOn, today)}`;
  switch (r.outcome) {
    case 'fulfilled':
      return `${capital(yours)} was completed${on}.`;
    case 'partially_fulfilled':
      return `${capital(yours)} was partly completed${on}; our reply explains what we could not do, and why.`;
    case 'denied':
      return `We declined ${yours}${on}; our reply explains why, and how to challenge the decision.`;
    case 'withdrawn':
      return `${capital(yours)} was withdrawn${on}, as you asked.`;
    case 'closed_unverified':
      return `We closed ${yours}${on} because we could not confirm your identity; you may ask again at any time.`;
    default:
      return `${capital(yours)} was closed${on}.`;
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
