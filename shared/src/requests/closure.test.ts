import { describe, expect, it } from 'vitest';
import { closureOutcome } from './closure.js';

describe('closureOutcome', () => {
  it('is on time when closed on the day due', () => {
    expect(
      closureOutcome({
        closedOn: '2025-12-30',
        statutoryDueOn: '2025-12-30',
        companyDueOn: '2025-12-30',
        companySuperseded: false,
      }),
    ).toEqual({
      closedOn: '2025-12-30',
      against: 'statutory',
      dueOn: '2025-12-30',
      daysLate: 0,
      statutoryMet: true,
      companySlaMet: true,
    });
  });

  it('counts days late against the earlier company SLA, and says the law was still kept', () => {
    expect(
      closureOutcome({
        closedOn: '2026-02-05',
        statutoryDueOn: '2026-02-09',
        companyDueOn: '2026-01-30',
        companySuperseded: false,
      }),
    ).toMatchObject({
      against: 'company',
      dueOn: '2026-01-30',
      daysLate: 6,
      statutoryMet: true,
      companySlaMet: false,
    });
  });

  it('measures an extended request against the extended date and counts the company SLA as missed', () => {
    expect(
      closureOutcome({
        closedOn: '2026-01-15',
        statutoryDueOn: '2026-03-02',
        companyDueOn: '2025-12-30',
        companySuperseded: true,
      }),
    ).toMatchObject({
      against: 'statutory',
      dueOn: '2026-03-02',
      daysLate: 0,
      statutoryMet: true,
      companySlaMet: false,
    });
  });

  it('is late against the law when closed after the statutory date', () => {
    expect(
      closureOutcome({
        closedOn: '2026-03-04',
        statutoryDueOn: '2026-03-02',
        companyDueOn: '2025-12-30',
        companySuperseded: true,
      }),
    ).toMatchObject({ against: 'statutory', daysLate: 2, statutoryMet: false, companySlaMet: false });
  });
});
