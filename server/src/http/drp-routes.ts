import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/client.js';
import { drpRequests, requests } from '../db/schema.js';
import type { CallbackPolicy } from '../features/drp/drp-callback.js';
import {
  agentOfToken,
  BareForbidden,
  DrpError,
  exercise,
  revoke,
  setupPairwiseKey,
  statusOf,
  type DrpDeps,
} from '../features/drp/drp-protocol.js';
import { rateLimiter } from './public-routes.js';
import { escapeHtml } from '../lib/html.js';

export interface DrpRoutesOptions {
  database: Database;
  businessId: string;
  /** Where our pages are reached from outside (PUBLIC_ORIGIN); else the address the agent called. */
  publicOrigin: string | null;
  callbacks: CallbackPolicy;
  mailFrom: string;
  now: () => Date;
  /** Calls an agent may make a minute (DRP_AGENT_RATE_PER_MINUTE). */
  perAgentPerMinute: number;
  /** Calls one address may make a minute before any token is looked at. */
  perAddressPerMinute?: number;
  /** A signed body's limit: claims and an envelope fit in a few KiB. */
  bodyLimitBytes?: number;
}

/**
 * The Data Rights Protocol's endpoints (DRP 0.9.4 §2) under `/drp`: pair-wise key setup and its check,
 * exercise, status and revoke. Machine to machine: no cookie, no browser origin (server.ts lets `/drp/`
 * through its origin check); every call but the key setup carries the agent's bearer token, and every
 * signed body is checked in the order of §3.07. Errors are §3.06's `{code, message, fatal}`; a failed key
 * setup is a bare 403. A refusal is logged with the agent's id and the status, never the body.
 */
export function drpRoutes(opts: DrpRoutesOptions): FastifyPluginAsync {
  const perAgent = rateLimiter(opts.perAgentPerMinute);
  const perAddress = rateLimiter(opts.perAddressPerMinute ?? Math.max(opts.perAgentPerMinute * 4, 1200));
  const bodyLimit = opts.bodyLimitBytes ?? 64 * 1024;
  return (app) => {
    // Signed bodies are text/plain (base64); an agent that labels them JSON is read the same way.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));

    app.setErrorHandler((error: { statusCode?: number; message?: string }, req, reply) => {
      if (error instanceof BareForbidden) {
        req.log.info({ status: 403 }, 'drp key setup refused');
        return reply.code(403).send();
      }
      if (error instanceof DrpError) {
        req.log.info({ status: error.status }, 'drp call refused');
        return reply
          .code(error.status)
          .send({ code: String(error.status), message: error.message, fatal: error.fatal });
      }
      const status = error.statusCode === 413 ? 413 : error.statusCode === 415 ? 415 : 500;
      if (status === 500) req.log.error({ err: error }, 'drp call failed');
      return reply.code(status).send({
        code: String(status),
        message:
          status === 413
            ? `The body is over ${bodyLimit} bytes.`
            : status === 415
              ? 'Send signed bodies as text/plain.'
              : 'Something went wrong on our side: try again later.',
        fatal: status !== 500,
      });
    });

    const depsFor = (req: FastifyRequest): DrpDeps => ({
      db: opts.database.db,
      log: req.log,
      now: opts.now(),
      businessId: opts.businessId,
      publicOrigin: opts.publicOrigin ?? `${req.protocol}://${req.host}`,
      callbacks: opts.callbacks,
      mailFrom: opts.mailFrom,
    });
    const limitAddress = (req: FastifyRequest) => {
      if (!perAddress(req.ip, Date.now()))
        throw new DrpError(429, 'Too many calls from this address: wait a minute.', false);
    };
    const authenticated = async (req: FastifyRequest) => {
      limitAddress(req);
      const agent = await agentOfToken(opts.database.db, req.headers.authorization);
      if (!perAgent(agent.id, Date.now()))
        throw new DrpError(429, 'Too many calls from this agent: wait a minute.', false);
      req.log = req.log.child({ drpAgentId: agent.id });
      return agent;
    };
    const json = (reply: FastifyReply, body: unknown) =>
      reply.header('cache-control', 'no-store').type('application/json').send(body);

    // §2.05: pair-wise key setup. Failure of any kind is a bare 403.
    app.post<{ Params: { agentId: string } }>('/v1/agent/:agentId', async (req, reply) => {
      if (!perAddress(req.ip, Date.now()) || !perAgent(req.params.agentId, Date.now()))
        throw new DrpError(429, 'Too many calls: wait a minute.', false);
      return json(reply, await setupPairwiseKey(depsFor(req), req.params.agentId, req.body));
    });

    // §2.06: is my token still good?
    app.get<{ Params: { agentId: string } }>('/v1/agent/:agentId', async (req, reply) => {
      const agent = await authenticated(req);
      if (agent.id !== req.params.agentId)
        throw new DrpError(403, 'This token was not issued to this agent.');
      return json(reply, {});
    });

    // §2.01: exercise (the trailing slash of versions before 0.9.3 too).
    const exerciseHandler = async (req: FastifyRequest, reply: FastifyReply) => {
      const agent = await authenticated(req);
      return json(reply, await exercise(depsFor(req), agent, req.body));
    };
    app.post('/v1/data-rights-request', exerciseHandler);
    app.post('/v1/data-rights-request/', exerciseHandler);

    // §2.02: status.
    app.get<{ Params: { requestId: string } }>('/v1/data-rights-request/:requestId', async (req, reply) => {
      const agent = await authenticated(req);
      return json(reply, await statusOf(depsFor(req), agent, req.params.requestId));
    });

    // §2.04: revoke.
    app.delete<{ Params: { requestId: string } }>(
      '/v1/data-rights-request/:requestId',
      async (req, reply) => {
        const agent = await authenticated(req);
        return json(reply, await revoke(depsFor(req), agent, req.params.requestId, req.body));
      },
    );

    // The `user_verification_url` (§3.02.1): where the agent sends the consumer while we wait on them. It
    // says what we need and where it went — our identity check travels to the address the agent gave,
    // never through the agent — and shows nothing about the person (anyone with the link could read it).
    app.get<{ Params: { requestId: string }; Querystring: { request_id?: string } }>(
      '/verify/:requestId',
      async (req, reply) => {
        limitAddress(req);
        const id = req.params.requestId.toLowerCase();
        const asked = req.query.request_id?.toLowerCase();
        const valid = /^[0-9a-f-]{36}$/.test(id) && (asked === undefined || asked === id);
        const [row] = valid
          ? await opts.database.db
              .select({ reference: requests.reference, status: requests.status })
              .from(drpRequests)
              .innerJoin(requests, eq(requests.id, drpRequests.requestId))
              .where(and(eq(drpRequests.requestId, id)))
          : [];
        const waiting = row && (row.status === 'verifying' || row.status === 'awaiting_requester');
        const body = !row
          ? ['We could not find this request.', 'Check the link your agent gave you.']
          : waiting
            ? [
                `Syncronis received a privacy request (${row.reference}) made for you by your authorised agent.`,
                'Before we act on it, we need to confirm that it is you and that the agent acts for you. We send what we need by email, to the address your agent gave us — never through the agent.',
                'Open the message from privacy@syncronis.net and follow its link. If nothing arrived within a day, look in your spam folder, or write to privacy@syncronis.net with the reference above.',
              ]
            : [
                `Syncronis received a privacy request (${row.reference}) made for you by your authorised agent.`,
                'Nothing is needed from you at the moment. Your agent will tell you how it goes.',
              ];
        return reply
          .code(row ? 200 : 404)
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .type('text/html; charset=utf-8')
          .send(verifyPage(body));
      },
    );
    return Promise.resolve();
  };
}

function verifyPage(paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confirm your privacy request — Syncronis</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1b1e}
@media (prefers-color-scheme: dark){body{background:#1a1b1e;color:#e9ecef}}</style></head>
<body><main><h1>Your privacy request</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</main></body></html>`;
}
