import {
  type allowedMoves,
  maskedEmail,
  maskedName,
  type AllowedMove,
  type Capabilities,
  type MaskedEmail,
  type MaskedName,
  type RequestQueueRow,
  type RequestQueueSummaryRow,
  type RequestSummary,
} from '@privdesk/shared';
import { requests } from '../../db/schema.js';
import { dueOnOf, priorityOf, type QueuePageRecord } from './requests.queries.js';

/**
 * How request rows become what a reader sees. Each function is typed as the shared output of its view, so
 * a masked view can only be built from masked values (`maskedName`, `maskedEmail`), and the procedure's
 * output schema then strips anything not on its allow-list.
 */

export type RequestRecord = typeof requests.$inferSelect;

export type PresentedRequester =
  | { requesterName: string; requesterEmail: string; requesterMasked: false }
  | { requesterName: MaskedName; requesterEmail: MaskedEmail; requesterMasked: true };

export function presentRequester(
  record: { requesterName: string; requesterEmail: string },
  can: Capabilities,
): PresentedRequester {
  return can.seeClearPii
    ? { requesterName: record.requesterName, requesterEmail: record.requesterEmail, requesterMasked: false }
    : {
        requesterName: maskedName(record.requesterName),
        requesterEmail: maskedEmail(record.requesterEmail),
        requesterMasked: true,
      };
}

export const summaryColumns = {
  id: requests.id,
  reference: requests.reference,
  type: requests.type,
  regime: requests.regime,
  status: requests.status,
  receivedAt: requests.receivedAt,
  companyDueOn: requests.companyDueOn,
  effectiveDueOn: requests.effectiveDueOn,
  requesterEmail: requests.requesterEmail,
  customerId: requests.customerId,
};

export function toSummary(
  r: Pick<
    RequestRecord,
    'id' | 'reference' | 'type' | 'regime' | 'status' | 'receivedAt' | 'companyDueOn' | 'effectiveDueOn'
  >,
): RequestSummary {
  return {
    id: r.id,
    reference: r.reference,
    type: r.type,
    regime: r.regime,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    dueOn: dueOnOf(r),
  };
}

export function toQueueRow(
  record: QueuePageRecord,
  can: Capabilities,
  names: Map<string, string>,
): RequestQueueRow {
  return {
    id: record.id,
    reference: record.reference,
    version: record.version,
    type: record.type,
    regime: record.regime,
    channel: record.channel,
    status: record.status,
    priority: priorityOf(record.priority),
    minor: record.minor,
    ...presentRequester(record, can),
    assignee:
      record.assigneeId === null
        ? null
        : { id: record.assigneeId, name: names.get(record.assigneeId) ?? 'Unknown staff member' },
    receivedAt: record.receivedAt.toISOString(),
    dueOn: dueOnOf(record),
    companyDueOn: record.companyDueOn,
    statutoryDueOn: record.statutoryDueOn,
    effectiveDueOn: record.effectiveDueOn,
    clockState: record.clockState,
    customerFlags: record.customerFlags,
    filedBy: record.filedBy ?? null,
  };
}

/** A summary reader's row: no internals, the requester always masked. */
export function toQueueSummaryRow(record: QueuePageRecord): RequestQueueSummaryRow {
  return {
    ...toSummary(record),
    customerFlags: record.customerFlags,
    requesterName: maskedName(record.requesterName),
    requesterEmail: maskedEmail(record.requesterEmail),
    requesterMasked: true,
  };
}

export function toAllowedMove(m: ReturnType<typeof allowedMoves>[number]): AllowedMove {
  return {
    to: m.to,
    action: m.action,
    label: m.label,
    needs: [...m.needs],
    reasonCodes: m.reasonCodes ? [...m.reasonCodes] : null,
  };
}
