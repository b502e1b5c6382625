import { describe, expect, it } from 'vitest';
import { permissionsOf } from '@privdesk/shared';
import { movePath } from './move-path.js';

const officer = permissionsOf(['privacy_officer']);
const actions = (path: ReturnType<typeof movePath>) => path?.map((m) => `${m.from}→${m.to}`);

describe('movePath', () => {
  it('takes the lifecycle’s shortest run of manual moves', () => {
    expect(actions(movePath('received', 'completed', 'access', officer))).toEqual([
      'received→verifying',
      'verifying→in_progress',
      'in_progress→completed',
    ]);
    expect(actions(movePath('received', 'closed_unverified', 'know', officer))).toEqual([
      'received→verifying',
      'verifying→closed_unverified',
    ]);
    expect(actions(movePath('received', 'denied', 'access', officer))).toEqual(['received→denied']);
    expect(actions(movePath('awaiting_requester', 'completed', 'know', officer))).toEqual([
      'awaiting_requester→in_progress',
      'in_progress→completed',
    ]);
    expect(movePath('received', 'received', 'access', officer)).toEqual([]);
  });

  it('finds no manual way to approve, execute or complete an erasure (that is the erasure plan’s)', () => {
    for (const to of ['awaiting_approval', 'approved', 'fulfilling', 'completed'] as const) {
      expect(movePath('received', to, 'erasure', officer)).toBeUndefined();
      expect(movePath('in_progress', to, 'delete', officer)).toBeUndefined();
    }
    expect(actions(movePath('received', 'in_progress', 'erasure', officer))).toEqual([
      'received→verifying',
      'verifying→in_progress',
    ]);
  });

  it('finds nothing for a role that may not work requests', () => {
    expect(movePath('received', 'verifying', 'access', permissionsOf(['support_agent']))).toBeUndefined();
  });
});
