import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { roles, type Role } from '@privdesk/shared';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { appRouter } from '../trpc/app-router.js';
import type { Meta } from '../trpc/init.js';
import { sessionCookieFor, testServer } from '../testing/test-server.js';
import type { buildServer } from './server.js';

// Issue 9, item 3: NUL characters, lone surrogates and dates PostgreSQL cannot store reached the database
// and answered 500 in nine procedures. Every procedure, over real HTTP, gets hostile values in each of its
// input fields, one field at a time on an otherwise valid input built from its own schema: no answer may
// be a 5xx, and every answer must be whole (parseable JSON).

const origin = 'http://desk.test';
const headers = { 'content-type': 'application/json', origin, host: 'desk.test' };

/** One hostile value per kind of trouble seen; strings, dates, numbers and shapes. */
const hostile: readonly unknown[] = [
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '0000-01-01',
  '9999-12-31',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'x'.repeat(20_000),
  "'; drop table requests; --",
  -1,
  2 ** 53,
  1.5,
  true,
  null,
  {},
  [],
  ['\u0000'],
  { '\u0000': 1 },
];

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
};

/** A plausible valid value for a JSON Schema node (good enough to get past the other fields). */
function sample(s: JsonSchema | undefined): unknown {
  if (!s) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const branch = s.anyOf ?? s.oneOf;
  if (branch && branch.length > 0) return sample(branch.find((b) => b.type !== 'null') ?? branch[0]);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key]);
      return out;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'email') return 'fuzz@example.com';
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T09:00:00Z';
      return 'x'.repeat(Math.max(3, s.minLength ?? 3));
    default:
      return null;
  }
}

/** Every field path of an input schema, nested objects included. */
function fieldPaths(s: JsonSchema | undefined, prefix: string[] = []): string[][] {
  if (!s) return [];
  const branch = s.anyOf ?? s.oneOf;
  if (branch) return branch.flatMap((b) => fieldPaths(b, prefix));
  if (!s.properties) return prefix.length > 0 ? [prefix] : [];
  const out: string[][] = prefix.length > 0 ? [prefix] : [];
  for (const [key, child] of Object.entries(s.properties)) out.push(...fieldPaths(child, [...prefix, key]));
  return out;
}

function withValue(base: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const object = base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {};
  return {
    ...object,
    [head as string]: withValue((object as Record<string, unknown>)[head as string], rest, value),
  };
}

type ProcedureDef = { _def: { meta?: Meta; type: string; inputs: z.ZodType[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);
/** These end or change the caller's own session; the fuzz needs it to last (they are fuzzed by auth tests). */
const skipped = new Set(['auth.signOut']);

let app: TestApp;
let server: Awaited<ReturnType<typeof buildServer>>;
beforeAll(async () => {
  app = await createTestApp({ maskedSearchesPerMinute: 1_000_000 });
  server = await testServer(app);
});
afterAll(async () => {
  await server.close();
  await app.close();
});

async function cookieFor(who: Role[], state: 'active' | 'mfa'): Promise<string> {
  return (await sessionCookieFor(app, who, state)).cookie;
}

describe('hostile input over HTTP', () => {
  it('gets no 5xx and no cut-off answer from any procedure, in any field', { timeout: 600_000 }, async () => {
    const everyone = await cookieFor([...roles], 'active');
    const pending = await cookieFor(['admin'], 'mfa');
    const failures: string[] = [];
    let calls = 0;
    for (const [path, procedure] of procedures) {
      if (skipped.has(path)) continue;
      const input = procedure._def.inputs[0];
      const schema = input
        ? (z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
        : undefined;
      const base = sample(schema);
      const variants: unknown[] = [base, ...hostile];
      for (const field of fieldPaths(schema))
        for (const value of hostile) variants.push(withValue(base, field, value));
      const cookie = procedure._def.meta?.access === 'pending' ? pending : everyone;
      for (const variant of variants) {
        calls += 1;
        const body = JSON.stringify(variant ?? null);
        const res =
          procedure._def.type === 'query'
            ? await server.inject({
                method: 'GET',
                url: `/trpc/${path}?input=${encodeURIComponent(body)}`,
                headers: { ...headers, cookie },
              })
            : await server.inject({
                method: 'POST',
                url: `/trpc/${path}`,
                headers: { ...headers, cookie },
                body,
              });
        let whole = true;
        try {
          JSON.parse(res.body);
        } catch {
          whole = false;
        }
        if (res.statusCode >= 500 || !whole) {
          failures.push(`${path} ${res.statusCode}${whole ? '' : ' (cut off)'}: ${body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
  });

  it('answers the CSV export with hostile filters with a 400 or a whole file', async () => {
    const cookie = await cookieFor(['privacy_officer'], 'active');
    const failures: string[] = [];
    for (const field of ['search', 'type', 'statuses', 'customerId', 'sort', 'due']) {
      for (const value of hostile) {
        const input = encodeURIComponent(JSON.stringify({ [field]: value }));
        const res = await server.inject({
          method: 'GET',
          url: `/export/requests.csv?input=${input}`,
          headers: { cookie },
        });
        const whole = res.statusCode !== 200 || res.body.includes('\n') || res.body.length > 0;
        if (res.statusCode >= 500 || !whole)
          failures.push(`${field}=${JSON.stringify(value).slice(0, 40)}: ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses Origin: null and an unparsable Origin with a 403', async () => {
    for (const bad of ['null', '::not a url::']) {
      const res = await server.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { ...headers, origin: bad },
        body: JSON.stringify({ email: 'a@example.com', password: 'x' }),
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('names the field holding a NUL, with a message', async () => {
    const cookie = await cookieFor(['privacy_officer'], 'active');
    const res = await server.inject({
      method: 'POST',
      url: '/trpc/requests.create',
      headers: { ...headers, cookie },
      body: JSON.stringify({
        type: 'access',
        regime: 'gdpr',
        channel: 'email',
        requester: { name: 'Ada\u0000Lovelace', email: 'ada@example.com' },
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { data: { fieldErrors: unknown } } }>().error.data.fieldErrors).toEqual({
      'requester.name': [
        'This text holds a character that cannot be stored (a NUL or a broken character). Type it again.',
      ],
    });
  });
});
