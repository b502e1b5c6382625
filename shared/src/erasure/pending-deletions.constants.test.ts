import { describe, expect, it } from 'vitest';
import { openRequestStatuses } from '../requests/requests.constants.js';
import { deletionStageLabels, deletionStageOf, deletionStages } from './pending-deletions.constants.js';

describe('deletion stage', () => {
  it('reads the stage from the status, and from whether a plan was made while work is in progress', () => {
    const table = openRequestStatuses.map((status) => [
      status,
      deletionStageOf(status, false),
      deletionStageOf(status, true),
    ]);
    expect(table).toEqual([
      ['received', 'identity_check', 'identity_check'],
      ['verifying', 'identity_check', 'identity_check'],
      ['in_progress', 'no_plan', 'preparing'],
      ['awaiting_requester', 'waiting_on_requester', 'waiting_on_requester'],
      ['awaiting_approval', 'awaiting_approval', 'awaiting_approval'],
      ['approved', 'grace_period', 'grace_period'],
      ['fulfilling', 'running', 'running'],
    ]);
  });

  it('names every stage, each differently', () => {
    const labels = deletionStages.map((s) => deletionStageLabels[s]);
    expect(new Set(labels).size).toBe(deletionStages.length);
    expect(deletionStageLabels.grace_period).toBe('Approved (grace period)');
  });
});
