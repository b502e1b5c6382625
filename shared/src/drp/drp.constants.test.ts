import { describe, expect, it } from 'vitest';
import { drpReasonOf, drpStatusOf, type DrpStatusSource } from './drp.constants.js';

const source: DrpStatusSource = {
  id: '0b5c7f3e-1a2b-4c3d-8e9f-001122334455',
  status: 'received',
  outcome: null,
  reasonCode: null,
  receivedAt: new Date('2027-02-02T17:00:00.000Z'),
  effectiveDueOn: '2027-03-19',
  extension: null,
  agentRequestId: 'ps-9',
  verificationAllowed: true,
  verificationUrl: 'https://desk.test/drp/verify/0b5c7f3e-1a2b-4c3d-8e9f-001122334455',
};

describe('our reason codes in the protocol’s words', () => {
  it('renames two, keeps three, and says other for the rest', () => {
    expect(drpReasonOf('insufficient_verification')).toBe('insuf_verification');
    expect(drpReasonOf('not_covered')).toBe('claim_not_covered');
    expect(drpReasonOf('no_match')).toBe('no_match');
    expect(drpReasonOf('suspected_fraud')).toBe('suspected_fraud');
    expect(drpReasonOf('outside_jurisdiction')).toBe('outside_jurisdiction');
    expect(drpReasonOf('identity_unverified')).toBe('other');
    expect(drpReasonOf('excessive')).toBe('other');
    expect(drpReasonOf('duplicate')).toBe('other');
    expect(drpReasonOf(null)).toBe('other');
  });
});

describe('the Exercise Status of a request (§3.03)', () => {
  it('received is open, with the due date expected', () => {
    expect(drpStatusOf(source)).toEqual({
      request_id: '0b5c7f3e-1a2b-4c3d-8e9f-001122334455',
      status: 'open',
      received_at: '2027-02-02T17:00:00.000Z',
      expected_by: '2027-03-19',
      agent_request_id: 'ps-9',
    });
  });

  it('waiting on the consumer is in_progress / need_user_verification with our page', () => {
    for (const status of ['verifying', 'awaiting_requester'] as const)
      expect(drpStatusOf({ ...source, status })).toMatchObject({
        status: 'in_progress',
        reason: 'need_user_verification',
        user_verification_url: 'https://desk.test/drp/verify/0b5c7f3e-1a2b-4c3d-8e9f-001122334455',
      });
  });

  it('an opt-out passing through verifying waits on nobody', () => {
    const status = drpStatusOf({ ...source, status: 'verifying', verificationAllowed: false });
    expect(status.status).toBe('in_progress');
    expect(status.reason).toBeUndefined();
  });

  it('an extension moves expected_by and says why (§3.08)', () => {
    expect(
      drpStatusOf({
        ...source,
        status: 'in_progress',
        effectiveDueOn: '2027-05-03',
        extension: { reason: 'Records from three systems.' },
      }),
    ).toMatchObject({
      status: 'in_progress',
      expected_by: '2027-05-03',
      processing_details: 'Extended to 2027-05-03, as the law allows: Records from three systems.',
    });
  });

  it('closes as fulfilled, denied with the protocol’s reason, or revoked — never expired', () => {
    expect(drpStatusOf({ ...source, status: 'completed', outcome: 'fulfilled' })).toEqual({
      request_id: source.id,
      status: 'fulfilled',
      received_at: '2027-02-02T17:00:00.000Z',
      agent_request_id: 'ps-9',
    });
    expect(drpStatusOf({ ...source, status: 'completed', outcome: 'partially_fulfilled' })).toMatchObject({
      status: 'fulfilled',
      processing_details: 'Partially fulfilled.',
    });
    expect(
      drpStatusOf({ ...source, status: 'denied', outcome: 'denied', reasonCode: 'not_covered' }),
    ).toMatchObject({
      status: 'denied',
      reason: 'claim_not_covered',
      processing_details: 'Right does not apply',
    });
    expect(
      drpStatusOf({
        ...source,
        status: 'closed_unverified',
        outcome: 'closed_unverified',
        reasonCode: 'insufficient_verification',
      }),
    ).toMatchObject({ status: 'denied', reason: 'insuf_verification' });
    expect(
      drpStatusOf({ ...source, status: 'withdrawn', outcome: 'withdrawn', reasonCode: 'withdrawn' }).status,
    ).toBe('revoked');
  });
});
