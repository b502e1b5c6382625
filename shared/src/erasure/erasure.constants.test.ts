import { describe, expect, it } from 'vitest';
import { lineChangeRefusal, proposePlanLines, type ProposalSystem } from './erasure.constants.js';

const nimbus = { id: 'sp-nimbus', name: 'Nimbus Cloud' };
const tillpoint = { id: 'sp-tillpoint', name: 'Tillpoint Payments' };

const systems: ProposalSystem[] = [
  {
    id: 'platform',
    name: 'Platform database',
    connectorKind: 'internal',
    retentionRules: [],
    holds: true,
    recipients: [nimbus],
  },
  {
    id: 'hosting',
    name: 'Cloud hosting',
    connectorKind: 'manual',
    retentionRules: [],
    holds: null,
    recipients: [nimbus],
  },
  {
    id: 'payments',
    name: 'Payments',
    connectorKind: 'webhook',
    retentionRules: [
      { scope: 'Invoices', ground: 'legal_obligation', law: 'Tax law, 10 years', platformScope: null },
    ],
    holds: null,
    recipients: [tillpoint],
  },
  {
    id: 'analytics',
    name: 'Analytics',
    connectorKind: 'internal',
    retentionRules: [],
    holds: false,
    recipients: [{ id: 'sp-trackwell', name: 'Trackwell' }],
  },
];

describe('proposePlanLines: the recipients’ notifications (GDPR Art. 19)', () => {
  it('adds one notify line per recipient of erased data, on the first system it receives, after the data lines', () => {
    const lines = proposePlanLines(systems, { legalHold: false });
    expect(lines.map((l) => [l.dataSystemId, l.action, l.recipientId])).toEqual([
      ['platform', 'delete', null],
      ['hosting', 'delete', null],
      ['payments', 'delete', null],
      ['payments', 'retain', null],
      ['analytics', 'not_held', null],
      // Nimbus receives two systems' data: told once. Trackwell's system holds nothing: nobody to tell.
      ['platform', 'notify', 'sp-nimbus'],
      ['payments', 'notify', 'sp-tillpoint'],
    ]);
  });

  it('tells nobody under a legal hold: nothing is erased', () => {
    const lines = proposePlanLines(systems, { legalHold: true });
    expect(lines.filter((l) => l.action === 'notify')).toEqual([]);
    expect(lines.every((l) => l.action === 'retain' && l.forcedBy === 'legal_hold')).toBe(true);
  });
});

describe('lineChangeRefusal: a notification stays one', () => {
  const notify = { action: 'notify' as const, ground: null, forcedBy: null, scope: null };
  const data = { action: 'delete' as const, ground: null, forcedBy: null, scope: null };

  it('refuses turning a notification into another action, and any line into a notification', () => {
    expect(lineChangeRefusal(notify, { action: 'delete', ground: null, note: null })).toEqual({
      action:
        'A recipient’s line stays a notification: if the recipient cannot be told, justify the line once the erasure runs.',
    });
    expect(lineChangeRefusal(data, { action: 'notify', ground: null, note: null })).toEqual({
      action: 'Only a recipient’s line notifies: choose delete, anonymise, retain or holds nothing.',
    });
  });

  it('lets a notification keep its action with a note', () => {
    expect(lineChangeRefusal(notify, { action: 'notify', ground: null, note: 'Call their DPO' })).toBeNull();
  });
});
