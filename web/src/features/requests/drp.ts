import type { DrpEventKind, DrpExercise, DrpReason, DrpStatus } from '@privdesk/shared/constants';

// Requests filed by authorised agents over the Data Rights Protocol, in words for the request page and its
// timeline. The protocol's own codes stay on the wire; staff read these.

/** The rights action the agent asked for (both spellings of the opt-out are the protocol's). */
export const drpExerciseLabels: Record<DrpExercise, string> = {
  'sale:opt_out': 'Opt out of sale',
  'sale:opt-out': 'Opt out of sale',
  deletion: 'Delete',
  access: 'Know (access)',
  'access:categories': 'Know: categories',
  'access:specific': 'Know: specific pieces',
};

/** The Exercise Status the agent reads (§3.02). */
export const drpStatusLabels: Record<DrpStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  fulfilled: 'Fulfilled',
  revoked: 'Revoked',
  denied: 'Denied',
  expired: 'Expired',
};

export const drpReasonLabels: Record<DrpReason, string> = {
  need_user_verification: 'needs the consumer to verify',
  suspected_fraud: 'suspected fraud',
  insuf_verification: 'insufficient verification',
  no_match: 'no match',
  claim_not_covered: 'claim not covered',
  outside_jurisdiction: 'outside jurisdiction',
  too_many_requests: 'too many requests',
  other: 'other',
};

/** "In progress (needs the consumer to verify)"; "—" when the entry carries no status. */
export function drpStatusText(status: DrpStatus | null, reason: DrpReason | null): string {
  if (status === null) return '—';
  return reason === null
    ? drpStatusLabels[status]
    : `${drpStatusLabels[status]} (${drpReasonLabels[reason]})`;
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

/** What a DRP entry says, as a timeline title (the agent's id, the status and the receiver's HTTP answer). */
export function drpEventTitle(event: {
  event: DrpEventKind;
  agentId: string;
  status: DrpStatus | null;
  reason: DrpReason | null;
  httpStatus: number | null;
  attempt: number;
}): string {
  switch (event.event) {
    case 'filed':
      return `Filed by authorised agent (${event.agentId})`;
    case 'status_sent':
      return `Status sent to the agent: ${drpStatusText(event.status, event.reason)}${
        event.httpStatus === null ? '' : ` — HTTP ${event.httpStatus}`
      }`;
    case 'status_failed':
      return `Status not delivered to the agent after ${attempts(event.attempt)}: ${drpStatusText(event.status, event.reason)}`;
    case 'revoked':
      return 'Revoked by the authorised agent';
  }
}
