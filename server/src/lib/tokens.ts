import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** A random, URL-safe secret to hand out once (session cookie, set-password link). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are stored only as this hash; a database leak gives no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** AES-256-GCM with a key derived from the app secret; output `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /**
   * HMAC-SHA256 (hex) of `value` under a key derived from the app secret for `purpose`: the same value
   * gives the same hash (so repeats can be told apart from new terms), but nobody with the database and
   * without the secret can test guesses against it.
   */
  keyedHash(purpose: string, value: string): string;
}

export function createSecretBox(appSecret: string): SecretBox {
  const key = createHash('sha256').update(`privdesk:secretbox:${appSecret}`).digest();
  const hashKeys = new Map<string, Buffer>();
  const hashKey = (purpose: string) => {
    let k = hashKeys.get(purpose);
    if (!k) {
      k = createHash('sha256').update(`privdesk:hmac:${purpose}:${appSecret}`).digest();
      hashKeys.set(purpose, k);
    }
    return k;
  };
  return {
    keyedHash(purpose, value) {
      return createHmac('sha256', hashKey(purpose)).update(value, 'utf8').digest('hex');
    },
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unreadable sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
