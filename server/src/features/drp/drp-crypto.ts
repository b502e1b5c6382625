import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';

/**
 * The Data Rights Protocol's signed bodies (§3.07.1): base64 of a 64-byte Ed25519 signature followed by the
 * JSON it signs ("combined mode"). Node's own Ed25519 does the cryptography; nothing here is home-made
 * beyond taking the bytes apart.
 */
export const signatureBytes = 64;

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** The body's bytes, or null when it is not base64 (or too short to hold a signature and a message). */
export function decodeSignedBody(body: string): { signature: Buffer; message: Buffer } | null {
  const text = body.trim();
  if (text.length % 4 !== 0 || !base64Pattern.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length <= signatureBytes) return null;
  return { signature: bytes.subarray(0, signatureBytes), message: bytes.subarray(signatureBytes) };
}

/** A raw 32-byte Ed25519 public key (base64, as the directory gives it) as a key Node verifies with. */
export function ed25519PublicKey(verifyKey: string): KeyObject {
  const raw = Buffer.from(verifyKey, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 verify key is 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

export function verifySignature(verifyKey: string, signature: Buffer, message: Buffer): boolean {
  try {
    return verify(null, message, ed25519PublicKey(verifyKey), signature);
  } catch {
    return false;
  }
}

/** A key's SHA-256, first 16 hex digits: what the admin page and the audit log show of it. */
export function keyFingerprint(verifyKey: string): string {
  return createHash('sha256').update(Buffer.from(verifyKey, 'base64')).digest('hex').slice(0, 16);
}

/** A bearer token: 32 random bytes, base64url; only its hash is kept. */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}
