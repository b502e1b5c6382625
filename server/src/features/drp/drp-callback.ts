import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where an agent's status callback may point (issue 17, item 4): https, or http to this machine outside
 * production; never a private, link-local or otherwise internal address — checked on the address the name
 * resolves to when we connect (a name that resolves inside our network is refused at that moment, so a DNS
 * answer that changes after the check cannot send us there).
 */
export interface CallbackPolicy {
  /** Outside production: loopback (http or https) is allowed, for a local agent and the tests. */
  allowLoopback: boolean;
}

const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  internal.addSubnet(net, prefix, 'ipv6');
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function mappedV4(address: string): string | null {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? null;
}

/** Whether we may connect to this address under the policy. */
export function addressAllowed(address: string, policy: CallbackPolicy): boolean {
  const v4 = mappedV4(address);
  const ip = v4 ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(ip, family)) return policy.allowLoopback;
  return !internal.check(ip, family);
}

/** The address as typed, before any lookup: the scheme, no credentials, and a literal IP judged at once. */
export function callbackUrlProblem(value: string, policy: CallbackPolicy): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'status_callback is not a URL.';
  }
  if (url.username || url.password) return 'status_callback may not carry credentials.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLoopbackName =
    host === 'localhost' ||
    (isIP(host) !== 0 &&
      loopback.check(mappedV4(host) ?? host, isIP(mappedV4(host) ?? host) === 6 ? 'ipv6' : 'ipv4'));
  if (url.protocol === 'http:' && !(policy.allowLoopback && isLoopbackName))
    return 'status_callback must be an https:// address.';
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'status_callback must be an https:// address.';
  if (isLoopbackName && !policy.allowLoopback) return 'status_callback may not point at this server.';
  if (isIP(host) !== 0 && !addressAllowed(host, policy))
    return 'status_callback may not point at a private or internal address.';
  return null;
}

export class CallbackRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackRefused';
  }
}

/** A lookup that answers only with addresses the policy allows (the connection then goes to one of those). */
function guardedLookup(policy: CallbackPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => addressAllowed(a.address, policy));
      if (allowed.length === 0)
        return callback(new CallbackRefused('the callback host resolves to an internal address'), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      const first = allowed[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs one status to the agent's callback: JSON, no redirects followed, a timeout, the answer's body
 * discarded (§2.03.1). Resolves with the HTTP status; rejects when there was no answer or the address is
 * refused. Errors name the host, never the body.
 */
export function postCallback(
  target: string,
  body: string,
  policy: CallbackPolicy,
  timeoutMs = 5_000,
): Promise<number> {
  const problem = callbackUrlProblem(target, policy);
  if (problem) return Promise.reject(new CallbackRefused(problem));
  const url = new URL(target);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'PrivacyDesk-DRP/0.9.4',
        },
        lookup: guardedLookup(policy),
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} in ${timeoutMs} ms`)));
    req.on('error', (error) =>
      reject(
        error instanceof CallbackRefused ? error : new Error(`no answer from ${url.host}: ${error.name}`),
      ),
    );
    req.end(body);
  });
}
