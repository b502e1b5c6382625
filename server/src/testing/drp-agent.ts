import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * A stand-in authorised agent for tests and the bench: an Ed25519 key pair, its directory entry, and
 * messages signed as DRP 0.9.4 sends them (base64 of the signature followed by the JSON).
 */
export class TestDrpAgent {
  readonly verifyKey: string;
  private readonly privateKey: KeyObject;

  constructor(
    readonly id: string,
    readonly businessId = 'SYNCRONIS',
  ) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    const jwk = pair.publicKey.export({ format: 'jwk' });
    this.verifyKey = Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
  }

  entry(name = `Agent ${this.id}`) {
    return { id: this.id, name, verify_key: this.verifyKey, business_contact: 'drp@agent.example' };
  }

  /** The envelope of §3.07: from this agent, to our business, good for ten minutes from `now`. */
  envelope(now: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      'agent-id': this.id,
      'business-id': this.businessId,
      'issued-at': now.toISOString(),
      'expires-at': new Date(now.getTime() + 10 * 60_000).toISOString(),
      ...extra,
    };
  }

  sign(message: unknown): string {
    const json = Buffer.from(JSON.stringify(message), 'utf8');
    return Buffer.concat([sign(null, json, this.privateKey), json]).toString('base64');
  }

  setup(now: Date): string {
    return this.sign(this.envelope(now, { 'drp.version': '0.9.4' }));
  }

  exercise(now: Date, fields: Record<string, unknown>): string {
    return this.sign(
      this.envelope(now, {
        'drp.version': '0.9.4',
        regime: 'ccpa',
        name: 'Dana Agentfiled',
        email: 'dana.agentfiled@example.com',
        email_verified: true,
        ...fields,
      }),
    );
  }
}
