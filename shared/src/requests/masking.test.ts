import { describe, expect, it } from 'vitest';
import { maskEmail, maskName } from './masking.js';

describe('masking', () => {
  it('masks emails to the first letters and the top-level domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@e***.com');
    expect(maskEmail('x@mail.co.uk')).toBe('x***@m***.uk');
    expect(maskEmail('nodomain')).toBe('n***');
  });

  it('masks names to initials and the first letter of the last word', () => {
    expect(maskName('Jane Doe')).toBe('J. D***');
    expect(maskName('  Cher ')).toBe('C***');
    expect(maskName('Mary Ann van Dyke')).toBe('M. A. v. D***');
    expect(maskName('')).toBe('***');
  });

  it('never contains more than one letter of any word', () => {
    expect(maskName('Olivia Okafor')).not.toMatch(/liv|kaf/);
    expect(maskEmail('olivia.okafor@privacydesk.example')).not.toMatch(/livia|rivacy/);
  });
});
