import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyCompress from '@fastify/compress';
import { drpRoutes } from './drp-routes.js';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import Fastify, { LogController } from 'fastify';
import { z } from 'zod';
import { jobsQueued } from '../jobs/job-wake.js';
import type { MovableClock } from '../lib/test-clock.js';
import type { Database } from '../db/client.js';
import { resolveSession, sessionCookieNameFor } from '../features/auth/session.store.js';
import type { RootLogger } from '../lib/logger.js';
import { appRouter, type AppRouter } from '../trpc/app-router.js';
import { exportRoutes } from './export-routes.js';
import { loggablePath, publicRoutes } from './public-routes.js';
import { standInReceiver, type StandInLedger } from '../demo/stand-in-receiver.js';
import { registryRoutes } from './registry-routes.js';
import { erasureHooks } from './erasure-hooks.js';
import { loadPagePreloads, pageEncodingFor } from './page-preloads.js';
import { createContextInner, drpDefaults, type AppConfig, type Context } from '../trpc/context.js';

export interface ServerOptions {
  database: Database;
  log: RootLogger;
  config: AppConfig;
  /** The built SPA; served with an index.html fallback for client-side routes. */
  webDist: string | null;
  /** Extra origins allowed to send mutations (e.g. the public URL behind a proxy). */
  allowedOrigins: string[];
  secureCookies: boolean;
  bodyLimitBytes?: number;
  /**
   * The clock procedures and the requester's pages read. Tests of journeys that span days pass one; the
   * production entry point never does (main.ts), so a deployment always runs on the real time.
   */
  now?: () => Date;
  /** TEST_CLOCK only: the movable clock, and its routes (`GET`/`POST /test-clock`). Never in production. */
  testClock?: MovableClock;
  /** The demo's stand-in subprocessor, answering the inventory's webhooks on this server (demo only). */
  standIn?: StandInLedger;
}

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export async function buildServer(opts: ServerOptions) {
  const testClock = opts.testClock;
  const clock = testClock ? () => testClock.now() : (opts.now ?? (() => new Date()));
  const app = Fastify({
    loggerInstance: opts.log,
    genReqId: () => randomUUID(),
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    routerOptions: { maxParamLength: 5000 },
  });

  // One line per request: ids, method, path without its query (tRPC GET inputs may hold personal data), status, time.
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        path: loggablePath(pathOnly(req.url)),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  // Set before any plugin registers, so encapsulated plugins (tRPC) inherit it.
  app.setErrorHandler((error: { statusCode?: number; message?: string }, req, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    const message =
      status === 413
        ? 'The request body is too large.'
        : status >= 500
          ? 'Something went wrong on our side.'
          : (error.message ?? 'Bad request.');
    return reply.code(status).send({ error: { message } });
  });

  await app.register(fastifyCookie);
  // Every text answer above 1 KiB is compressed for a browser that accepts it: Brotli at a quality that costs
  // about as much CPU as gzip (4), else gzip. Before the static plugin (which then sends the build's own
  // precompressed copies, already encoded, and those pass through untouched).
  // tRPC answers with a Fetch Response, which the compressor would compress whatever its size (a stream has
  // no length): its answers are whole JSON documents (the client batches, it does not stream), so the body is
  // read here, with the status and headers fastify would have taken from it, and the threshold applies.
  app.addHook('onSend', async (req, reply, payload) => {
    if (
      !req.url.startsWith('/trpc/') ||
      payload === null ||
      typeof payload !== 'object' ||
      Object.prototype.toString.call(payload) !== '[object Response]'
    ) {
      return payload;
    }
    const response = payload as Response;
    void reply.code(response.status);
    for (const [name, value] of response.headers) void reply.header(name, value);
    return Buffer.from(await response.arrayBuffer());
  });
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Mantine writes CSS variables into <style> tags at run time; scripts stay strict.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    strictTransportSecurity: opts.secureCookies,
    crossOriginEmbedderPolicy: false,
  });

  const hostOf = (url: string): string | undefined => {
    try {
      return new URL(url).host;
    } catch {
      return undefined;
    }
  };
  // Answers of the API and the exports carry personal data: no browser, proxy or back button keeps a copy.
  app.addHook('onSend', (req, reply, payload, done) => {
    const url = req.url;
    if (url.startsWith('/trpc/') || url.startsWith('/export/'))
      void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  // Mutations must come from our own pages: the browser's Origin must match the host we serve.
  app.addHook('onRequest', (req, reply, done) => {
    if (!mutatingMethods.has(req.method)) return done();
    // Machine-to-machine calls carry no cookie and prove themselves by an HMAC signature instead.
    // Authorised agents over the DRP (issue 17) sign their bodies with their directory key.
    if (
      req.url.startsWith('/hooks/') ||
      req.url.startsWith('/drp/') ||
      (opts.standIn && req.url.startsWith('/stand-in/'))
    )
      return done();
    const origin = req.headers.origin;
    const host = req.headers.host;
    // `Origin: null` (a sandboxed frame, a file) or an unparsable one is refused like a foreign one, not a 500.
    const originHost = origin === undefined ? undefined : hostOf(origin);
    const allowed =
      origin !== undefined &&
      (opts.allowedOrigins.includes(origin) || (host !== undefined && originHost === host));
    if (!allowed) {
      void reply.code(403).send({ error: { message: 'Cross-site request refused.' } });
      return;
    }
    done();
  });

  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      const status = await opts.database.migrationStatus();
      if (status.applied < status.shipped) {
        return reply.code(503).send({ status: 'migrations_pending', ...status });
      }
      return { status: 'ready', ...status };
    } catch {
      return reply.code(503).send({ status: 'database_unreachable' });
    }
  });

  await app.register(exportRoutes, {
    database: opts.database,
    config: opts.config,
    sessionCookieName: sessionCookieNameFor(opts.secureCookies),
  });

  const cookieBase = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: opts.secureCookies };
  const sessionCookieName = sessionCookieNameFor(opts.secureCookies);
  await app.register(fastifyTRPCPlugin<AppRouter>, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req, res }: CreateFastifyContextOptions): Promise<Context> => {
        const now = clock();
        const session = await resolveSession(
          opts.database.db,
          opts.config,
          req.cookies[sessionCookieName],
          now,
        );
        return createContextInner({
          db: opts.database.db,
          log: req.log,
          config: opts.config,
          session,
          ip: req.ip,
          requestId: req.id,
          now: clock,
          cookies: {
            set: (token, maxAgeSeconds) =>
              void res.setCookie(sessionCookieName, token, { ...cookieBase, maxAge: maxAgeSeconds }),
            clear: () => void res.clearCookie(sessionCookieName, cookieBase),
          },
        });
      },
      onError({ error, path: procedurePath, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          ctx?.log.error({ err: error.cause ?? error, procedure: procedurePath }, 'procedure failed');
        }
      },
    },
  });

  if (opts.webDist && existsSync(path.join(opts.webDist, 'index.html'))) {
    // `serve: false`: the plugin only lends `sendFile`; the routes below say how each kind of file is cached.
    // (Serving the files itself, it registered a route per file with max-age=0, hashed assets included.)
    // `preCompressed`: the build wrote .br and .gz copies (web/scripts/precompress.mjs); the one the browser
    // accepts is sent as it is, with `Vary: Accept-Encoding`.
    await app.register(fastifyStatic, {
      root: opts.webDist,
      serve: false,
      index: false,
      preCompressed: true,
    });
    const webDist = opts.webDist;
    // Hashed names change with their content: cached for a year, never revalidated.
    app.get('/assets/*', (req, reply) => {
      const file = pathOnly(req.url).slice(1);
      return reply.sendFile(file, { maxAge: '365d', immutable: true });
    });
    // The few unhashed files at the root (favicon, the colour-scheme script): revalidated on every load.
    for (const entry of readdirSync(webDist, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name === 'index.html' || /\.(br|gz)$/.test(entry.name)) continue;
      app.get(`/${entry.name}`, (_req, reply) =>
        reply.header('cache-control', 'no-cache').sendFile(entry.name, { cacheControl: false }),
      );
    }
  }

  // The requester's own confirmation page and its two calls (no staff session, no tRPC).
  await app.register(publicRoutes, {
    database: opts.database,
    config: opts.config,
    webDist: opts.webDist,
    now: clock,
  });
  // The subprocessor registry's public list, page and subscription calls, and its staff exports.
  await app.register(registryRoutes, {
    database: opts.database,
    config: opts.config,
    webDist: opts.webDist,
    now: clock,
    sessionCookieName,
  });

  // Authorised agents' Data Rights Protocol endpoints (issue 17): bearer tokens and Ed25519-signed bodies.
  const drp = opts.config.drp ?? drpDefaults;
  await app.register(
    drpRoutes({
      database: opts.database,
      businessId: drp.businessId,
      publicOrigin: drp.publicOrigin,
      callbacks: { allowLoopback: drp.allowLoopbackCallbacks },
      mailFrom: opts.config.mailFrom,
      now: clock,
      perAgentPerMinute: drp.perAgentPerMinute,
    }),
    { prefix: '/drp' },
  );
  // Subprocessors' signed answers to erasure calls they accepted (no session: the signature is the proof).
  await app.register(erasureHooks({ database: opts.database, config: opts.config, now: clock }));
  if (opts.standIn)
    await app.register(
      standInReceiver({ secretBox: opts.config.secretBox, now: clock, ledger: opts.standIn }),
    );

  if (testClock) {
    // A test moves the server's time forward (`{"days": 31}`), then the jobs due by then run at once.
    const stepSchema = z.strictObject({
      days: z.number().min(0).max(366).default(0),
      hours: z
        .number()
        .min(0)
        .max(24 * 366)
        .default(0),
    });
    app.get('/test-clock', (_req, reply) => reply.send({ now: testClock.now().toISOString() }));
    app.post('/test-clock', (req, reply) => {
      const step = stepSchema.safeParse(req.body ?? {});
      if (!step.success)
        return reply.code(400).send({ error: { message: 'Give days and/or hours to move forward.' } });
      const now = testClock.advance((step.data.days * 24 + step.data.hours) * 3_600_000);
      jobsQueued();
      return reply.send({ now: now.toISOString() });
    });
  }

  // Each page's HTML names its route's chunks, so they load beside the entry's (page-preloads.ts).
  const pagePreloads = opts.webDist ? loadPagePreloads(opts.webDist) : null;
  app.setNotFoundHandler((req, reply) => {
    const p = pathOnly(req.url);
    // HEAD answers as GET does (a link checker, a load balancer's probe), without the body.
    const wantsPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !p.startsWith('/trpc') &&
      !p.startsWith('/assets/') &&
      !path.extname(p);
    if (wantsPage && opts.webDist) {
      // Client-side routes all load the SPA, which shows its own not-found page when nothing matches.
      void reply.header('cache-control', 'no-cache');
      if (!pagePreloads) return reply.sendFile('index.html', opts.webDist, { cacheControl: false });
      // A not-found answer passes no route's compression hook: the page's copies are made at start-up.
      const page = pagePreloads.pageFor(p);
      const encoding = pageEncodingFor(req.headers['accept-encoding']);
      void reply.type('text/html; charset=utf-8').header('vary', 'Accept-Encoding');
      if (encoding) void reply.header('content-encoding', encoding);
      return reply.send(encoding ? page[encoding] : page.html);
    }
    return reply.code(404).send({ error: { message: `Nothing at ${req.method} ${p}.` } });
  });

  return app;
}
