// Zod-free on purpose: the web imports these through `@privdesk/shared/constants` without pulling zod.
// The Data Rights Protocol 0.9.4 (consumer-reports-innovation-lab/data-rights-protocol), as we speak it: our
// lifecycle, reason codes and due dates seen through its Exercise Status (§3.02, §3.03).
import type { RequestType } from '../clocks/regimes.js';
import type { KnowScope } from '../verification/verification.constants.js';
import {
  requestReasonCodeLabels,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestStatus,
} from '../requests/requests.constants.js';

export const drpVersion = '0.9.4';

/** The rights actions we take (§3.01), each spelling an agent may use, and what each becomes here. */
export const drpExercises = [
  'sale:opt_out',
  'sale:opt-out',
  'deletion',
  'access',
  'access:categories',
  'access:specific',
] as const;
export type DrpExercise = (typeof drpExercises)[number];

export const drpExerciseRequest: Record<DrpExercise, { type: RequestType; knowScope?: KnowScope }> = {
  'sale:opt_out': { type: 'opt_out_sale' },
  'sale:opt-out': { type: 'opt_out_sale' },
  deletion: { type: 'delete' },
  access: { type: 'know' },
  'access:categories': { type: 'know', knowScope: 'categories' },
  'access:specific': { type: 'know', knowScope: 'specific_pieces' },
};

export function isDrpExercise(value: string): value is DrpExercise {
  return (drpExercises as readonly string[]).includes(value);
}

export const drpStatuses = ['open', 'in_progress', 'fulfilled', 'revoked', 'denied', 'expired'] as const;
export type DrpStatus = (typeof drpStatuses)[number];

export const drpReasons = [
  'need_user_verification',
  'suspected_fraud',
  'insuf_verification',
  'no_match',
  'claim_not_covered',
  'outside_jurisdiction',
  'too_many_requests',
  'other',
] as const;
export type DrpReason = (typeof drpReasons)[number];

/**
 * Our reason codes in the protocol's words: two renamed, three the same, every other one `other` (the
 * processing details then say which, in words).
 */
export function drpReasonOf(code: RequestReasonCode | null): DrpReason {
  switch (code) {
    case 'insufficient_verification':
      return 'insuf_verification';
    case 'not_covered':
      return 'claim_not_covered';
    case 'no_match':
    case 'suspected_fraud':
    case 'outside_jurisdiction':
      return code;
    default:
      return 'other';
  }
}

/** An agent in our directory: trusted while active; a disabled one's tokens are gone. */
export const drpAgentStatuses = ['active', 'disabled'] as const;
export type DrpAgentStatus = (typeof drpAgentStatuses)[number];
/** Where an agent came from: the service-directory file read at start-up, or an admin. */
export const drpAgentSources = ['file', 'admin'] as const;
export type DrpAgentSource = (typeof drpAgentSources)[number];

/** What happened between us and the agent, on a request's timeline. */
export const drpEventKinds = ['filed', 'status_sent', 'status_failed', 'revoked'] as const;
export type DrpEventKind = (typeof drpEventKinds)[number];

/** A request as the status derivation needs it: its lifecycle, dates and how it ended. */
export interface DrpStatusSource {
  id: string;
  status: RequestStatus;
  outcome: RequestOutcome | null;
  reasonCode: RequestReasonCode | null;
  receivedAt: Date;
  effectiveDueOn: string;
  /** The extension on the clock ledger, when the request is extended: the new date and why. */
  extension: { reason: string | null } | null;
  agentRequestId: string | null;
  /**
   * Whether identity may be checked at all: an opt-out of sale may not be verified (11 CCR §7026), so while
   * it passes through "verifying" nobody waits on the consumer.
   */
  verificationAllowed: boolean;
  /** Where the consumer confirms who they are while we wait on them (our page for this request). */
  verificationUrl: string;
}

/** The Exercise Status object (§3.03), as sent on a status call and to the status callback. */
export interface DrpExerciseStatus {
  request_id: string;
  status: DrpStatus;
  reason?: DrpReason;
  received_at: string;
  expected_by?: string;
  agent_request_id?: string;
  processing_details?: string;
  user_verification_url?: string;
}

/**
 * Our lifecycle in the protocol's states: received is `open` (logged, not yet taken up); every other open
 * status is `in_progress`, with `need_user_verification` and our page's address while we wait on the
 * consumer (verifying identity, or asked for information); completed is `fulfilled`; a denial or a close
 * for want of verification is `denied` with the protocol's reason; a withdrawal is `revoked`. A message's
 * `expires-at` bounds the message, not the request, so `expired` is never given to a request. `expected_by`
 * is the effective due date while the request is open, with the extension's reason when extended (§3.08).
 */
export function drpStatusOf(source: DrpStatusSource): DrpExerciseStatus {
  const base: DrpExerciseStatus = {
    request_id: source.id,
    status: 'open',
    received_at: source.receivedAt.toISOString(),
    ...(source.agentRequestId === null ? {} : { agent_request_id: source.agentRequestId }),
  };
  const open = (status: 'open' | 'in_progress'): DrpExerciseStatus => ({
    ...base,
    status,
    expected_by: source.effectiveDueOn,
    ...(source.extension
      ? {
          processing_details: `Extended to ${source.effectiveDueOn}, as the law allows${
            source.extension.reason ? `: ${source.extension.reason}` : '.'
          }`,
        }
      : {}),
  });
  switch (source.status) {
    case 'received':
      return open('open');
    case 'verifying':
      if (!source.verificationAllowed) return open('in_progress');
      return {
        ...open('in_progress'),
        reason: 'need_user_verification',
        user_verification_url: source.verificationUrl,
      };
    case 'awaiting_requester':
      return {
        ...open('in_progress'),
        reason: 'need_user_verification',
        user_verification_url: source.verificationUrl,
      };
    case 'in_progress':
    case 'awaiting_approval':
    case 'approved':
    case 'fulfilling':
      return open('in_progress');
    case 'completed':
      return source.outcome === 'partially_fulfilled'
        ? { ...base, status: 'fulfilled', processing_details: 'Partially fulfilled.' }
        : { ...base, status: 'fulfilled' };
    case 'denied':
    case 'closed_unverified': {
      const code =
        source.reasonCode ?? (source.status === 'closed_unverified' ? 'identity_unverified' : null);
      return {
        ...base,
        status: 'denied',
        reason: drpReasonOf(code),
        ...(code === null ? {} : { processing_details: requestReasonCodeLabels[code] }),
      };
    }
    case 'withdrawn':
      return { ...base, status: 'revoked' };
  }
}
