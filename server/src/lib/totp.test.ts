import { describe, expect, it } from 'vitest';
import { checkTotp, totpCode } from './totp.js';

const secret = 'PRIVACYDESKDEMOOFFICERAAAAAAAAAA';
const now = new Date('2027-03-01T10:00:00.000Z');
// 10:00:00 UTC on 1 March 2027 is step 1803895200 / 30.
const step = 60129840;

describe('checking a TOTP code', () => {
  it('accepts a code of now once, and refuses its replay', async () => {
    const code = await totpCode(secret, now);
    expect(await checkTotp(secret, code, null, now)).toBe(step);
    expect(await checkTotp(secret, code, step, now)).toBeNull();
  });

  it('refuses, without an error, when the last step used lies ahead of the clock (the clock went back)', async () => {
    const code = await totpCode(secret, now);
    await expect(checkTotp(secret, code, step + 480, now)).resolves.toBeNull();
    await expect(checkTotp(secret, code, step + 1, now)).resolves.toBeNull();
  });
});
