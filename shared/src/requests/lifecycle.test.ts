import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../auth/roles.js';
import { allowedMoves, checkMove, checkPlanMove, lifecycleMoves, type MoveDetails } from './lifecycle.js';
import { requestStatuses, type RequestStatus } from './requests.constants.js';

const officer = permissionsOf(['privacy_officer']);
const manager = permissionsOf(['manager']);
const support = permissionsOf(['support_agent']);

/** Every move a person may make by hand: [from, to, type it applies to, details it needs]. */
const manual: [RequestStatus, RequestStatus, 'access' | 'erasure', MoveDetails][] = [
  ['received', 'verifying', 'access', {}],
  ['verifying', 'in_progress', 'access', {}],
  ['verifying', 'awaiting_requester', 'access', { message: 'Please send a copy of your ID.' }],
  ['in_progress', 'awaiting_requester', 'access', { message: 'Which account do you mean?' }],
  ['awaiting_requester', 'verifying', 'access', {}],
  ['awaiting_requester', 'in_progress', 'access', {}],
  ['in_progress', 'completed', 'access', { outcome: 'fulfilled' }],
  [
    'verifying',
    'closed_unverified',
    'access',
    { reasonCode: 'identity_unverified', explanation: 'We could not verify you.' },
  ],
  [
    'awaiting_requester',
    'closed_unverified',
    'access',
    { reasonCode: 'insufficient_verification', explanation: 'No reply.' },
  ],
  ...(
    ['received', 'verifying', 'in_progress', 'awaiting_requester', 'awaiting_approval', 'approved'] as const
  ).flatMap((from): [RequestStatus, RequestStatus, 'access' | 'erasure', MoveDetails][] => [
    [
      from,
      'denied',
      from === 'awaiting_approval' || from === 'approved' ? 'erasure' : 'access',
      { reasonCode: 'excessive', explanation: 'Fifth request this month.' },
    ],
    [
      from,
      'withdrawn',
      from === 'awaiting_approval' || from === 'approved' ? 'erasure' : 'access',
      { note: 'Requester emailed to withdraw.' },
    ],
  ]),
];

/** Moves that exist in the model but are made elsewhere (erasure plan procedures, jobs). */
const elsewhere: [RequestStatus, RequestStatus][] = [
  ['in_progress', 'awaiting_approval'],
  ['awaiting_approval', 'approved'],
  ['awaiting_approval', 'in_progress'],
  ['approved', 'in_progress'],
  ['approved', 'awaiting_approval'],
  ['approved', 'fulfilling'],
  ['fulfilling', 'completed'],
];

const key = (from: string, to: string) => `${from}→${to}`;

describe('the lifecycle table (product.md §3)', () => {
  it('holds exactly the moves listed here', () => {
    const table = lifecycleMoves.map((m) => key(m.from, m.to)).sort();
    const expected = [...manual.map(([f, t]) => key(f, t)), ...elsewhere.map(([f, t]) => key(f, t))].sort();
    expect(table).toEqual(expected);
    expect(new Set(table).size).toBe(table.length);
  });

  it.each(manual)('allows %s → %s to a privacy officer with its details', (from, to, type, details) => {
    const result = checkMove({ from, to, type, held: officer, details });
    expect(result.ok).toBe(true);
    expect(allowedMoves(from, officer, { type }).map((m) => m.to)).toContain(to);
  });

  it.each(manual)('refuses %s → %s to managers and support agents', (from, to, type, details) => {
    for (const held of [manager, support]) {
      expect(checkMove({ from, to, type, held, details })).toMatchObject({ ok: false, refusal: 'forbidden' });
      expect(allowedMoves(from, held, { type })).toEqual([]);
    }
  });

  it.each(manual.filter(([, , , d]) => Object.keys(d).length > 0))(
    'refuses %s → %s without its details, field by field',
    (from, to, type, details) => {
      const result = checkMove({ from, to, type, held: officer, details: {} });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.refusal).toBe('missing_details');
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(Object.keys(details).sort());
      // Whitespace is not an explanation.
      const blank = Object.fromEntries(Object.keys(details).map((k) => [k, '   ']));
      expect(checkMove({ from, to, type, held: officer, details: blank }).ok).toBe(false);
    },
  );

  it.each(elsewhere)(
    'refuses %s → %s as a manual change: it is made by the erasure plan or a job',
    (from, to) => {
      const result = checkMove({
        from,
        to,
        type: 'erasure',
        held: permissionsOf(['privacy_officer']),
        details: { outcome: 'fulfilled', note: 'x' },
      });
      expect(result).toMatchObject({ ok: false, refusal: 'other_channel' });
      expect(allowedMoves(from, officer, { type: 'erasure' }).map((m) => m.to)).not.toContain(to);
    },
  );

  it('refuses every pair the table does not hold, whoever asks', () => {
    const held = new Set(lifecycleMoves.map((m) => key(m.from, m.to)));
    let refused = 0;
    for (const from of requestStatuses) {
      for (const to of requestStatuses) {
        if (held.has(key(from, to))) continue;
        const result = checkMove({
          from,
          to,
          type: 'access',
          held: officer,
          details: {
            outcome: 'fulfilled',
            reasonCode: 'excessive',
            explanation: 'x',
            message: 'x',
            note: 'x',
          },
        });
        expect(result, key(from, to)).toMatchObject({ ok: false, refusal: 'not_a_move' });
        refused += 1;
      }
    }
    expect(refused).toBe(requestStatuses.length ** 2 - held.size);
  });

  it('never moves a closed request', () => {
    for (const from of ['completed', 'denied', 'withdrawn', 'closed_unverified'] as const) {
      expect(allowedMoves(from, officer)).toEqual([]);
    }
  });

  it('sends erasure requests through their plan instead of completing them directly', () => {
    expect(
      checkMove({
        from: 'in_progress',
        to: 'completed',
        type: 'erasure',
        held: officer,
        details: { outcome: 'fulfilled' },
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'wrong_type',
    });
    expect(
      checkMove({
        from: 'in_progress',
        to: 'completed',
        type: 'delete',
        held: officer,
        details: { outcome: 'fulfilled' },
      }).ok,
    ).toBe(false);
    expect(allowedMoves('in_progress', officer, { type: 'erasure' }).map((m) => m.to)).not.toContain(
      'completed',
    );
  });

  it('records the outcome and reason code each closing move implies', () => {
    expect(
      checkMove({
        from: 'received',
        to: 'denied',
        type: 'access',
        held: officer,
        details: { reasonCode: 'no_match', explanation: 'No data.' },
      }),
    ).toMatchObject({
      ok: true,
      outcome: 'denied',
      reasonCode: 'no_match',
    });
    expect(
      checkMove({
        from: 'received',
        to: 'withdrawn',
        type: 'access',
        held: officer,
        details: { note: 'Phoned to withdraw.' },
      }),
    ).toMatchObject({
      ok: true,
      outcome: 'withdrawn',
      reasonCode: 'withdrawn',
    });
    expect(
      checkMove({
        from: 'in_progress',
        to: 'completed',
        type: 'access',
        held: officer,
        details: { outcome: 'fulfilled', reasonCode: 'excessive' },
      }),
    ).toMatchObject({
      ok: true,
      outcome: 'fulfilled',
      reasonCode: null,
    });
  });

  it('asks a partial completion for the reason and the explanation sent', () => {
    const partial = checkMove({
      from: 'in_progress',
      to: 'completed',
      type: 'access',
      held: officer,
      details: { outcome: 'partially_fulfilled' },
    });
    expect(partial).toMatchObject({
      ok: false,
      fieldErrors: { reasonCode: [expect.any(String)], explanation: [expect.any(String)] },
    });
    expect(
      checkMove({
        from: 'in_progress',
        to: 'completed',
        type: 'access',
        held: officer,
        details: { outcome: 'partially_fulfilled', reasonCode: 'exemption', explanation: 'Art. 15(4).' },
      }),
    ).toMatchObject({ ok: true, outcome: 'partially_fulfilled', reasonCode: 'exemption' });
  });

  it('keeps reason codes to the moves they fit', () => {
    expect(
      checkMove({
        from: 'received',
        to: 'denied',
        type: 'access',
        held: officer,
        details: { reasonCode: 'withdrawn', explanation: 'x' },
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { reasonCode: [expect.any(String)] },
    });
    expect(
      checkMove({
        from: 'verifying',
        to: 'closed_unverified',
        type: 'access',
        held: officer,
        details: { reasonCode: 'excessive', explanation: 'x' },
      }).ok,
    ).toBe(false);
  });
});

describe('the erasure plan’s moves', () => {
  it('are made on the plan, by the permission the table names, with their details', () => {
    expect(
      checkPlanMove({
        from: 'in_progress',
        action: 'submit_for_approval',
        type: 'erasure',
        held: officer,
        details: {},
      }),
    ).toMatchObject({ ok: true, move: { to: 'awaiting_approval' } });
    expect(
      checkPlanMove({
        from: 'awaiting_approval',
        action: 'approve',
        type: 'erasure',
        held: manager,
        details: {},
      }),
    ).toEqual({ ok: false, message: 'Your role does not allow “Approve erasure plan”.' });
    expect(
      checkPlanMove({
        from: 'approved',
        action: 'cancel_erasure',
        type: 'erasure',
        held: officer,
        details: {},
      }),
    ).toEqual({
      ok: false,
      message: '“Cancel the approved erasure” needs more details.',
      fieldErrors: { note: ['Say why (a short note).'] },
    });
    expect(
      checkPlanMove({
        from: 'fulfilling',
        action: 'cancel_erasure',
        type: 'erasure',
        held: officer,
        details: { note: 'x' },
      }),
    ).toEqual({
      ok: false,
      message: '“Cancel the approved erasure” cannot be done while the request is fulfilling.',
    });
    expect(
      checkPlanMove({
        from: 'in_progress',
        action: 'submit_for_approval',
        type: 'access',
        held: officer,
        details: {},
      }),
    ).toEqual({ ok: false, message: '“Submit erasure plan for approval” applies to erasure requests only.' });
    expect(
      checkPlanMove({
        from: 'approved',
        action: 'void_approval',
        type: 'erasure',
        held: officer,
        details: {},
      }),
    ).toMatchObject({ ok: true, move: { to: 'awaiting_approval' } });
  });
});
