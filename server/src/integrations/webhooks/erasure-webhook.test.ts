import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './erasure-webhook.js';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const body = '{"id":"line-1","action":"delete"}';
const now = new Date('2027-03-01T14:00:00.000Z');
const t = Math.floor(now.getTime() / 1000);

describe('erasure call signatures', () => {
  it('sign the timestamp and the exact body with HMAC-SHA256', () => {
    // Worked out apart: printf '1803909600.{"id":"line-1","action":"delete"}' | openssl dgst -sha256 -hmac <secret>
    expect(signBody(secret, t, body)).toBe(
      't=1803909600,v1=b42c2faab457352e717470c810cb1144ab72f3f03006b7c79181aab41945e121',
    );
  });
});

describe('checking a signature', () => {
  it('accepts its own, and refuses a changed body, a stale or future time and a malformed header', () => {
    const header = signBody(secret, t, body);
    expect(verifySignature(secret, header, body, now)).toEqual({ ok: true });
    expect(verifySignature(secret, header, body.replace('delete', 'anonymise'), now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature('another-secret-another-secret-0000', header, body, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(secret, header, body, new Date(now.getTime() + 301_000))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature(secret, header, body, new Date(now.getTime() - 301_000))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature(secret, header, body, new Date(now.getTime() + 299_000))).toEqual({ ok: true });
    expect(verifySignature(secret, undefined, body, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, 'v1=abc', body, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
