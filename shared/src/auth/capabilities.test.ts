import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from './capabilities.js';

describe('capabilities', () => {
  it('resolves each role to what its services may do (written out per role)', () => {
    expect(capabilitiesOf(['privacy_officer'])).toEqual({
      seeClearPii: true,
      readRequestInternals: true,
      assignRequests: true,
      workRequests: true,
      readMessages: true,
    });
    expect(capabilitiesOf(['support_agent'])).toEqual({
      seeClearPii: false,
      readRequestInternals: false,
      assignRequests: false,
      workRequests: false,
      readMessages: false,
    });
    expect(capabilitiesOf(['manager'])).toEqual({
      seeClearPii: false,
      readRequestInternals: true,
      assignRequests: true,
      workRequests: false,
      readMessages: false,
    });
    expect(capabilitiesOf(['auditor'])).toEqual({
      seeClearPii: false,
      readRequestInternals: true,
      assignRequests: false,
      workRequests: false,
      readMessages: false,
    });
    expect(capabilitiesOf(['admin'])).toEqual({
      seeClearPii: false,
      readRequestInternals: false,
      assignRequests: false,
      workRequests: false,
      readMessages: false,
    });
  });

  it('unions several roles', () => {
    expect(capabilitiesOf(['support_agent', 'auditor']).readRequestInternals).toBe(true);
  });
});
