import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export const totpIssuer = 'Privacy Desk';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: totpIssuer, label, secret });
}

export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/**
 * Checks a code within ±1 step of now and never accepts a step at or before `lastStep` (replay).
 * Returns the matched step to store, or null.
 */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  now: Date,
): Promise<number | null> {
  const epoch = Math.floor(now.getTime() / 1000);
  // A last step beyond what any code of now can reach (the server's clock went back: a corrected clock, a
  // test clock restarted) leaves no code to accept until time catches up: refused, not an error.
  if (lastStep !== null && lastStep >= Math.floor((epoch + 30) / 30)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: 30,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}
