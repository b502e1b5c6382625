import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';

/** What procedures and services log through: pino's interface, also served per request by Fastify. */
export type Logger = FastifyBaseLogger;
export type RootLogger = pino.Logger;

/** Logs carry ids and never personal data: no bodies, no query strings, no cookies. */
export function createLogger(level: string): RootLogger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      remove: true,
    },
  });
}
