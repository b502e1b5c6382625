import { timingSafeEqual } from 'node:crypto';
import { sha256Hex, type SecretBox } from '../../lib/tokens.js';

/**
 * The secrets of an identity check sent by email are never stored: each is derived from the challenge's id
 * under a key from the app secret, so the sender can make the same link for the first mail, a reminder and
 * a resend after a crash, and the table keeps only a hash to compare with.
 *
 * A link's token is `<challenge id>.<40 hex of HMAC-SHA256(id)>`: signed, so a tampered link is refused
 * before any lookup; its SHA-256 is what the table keeps. A code is six digits from another HMAC of the id;
 * the table keeps a keyed hash of it (six digits are too few for a plain hash to hide them).
 */
export function linkTokenFor(box: SecretBox, challengeId: string): string {
  return `${challengeId}.${box.keyedHash('verification-link', challengeId).slice(0, 40)}`;
}

export function linkTokenHash(token: string): string {
  return sha256Hex(token);
}

/** The challenge a token names, when its signature holds; null for anything tampered or malformed. */
export function challengeIdOfToken(box: SecretBox, token: string): string | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-f]{40})$/.exec(
    token,
  );
  if (!match) return null;
  const [, id = '', signature = ''] = match;
  const expected = Buffer.from(box.keyedHash('verification-link', id).slice(0, 40));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export function oneTimeCodeFor(box: SecretBox, challengeId: string): string {
  const n = Number.parseInt(box.keyedHash('one-time-code', challengeId).slice(0, 12), 16) % 1_000_000;
  return String(n).padStart(6, '0');
}

export function oneTimeCodeHash(box: SecretBox, challengeId: string, code: string): string {
  return box.keyedHash('one-time-code-check', `${challengeId}:${code}`);
}

/** The requester's page for a link token. */
export function verificationPageUrl(publicOrigin: string, token: string): string {
  return `${publicOrigin.replace(/\/+$/, '')}/verify/${token}`;
}
