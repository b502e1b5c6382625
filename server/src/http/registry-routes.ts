import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  publicSubscribeInputSchema,
  publicTokenInputSchema,
  subscriptionLinkDays,
  unstorableTextFields,
} from '@privdesk/shared';
import type { Database } from '../db/client.js';
import { resolveSession } from '../features/auth/session.store.js';
import { exportRegistry, parseRegistryExportInput } from '../features/registry/registry-export.js';
import {
  entityTagOf,
  publicRegistryMarkdown,
  readPublicRegistry,
} from '../features/registry/registry-public.js';
import {
  confirmSubscription,
  subscribeFromPublicPage,
  unsubscribeByLink,
  type LinkOutcome,
} from '../features/registry/registry-subscribers.js';
import { routeAccess } from '../trpc/access-matrix.js';
import type { AppConfig } from '../trpc/context.js';
import { authorize } from '../trpc/init.js';
import { fieldErrorsOf, rateLimiter } from './public-routes.js';

export interface RegistryRoutesOptions {
  database: Database;
  config: AppConfig;
  webDist: string | null;
  now: () => Date;
  sessionCookieName: string;
  /** Confirm and unsubscribe calls from one address per minute, together (default 30). */
  perMinute?: number;
  /** Subscriptions asked from one address per minute (default 5): each may send a mail to someone. */
  subscribesPerMinute?: number;
}

/** The public list may be five minutes old in a browser or a proxy; a revalidation costs one query. */
const publicCaching = 'public, max-age=300';

/** The one answer to every subscription asked for: it says nothing about who subscribes already. */
export const subscribeAnswer = {
  state: 'sent',
  message: `If this address can subscribe, we’ve sent it a link. Open it within ${subscriptionLinkDays} days to confirm.`,
} as const;

// Each message stands alone (a script reads it) and under the page's heading, which says the verdict.
const confirmMessages: Record<LinkOutcome, string> = {
  confirmed: 'You will now receive an email whenever Syncronis announces a change to its subprocessors.',
  already: 'This address already receives the notices.',
  unsubscribed: 'This address receives no notices.',
  invalid:
    'The link may be incomplete or altered. Subscribe again on the subprocessors page to receive a new one.',
  expired: `Confirmation links work for ${subscriptionLinkDays} days. Subscribe again on the subprocessors page to receive a new one.`,
};

const unsubscribeMessages: Record<LinkOutcome, string> = {
  confirmed: 'This address receives the notices.',
  already: 'This address already receives no notices.',
  unsubscribed: 'This address will receive no more notices of subprocessor changes.',
  invalid:
    'The link may be incomplete or altered. Reply to any notice you received and we will remove the address.',
  expired: 'The link is too old. Reply to any notice you received and we will remove the address.',
};

/** Whether an If-None-Match header names this tag (weak comparison, as RFC 9110 asks for it). */
function isFresh(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => opaque(t) === opaque(tag));
}

/** A cacheable public document: its validator, and 304 when the browser's copy is still this one. */
function sendCacheable(req: FastifyRequest, reply: FastifyReply, type: string, body: string) {
  // Weak: compression on the wire changes the bytes, not the document.
  const tag = `W/${entityTagOf(body)}`;
  void reply.header('cache-control', publicCaching).header('etag', tag);
  if (isFresh(req.headers['if-none-match'], tag)) return reply.code(304).send();
  return reply.type(type).send(body);
}

/**
 * The subprocessor registry's routes outside tRPC (issue 14, items 3 and 6). Public, no sign-in: the list as
 * JSON and Markdown, the page (its own build entry, `subprocessors.html`, like the requester's page), and
 * the page's three calls — subscribe, and the two links the mails carry, which act only on a POST from the
 * page's button (a mail scanner that follows a link must not confirm or unsubscribe anyone). Staff: the
 * registry as CSV and JSON, under the same filters as its table, access declared in `routeAccess`.
 */
export function registryRoutes(app: FastifyInstance, opts: RegistryRoutesOptions): Promise<void> {
  const { database, config } = opts;
  const allowLink = rateLimiter(opts.perMinute ?? 30);
  const allowSubscribe = rateLimiter(opts.subscribesPerMinute ?? 5);
  const limited = (allow: (ip: string, now: number) => boolean, ip: string, reply: FastifyReply): boolean => {
    if (allow(ip, Date.now())) return false;
    void reply
      .code(429)
      .send({ error: { message: 'Too many tries from your connection: wait a minute and try again.' } });
    return true;
  };

  app.get('/public/registry.json', async (req, reply) => {
    const registry = await readPublicRegistry({ db: database.db, now: opts.now() });
    return sendCacheable(req, reply, 'application/json; charset=utf-8', JSON.stringify(registry));
  });

  app.get('/subprocessors.md', async (req, reply) => {
    const registry = await readPublicRegistry({ db: database.db, now: opts.now() });
    return sendCacheable(req, reply, 'text/markdown; charset=utf-8', publicRegistryMarkdown(registry));
  });

  app.post('/public/registry/subscribe', async (req, reply) => {
    if (limited(allowSubscribe, req.ip, reply)) return reply;
    const unstorable = unstorableTextFields(req.body);
    if (Object.keys(unstorable).length > 0)
      return reply
        .code(400)
        .send({ error: { message: 'Some fields need attention.', fieldErrors: unstorable } });
    const parsed = publicSubscribeInputSchema.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({
        error: { message: 'Some fields need attention.', fieldErrors: fieldErrorsOf(parsed.error) },
      });
    try {
      await subscribeFromPublicPage(
        { db: database.db, now: opts.now(), mailFrom: config.mailFrom },
        parsed.data,
      );
    } catch (error) {
      // Two asks for one new address at once: the other one wrote the row and its mail, so the answer stands.
      if (!isUniqueViolation(error)) throw error;
      req.log.info({ route: 'registry.subscribe' }, 'subscription asked twice at once');
    }
    return reply.code(202).send(subscribeAnswer);
  });

  for (const [purpose, act, messages] of [
    ['confirm', confirmSubscription, confirmMessages],
    ['unsubscribe', unsubscribeByLink, unsubscribeMessages],
  ] as const) {
    app.post(`/public/registry/${purpose}`, async (req, reply) => {
      if (limited(allowLink, req.ip, reply)) return reply;
      const unstorable = unstorableTextFields(req.body);
      if (Object.keys(unstorable).length > 0)
        return reply
          .code(400)
          .send({ error: { message: 'Some fields need attention.', fieldErrors: unstorable } });
      const parsed = publicTokenInputSchema.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({
          error: { message: 'Some fields need attention.', fieldErrors: fieldErrorsOf(parsed.error) },
        });
      const outcome = await act(
        { db: database.db, now: opts.now(), secretBox: config.secretBox },
        parsed.data.token,
      );
      return { outcome, message: messages[outcome] };
    });
  }

  const webDist = opts.webDist;
  if (webDist && existsSync(path.join(webDist, 'subprocessors.html'))) {
    // The list's page: stored, revalidated on each visit (it names the build's hashed files).
    for (const url of ['/subprocessors', '/subprocessors/'])
      app.get(url, (_req, reply) =>
        reply
          .header('cache-control', 'no-cache')
          .sendFile('subprocessors.html', webDist, { cacheControl: false }),
      );
    // A link from a mail: the same page, which reads the token and shows a button. Its address holds the
    // token, so no copy is kept and no other site is told it.
    for (const purpose of ['confirm', 'unsubscribe'])
      app.get(`/subprocessors/${purpose}/*`, (_req, reply) =>
        reply
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .sendFile('subprocessors.html', webDist, { cacheControl: false }),
      );
  }

  for (const format of ['csv', 'json'] as const) {
    const route = `GET /export/registry.${format}` as const;
    app.get(`/export/registry.${format}`, async (req, reply) => {
      const now = opts.now();
      const session = await resolveSession(database.db, config, req.cookies[opts.sessionCookieName], now);
      const verdict = authorize(session, routeAccess[route], { ip: req.ip, requestId: req.id });
      if (!verdict.ok)
        return reply
          .code(verdict.code === 'UNAUTHORIZED' ? 401 : 403)
          .send({ error: { message: verdict.message } });
      const parsed = parseRegistryExportInput((req.query as Record<string, unknown>).input);
      if (!parsed.ok)
        return reply
          .code(400)
          .send({ error: { message: 'Some fields need attention.', fieldErrors: parsed.fieldErrors } });
      const { body } = await exportRegistry(
        { db: database.db, actor: verdict.actor, now },
        parsed.filters,
        format,
      );
      const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
      return reply
        .header(
          'content-type',
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="registry-${stamp}.${format}"`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
  return Promise.resolve();
}

/** A unique-index violation, wherever the driver wraps it (Drizzle puts the database's error in `cause`). */
function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && typeof e === 'object' && e !== null; i++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
