import { describe, expect, it } from 'vitest';
import { checkCustomerLink, namesMatch } from './intake-rules.js';

describe('checkCustomerLink', () => {
  const diego = { name: 'Diego Castellanos', email: 'diego.castellanos@example.com' };

  it('flags a different surname even when the first name is the same', () => {
    expect(checkCustomerLink({ name: 'Diego Xavier', email: 'Diego.Castellanos@example.com ' }, diego)).toBe(
      'name_differs',
    );
  });

  it('matches names by their words: order, case, accents and initials aside', () => {
    expect(namesMatch('diego a. castellanos', 'Diego Castellanos')).toBe(true);
    expect(namesMatch('Castellanos, Diego', 'Diego Castellanos')).toBe(true);
    expect(namesMatch('Zoë Müller', 'Zoe Muller')).toBe(true);
    expect(namesMatch('D.', 'Diego Castellanos')).toBe(false);
  });

  it('flags the email alone, and both together', () => {
    expect(checkCustomerLink({ name: 'Diego Castellanos', email: 'dc@example.org' }, diego)).toBe(
      'email_differs',
    );
    expect(checkCustomerLink({ name: 'Ana Silva', email: 'ana@example.org' }, diego)).toBe('both_differ');
    expect(
      checkCustomerLink({ name: 'DIEGO CASTELLANOS', email: 'diego.castellanos@EXAMPLE.com' }, diego),
    ).toBe('match');
  });
});
