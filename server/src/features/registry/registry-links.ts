import { timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../lib/tokens.js';

/**
 * A registry subscriber's links (confirm the subscription, stop it) carry `<subscriber id>.<40 hex of an
 * HMAC of the id for that purpose>`: signed, so a tampered link is refused before any lookup, and made again
 * from the id when a message leaves, so no table holds a usable link.
 */
export type RegistryLinkPurpose = 'confirm' | 'unsubscribe';

export function registryLinkToken(
  box: SecretBox,
  purpose: RegistryLinkPurpose,
  subscriberId: string,
): string {
  return `${subscriberId}.${box.keyedHash(`registry-${purpose}`, subscriberId).slice(0, 40)}`;
}

/** The subscriber a token names, when its signature for that purpose holds; null otherwise. */
export function subscriberIdOfToken(
  box: SecretBox,
  purpose: RegistryLinkPurpose,
  token: string,
): string | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-f]{40})$/.exec(
    token,
  );
  if (!match) return null;
  const [, id = '', signature = ''] = match;
  const expected = Buffer.from(box.keyedHash(`registry-${purpose}`, id).slice(0, 40));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** Stand-ins in a stored message's text, replaced with the subscriber's own link when the message leaves. */
export const registryUnsubscribeStandIn = '[unsubscribe link]';
export const registryConfirmStandIn = '[confirmation link]';

/** The public registry page's address for a subscriber's link (`/subprocessors/confirm/<token>`). */
export function registryPageUrl(publicOrigin: string, purpose: RegistryLinkPurpose, token: string): string {
  return `${publicOrigin.replace(/\/+$/, '')}/subprocessors/${purpose}/${token}`;
}
