import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  publicVerificationConfirmInputSchema,
  publicVerificationInspectInputSchema,
  unstorableTextFields,
} from '@privdesk/shared';
import type { ZodError } from 'zod';
import type { Database } from '../db/client.js';
import {
  confirmVerificationLink,
  inspectVerificationLink,
} from '../features/verification/verification-email.js';
import type { AppConfig } from '../trpc/context.js';

export interface PublicRoutesOptions {
  database: Database;
  config: AppConfig;
  webDist: string | null;
  /** Calls from one address per minute, both routes together (default 30). */
  perMinute?: number;
  now: () => Date;
}

/** What a requester's page may be told about bad input: which field, in words. Never a value. */
export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** A small fixed window per address: the page makes two calls; a script guessing links makes thousands. */
export function rateLimiter(perMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (ip: string, now: number): boolean => {
    const w = windows.get(ip);
    if (!w || now - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(ip, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= perMinute;
  };
}

/**
 * The requester's own pages and their two calls (issue 13, item 2): outside tRPC and the staff session,
 * so that nothing of the staff app is reachable from them. The page is its own build entry (verify.html);
 * its calls take the link's token and answer `unusable` for any link that cannot be used — tampered,
 * expired, used or replaced alike — so a guess learns nothing.
 */
export function publicRoutes(app: FastifyInstance, opts: PublicRoutesOptions): Promise<void> {
  const allow = rateLimiter(opts.perMinute ?? 30);
  const { database, config } = opts;
  const limited = (ip: string, reply: FastifyReply): boolean => {
    if (allow(ip, Date.now())) return false;
    void reply
      .code(429)
      .send({ error: { message: 'Too many tries from your connection: wait a minute and try again.' } });
    return true;
  };

  app.post('/public/verification/inspect', async (req, reply) => {
    if (limited(req.ip, reply)) return reply;
    const parsed = publicVerificationInspectInputSchema.safeParse(req.body);
    if (!parsed.success || Object.keys(unstorableTextFields(req.body)).length > 0)
      return reply.send({ state: 'unusable' });
    return inspectVerificationLink(
      { db: database.db, log: req.log, now: opts.now(), secretBox: config.secretBox },
      parsed.data.token,
    );
  });

  app.post('/public/verification/confirm', async (req, reply) => {
    if (limited(req.ip, reply)) return reply;
    const unstorable = unstorableTextFields(req.body);
    if (Object.keys(unstorable).length > 0)
      return reply
        .code(400)
        .send({ error: { message: 'Some fields need attention.', fieldErrors: unstorable } });
    const parsed = publicVerificationConfirmInputSchema.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({
        error: { message: 'Some fields need attention.', fieldErrors: fieldErrorsOf(parsed.error) },
      });
    try {
      return await confirmVerificationLink(
        { db: database.db, log: req.log, now: opts.now(), secretBox: config.secretBox },
        parsed.data,
      );
    } catch (error) {
      const fieldErrors = (error as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors;
      if (fieldErrors)
        return reply.code(400).send({ error: { message: 'Some fields need attention.', fieldErrors } });
      throw error;
    }
  });

  const webDist = opts.webDist;
  if (webDist && existsSync(path.join(webDist, 'verify.html'))) {
    // The page itself: the same strict CSP as every page; the token stays in the address bar, never sent on.
    app.get('/verify/*', (_req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .sendFile('verify.html', webDist, { cacheControl: false }),
    );
  }
  return Promise.resolve();
}

/** A request's path as logs may keep it: a link's token (a requester's, a registry subscriber's) taken out. */
export function loggablePath(p: string): string {
  if (p.startsWith('/verify/')) return '/verify/[token]';
  const registryLink = /^\/subprocessors\/(confirm|unsubscribe)\//.exec(p);
  return registryLink ? `/subprocessors/${registryLink[1] ?? ''}/[token]` : p;
}
