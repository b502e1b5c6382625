import { describe, expect, it } from 'vitest';
import { isOurAddress, referenceIn, referenceOfReplyAddress, suggestRequestType } from './inbox.constants.js';

describe('suggestRequestType', () => {
  it('reads the right a message asks for, as the suggested law names it', () => {
    expect(suggestRequestType('Please delete my account and all my data', 'gdpr')).toBe('erasure');
    expect(suggestRequestType('Please delete my account and all my data', 'ccpa')).toBe('delete');
    expect(suggestRequestType('I would like a copy of my personal data', 'gdpr')).toBe('access');
    expect(suggestRequestType('I would like a copy of my personal data', 'ccpa')).toBe('know');
    expect(suggestRequestType('Do not sell my personal information', 'ccpa')).toBe('opt_out_sale');
    expect(suggestRequestType('My address on file is wrong', 'uk_gdpr')).toBe('rectification');
    expect(suggestRequestType('Subject access request', undefined)).toBe('access');
    expect(suggestRequestType('Export my data in a machine-readable format', 'gdpr')).toBe('portability');
  });

  it('suggests nothing when no word points to a right', () => {
    expect(suggestRequestType('Hello, when is the next webinar?', 'gdpr')).toBeUndefined();
    // "sarcastic" is not "SAR": whole words only.
    expect(suggestRequestType('A sarcastic note', 'gdpr')).toBeUndefined();
  });

  it('erasure wins over access when a message asks to remove what it also asks about', () => {
    expect(suggestRequestType('What data do you have? Then remove it.', 'gdpr')).toBe('erasure');
  });
});

describe('threading helpers', () => {
  const ours = ['privacy@syncronis.net'];

  it('finds a reference in a subject, in any case', () => {
    expect(referenceIn('Re: Your request DSR-2026-000123')).toBe('DSR-2026-000123');
    expect(referenceIn('re: dsr-2026-000042 follow up')).toBe('DSR-2026-000042');
    expect(referenceIn('DSR-26-123')).toBeUndefined();
  });

  it('reads the reference of a reply address on our own domain only', () => {
    expect(referenceOfReplyAddress('privacy+dsr-2026-000123@syncronis.net', ours)).toBe('DSR-2026-000123');
    expect(referenceOfReplyAddress('Privacy+DSR-2026-000123@Syncronis.net', ours)).toBe('DSR-2026-000123');
    expect(referenceOfReplyAddress('privacy+dsr-2026-000123@evil.example', ours)).toBeUndefined();
    expect(referenceOfReplyAddress('privacy+hello@syncronis.net', ours)).toBeUndefined();
    expect(referenceOfReplyAddress('privacy@syncronis.net', ours)).toBeUndefined();
  });

  it('accepts our addresses with or without a sub-address, and nothing else', () => {
    expect(isOurAddress('privacy@syncronis.net', ours)).toBe(true);
    expect(isOurAddress('PRIVACY+anything@syncronis.net', ours)).toBe(true);
    expect(isOurAddress('sales@syncronis.net', ours)).toBe(false);
    expect(isOurAddress('privacy@syncronis.net.evil.example', ours)).toBe(false);
    expect(isOurAddress('not an address', ours)).toBe(false);
  });
});
