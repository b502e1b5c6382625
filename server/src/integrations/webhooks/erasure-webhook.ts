import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header our erasure calls (and the receivers' callbacks) carry: `t=<unix seconds>,v1=<hex HMAC>`. */
export const signatureHeader = 'x-privacydesk-signature';
/** A signature older or newer than this is refused: a captured call cannot be replayed later. */
export const signatureToleranceSeconds = 300;

/** HMAC-SHA256 over the timestamp and the exact body, as `t=…,v1=…`. */
export function signBody(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/** Checks a signature header against the body, in constant time, and its timestamp against `now`. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  now: Date,
): SignatureVerdict {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match?.[1] || !match[2]) return { ok: false, reason: 'malformed' };
  const t = Number(match[1]);
  if (Math.abs(now.getTime() / 1000 - t) > signatureToleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signBody(secret, t, body).slice(-64), 'hex');
  const given = Buffer.from(match[2], 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** What an erasure call carries: the line (its idempotency key), the subject as the receiver knows them. */
export interface ErasureCall {
  id: string;
  request: string;
  subject: { accountNumber: string | null; email: string };
  action: 'delete' | 'anonymise';
  /** What the receiver keeps for its own legal obligations, in the plan's words. */
  keep: string[];
  /** Where to send the signed answer when the receiver accepts now and erases later (202). */
  callbackUrl: string;
}

export type ErasureCallAnswer =
  { kind: 'completed'; records: number | null; status: number } | { kind: 'accepted'; status: number };

/** A call the receiver refused or could not take: the job retries it with backoff (a 4xx as well, once logged). */
export class WebhookDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

/** The records a receiver says it erased: a count, or null when it gave none we can trust. */
function recordsOf(answer: object): number | null {
  const records = 'records' in answer ? answer.records : undefined;
  return typeof records === 'number' && Number.isInteger(records) && records >= 0 ? records : null;
}

/**
 * One signed POST to a receiver: the exact body, its signature, no redirects, a timeout. No answer at all
 * throws (the job retries); errors name the host, never the body (it may hold the subject's identifiers).
 */
async function postSigned(
  target: { url: string; secret: string; now: Date; timeoutMs?: number },
  body: string,
  headers: Record<string, string> = {},
): Promise<{ response: Response; host: string }> {
  const host = new URL(target.url).host;
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        [signatureHeader]: signBody(target.secret, Math.floor(target.now.getTime() / 1000), body),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    return { response, host };
  } catch (error) {
    throw new WebhookDeliveryError(
      `No answer from ${host}: ${error instanceof Error ? error.name : 'network error'}.`,
    );
  }
}

/**
 * POSTs one signed erasure call. A 2xx with `{"status":"completed"}` is done; a 202 (or any other 2xx) is
 * accepted, to be completed by the receiver's signed callback. Anything else throws: the line's job retries.
 * Errors name the status and the host, never the body (it holds the subject's identifiers).
 */
export async function sendErasureCall(input: {
  url: string;
  secret: string;
  call: ErasureCall;
  now: Date;
  timeoutMs?: number;
}): Promise<ErasureCallAnswer> {
  const { response, host } = await postSigned(input, JSON.stringify(input.call), {
    'idempotency-key': input.call.id,
  });
  if (response.status < 200 || response.status > 299)
    throw new WebhookDeliveryError(`${host} answered ${response.status}.`);
  const answer: unknown = await response.json().catch(() => null);
  if (answer !== null && typeof answer === 'object' && 'status' in answer && answer.status === 'completed')
    return { kind: 'completed', records: recordsOf(answer), status: response.status };
  return { kind: 'accepted', status: response.status };
}

/** What a receiver says of a line it accepted earlier, asked by `sendStatusQuery`. */
export type ErasureStatusAnswer =
  { kind: 'completed'; records: number | null } | { kind: 'failed'; detail: string } | { kind: 'pending' };

/**
 * Asks a receiver that accepted a line (202) but has not called back where it stands: a signed POST to the
 * same URL with `{"type":"status","id":…}` and no subject identifiers. `{"status":"completed"}` and
 * `{"status":"failed","detail":…}` settle the line; anything else in a 2xx (or a 404: the receiver lost it)
 * is pending, and the poll asks again later. A refusal or no answer throws: the poll job retries.
 */
export async function sendStatusQuery(input: {
  url: string;
  secret: string;
  lineId: string;
  now: Date;
  timeoutMs?: number;
}): Promise<ErasureStatusAnswer> {
  const { response, host } = await postSigned(input, JSON.stringify({ type: 'status', id: input.lineId }));
  if (response.status === 404) return { kind: 'pending' };
  if (response.status < 200 || response.status > 299)
    throw new WebhookDeliveryError(`${host} answered ${response.status}.`);
  const answer: unknown = await response.json().catch(() => null);
  if (answer === null || typeof answer !== 'object' || !('status' in answer)) return { kind: 'pending' };
  if (answer.status === 'completed') return { kind: 'completed', records: recordsOf(answer) };
  if (answer.status === 'failed') {
    const detail = 'detail' in answer && typeof answer.detail === 'string' ? answer.detail : '';
    // The receiver's words, cut short: they are shown to officers and kept on the line.
    return { kind: 'failed', detail: detail.slice(0, 500) || `${host} could not erase the data.` };
  }
  return { kind: 'pending' };
}
