// Zod-free: the pending-deletions page reads the stages and their labels without pulling zod.
import type { openRequestStatuses } from '../requests/requests.constants.js';

/**
 * Where an open erasure stands on its way to "removed within 30 days" (issue 15, item 8). The request's
 * status is the plan's state (docs/decisions/0009), so the stage is read from the status and from whether a
 * plan was made: an `in_progress` erasure with no plan has not been started, one with a plan is being
 * prepared (or prepared again after a rejection or a cancelled approval).
 */
export const deletionStages = [
  'identity_check',
  'waiting_on_requester',
  'no_plan',
  'preparing',
  'awaiting_approval',
  'grace_period',
  'running',
] as const;
export type DeletionStage = (typeof deletionStages)[number];

export const deletionStageLabels: Record<DeletionStage, string> = {
  identity_check: 'Verifying identity',
  waiting_on_requester: 'Waiting on requester',
  no_plan: 'No plan yet',
  preparing: 'Plan being prepared',
  awaiting_approval: 'Awaiting approval',
  grace_period: 'Approved (grace period)',
  running: 'Erasing',
};

/** Open statuses only: a closed request is not pending, and the list never asks about one. */
export type OpenRequestStatus = (typeof openRequestStatuses)[number];

export function deletionStageOf(status: OpenRequestStatus, hasPlan: boolean): DeletionStage {
  switch (status) {
    case 'received':
    case 'verifying':
      return 'identity_check';
    case 'awaiting_requester':
      return 'waiting_on_requester';
    case 'in_progress':
      return hasPlan ? 'preparing' : 'no_plan';
    case 'awaiting_approval':
      return 'awaiting_approval';
    case 'approved':
      return 'grace_period';
    case 'fulfilling':
      return 'running';
  }
}
