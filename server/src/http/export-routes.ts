import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { hasPermission } from '@privdesk/shared';
import type { Database } from '../db/client.js';
import { resolveSession, sessionCookieName } from '../features/auth/session.store.js';
import { exportRequestsCsv, parseExportInput } from '../features/requests/requests.export.js';
import type { AppConfig } from '../trpc/context.js';

/**
 * Downloads that stream, outside tRPC. Authentication is the tRPC context's (the session cookie through
 * `resolveSession`); the permission is checked here because no base procedure stands in front of a plain
 * route. The queue export needs `requests:read`: it is the queue its holders can already page through,
 * with the same masking, and it is audited (docs/decisions/0003-requests-queue-pii-and-export.md).
 */
export const exportRoutes: FastifyPluginAsync<{ database: Database; config: AppConfig }> = (app, opts) => {
  app.get('/export/requests.csv', async (req, reply) => {
    const now = new Date();
    const session = await resolveSession(opts.database.db, opts.config, req.cookies[sessionCookieName], now);
    if (!session || session.state !== 'active') {
      return reply.code(401).send({ error: { message: 'Sign in to continue.' } });
    }
    if (!hasPermission(session.roles, 'requests:read')) {
      return reply.code(403).send({ error: { message: 'Your role does not allow this.' } });
    }
    const query = req.query as Record<string, unknown>;
    const parsed = parseExportInput(query.input);
    if (!parsed.ok) {
      return reply
        .code(400)
        .send({ error: { message: 'Some fields need attention.', fieldErrors: parsed.fieldErrors } });
    }
    const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const stream = Readable.from(
      exportRequestsCsv({
        db: opts.database.db,
        log: req.log,
        origin: { actorId: session.staffId, ip: req.ip, requestId: req.id },
        roles: session.roles,
        staffId: session.staffId,
        filters: parsed.filters,
        now,
      }),
    );
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="requests-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
  return Promise.resolve();
};
