import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream } from 'pino';

/** What procedures and services log through: pino's interface, also served per request by Fastify. */
export type Logger = FastifyBaseLogger;
export type RootLogger = pino.Logger;

/**
 * Keys that hold personal data wherever they appear in a logged object (one or two levels down): their
 * values are replaced, so a `log.info({ input })` written in a hurry still leaks nothing. Code should log
 * ids; this is the net under it.
 */
const personalKeys = [
  'name',
  'email',
  'requesterName',
  'requesterEmail',
  'agentName',
  'agentEmail',
  'requester',
  'agent',
  'text',
  'note',
  'explanation',
  'reason',
  'search',
  'q',
  'input',
  'params',
  'password',
  'totpCode',
];
// Not `message` or `code`: an error's (safe) message and SQLSTATE sit under those names.
const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  ...personalKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

const sqlState = /^[0-9A-Z]{5}$/;

/** `insert into "requests"`, `select … from "staff"`: what a failed query was, never its values. */
export function queryNameOf(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const verb = /^(select|insert into|update|delete from|with|begin|commit|rollback|savepoint|release)\b/i
    .exec(text)?.[1]
    ?.toLowerCase();
  const table = /\b(?:into|update|from|join)\s+("[^"]+"|\w+)/i.exec(text)?.[1];
  return [verb ?? 'query', table].filter(Boolean).join(' ');
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  cause?: unknown;
  code?: unknown;
  query?: unknown;
  params?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  dataType?: unknown;
  routine?: unknown;
  severity?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * An error as it may be logged. A database error says which query failed (by name), its SQLSTATE code,
 * constraint, table and column — never the query's parameters, and never the database's own message or
 * detail, which quote the offending value ("invalid input syntax for type uuid: …", "Key (email)=(…)").
 * Stack frames are kept; the stack's message lines are not (they repeat the message).
 */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (err === null || typeof err !== 'object') return { message: String(err) };
  const e = err as ErrorLike;
  // Some libraries leave `name` at "Error": the class says more (DrizzleQueryError).
  const ctor = (err.constructor as { name?: string } | undefined)?.name;
  const type = ctor && ctor !== 'Error' && ctor !== 'Object' ? ctor : (str(e.name) ?? 'Error');
  const frames = (str(e.stack) ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .slice(0, 12)
    .join('\n');
  const isQueryError = typeof e.query === 'string' && 'params' in e;
  const isDatabaseError = typeof e.code === 'string' && sqlState.test(e.code) && 'severity' in e;
  const out: Record<string, unknown> = { type };
  if (isDatabaseError) {
    out.code = e.code;
    for (const key of ['constraint', 'table', 'column', 'dataType', 'routine'] as const) {
      if (typeof e[key] === 'string') out[key] = e[key];
    }
    if (typeof e.query === 'string') out.query = queryNameOf(e.query);
    out.message = `Database error ${String(e.code)}`;
  } else if (isQueryError) {
    out.query = queryNameOf(e.query as string);
    out.message = `Failed query: ${String(out.query)}`;
  } else {
    // Our own errors carry references and codes, never values; cut what a library may have appended.
    out.message = (str(e.message) ?? '').split('\nparams:')[0];
    if (typeof e.code === 'string') out.code = e.code;
  }
  if (frames) out.stack = frames;
  if (e.cause !== undefined && depth < 4) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** Logs carry ids and never personal data: no bodies, no query strings, no cookies, no query parameters. */
export function createLogger(level: string, destination?: DestinationStream): RootLogger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    serializers: { err: safeError, error: safeError },
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
