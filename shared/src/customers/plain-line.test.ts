import { describe, expect, it } from 'vitest';
import { plainStatusLine, type PlainLineRequest } from './plain-line.js';

const base: PlainLineRequest = {
  reference: 'DSR-2026-000123',
  type: 'erasure',
  status: 'in_progress',
  dueOn: '2027-03-14',
  outcome: null,
  closedOn: null,
};

describe('the line a support agent reads to the customer', () => {
  it('says an open request is being worked on and by when we answer', () => {
    expect(plainStatusLine(base, '2027-02-20')).toBe(
      'Your deletion request DSR-2026-000123 is being worked on; we will answer by 14 March.',
    );
  });
  it('names the year when the answer is due in another year', () => {
    expect(plainStatusLine({ ...base, type: 'access', status: 'received' }, '2026-12-04')).toBe(
      'We have your request for a copy of your data DSR-2026-000123 and will answer by 14 March 2027.',
    );
  });
  it('owns up to a late answer', () => {
    expect(plainStatusLine({ ...base, dueOn: '2027-02-10' }, '2027-02-20')).toBe(
      'Your deletion request DSR-2026-000123 is being worked on; it was due on 10 February, and we are sorry it is late.',
    );
  });
  it('says what is waited for while the customer owes us information', () => {
    expect(plainStatusLine({ ...base, status: 'awaiting_requester' }, '2027-02-20')).toMatch(
      /^We are waiting for information we asked you for on your deletion request DSR-2026-000123; once we have it, we will answer by 14 March/,
    );
  });
  it('tells how a closed request ended, and when', () => {
    const closed = { ...base, status: 'completed' as const, closedOn: '2027-03-02' };
    expect(plainStatusLine({ ...closed, outcome: 'fulfilled' }, '2027-03-05')).toBe(
      'Your deletion request DSR-2026-000123 was completed on 2 March.',
    );
    expect(
      plainStatusLine({ ...closed, status: 'denied', outcome: 'denied', type: 'know' }, '2027-03-05'),
    ).toBe(
      'We declined your request to know what data we hold about you DSR-2026-000123 on 2 March; our reply explains why, and how to challenge the decision.',
    );
    expect(
      plainStatusLine({ ...closed, status: 'closed_unverified', outcome: 'closed_unverified' }, '2027-03-05'),
    ).toBe(
      'We closed your deletion request DSR-2026-000123 on 2 March because we could not confirm your identity; you may ask again at any time.',
    );
  });
});
