import { describe, expect, it } from 'vitest';
import { actorFrom } from '../lib/service.js';
import { viewSlip } from './init.js';

const id = '5f0c1a4e-2b7d-4c8e-9a1f-3d6b7e8f9a0b';

describe('the per-role view check after the output parse', () => {
  it('refuses a clear requester, at any depth, to a reader without pii:read', () => {
    const manager = actorFrom({ staffId: id, roles: ['manager'] });
    expect(viewSlip({ view: 'full', items: [{ requesterMasked: false }] }, manager)).toBe(
      'clear personal data',
    );
    expect(viewSlip({ customer: { masked: false } }, manager)).toBe('clear personal data');
    expect(viewSlip({ view: 'full', items: [{ requesterMasked: true }] }, manager)).toBeNull();
  });

  it('refuses a full queue view to a summary reader', () => {
    const agent = actorFrom({ staffId: id, roles: ['support_agent'] });
    expect(viewSlip({ view: 'full', items: [] }, agent)).toBe('full view');
    expect(viewSlip({ view: 'summary', items: [{ requesterMasked: true }] }, agent)).toBeNull();
  });

  it('lets a privacy officer have the clear full view', () => {
    const officer = actorFrom({ staffId: id, roles: ['privacy_officer'] });
    expect(viewSlip({ view: 'full', items: [{ requesterMasked: false }] }, officer)).toBeNull();
  });
});
