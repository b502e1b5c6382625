import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../lib/service.js';
import type { Database } from '../db/client.js';
import { resolveSession } from '../features/auth/session.store.js';
import type { z } from 'zod';
import {
  DomainError,
  ccpaReportInputSchema,
  dashboardInputSchema,
  requestLogInputSchema,
} from '@privdesk/shared';
import { parseJsonQuery } from '../lib/json-query.js';
import { getDashboard } from '../features/dashboard/dashboard.service.js';
import {
  auditReportExport,
  ccpaReportCsv,
  dashboardCsv,
  getCcpaReport,
  requestLogCsv,
} from '../features/dashboard/reports.js';
import { exportAuditLog, parseAuditExportInput } from '../features/audit/audit.export.js';
import { exportRequestsCsv, parseExportInput } from '../features/requests/requests.export.js';
import { routeAccess } from '../trpc/access-matrix.js';
import { viewLogged } from '../features/audit/view-log.js';
import { keptAttachment } from '../features/inbox/inbox.service.js';
import type { AppConfig } from '../trpc/context.js';
import { authorize } from '../trpc/init.js';

/**
 * Downloads that stream, outside tRPC. Access is declared in `routeAccess` beside the procedures' and
 * decided by the same `authorize` as every base procedure (the permission-matrix test walks both). The
 * queue export is the queue its readers can already page through, with the same masking, audited before
 * its first row (docs/decisions/0003-requests-queue-pii-and-export.md).
 */
export const exportRoutes: FastifyPluginAsync<{
  database: Database;
  config: AppConfig;
  sessionCookieName: string;
}> = (app, opts) => {
  /** The signed-in reader a route lets through (by `routeAccess`, like every procedure), or null once refused. */
  const readerOf = async (
    req: FastifyRequest,
    reply: FastifyReply,
    route: keyof typeof routeAccess,
    now: Date,
  ): Promise<Actor | null> => {
    const session = await resolveSession(
      opts.database.db,
      opts.config,
      req.cookies[opts.sessionCookieName],
      now,
    );
    const verdict = authorize(session, routeAccess[route], { ip: req.ip, requestId: req.id });
    if (verdict.ok) return verdict.actor;
    await reply
      .code(verdict.code === 'UNAUTHORIZED' ? 401 : 403)
      .send({ error: { message: verdict.message } });
    return null;
  };
  app.get('/export/requests.csv', async (req, reply) => {
    const now = new Date();
    const actor = await readerOf(req, reply, 'GET /export/requests.csv', now);
    if (!actor) return reply;
    const query = req.query as Record<string, unknown>;
    const parsed = parseExportInput(query.input);
    if (!parsed.ok) {
      return reply
        .code(400)
        .send({ error: { message: 'Some fields need attention.', fieldErrors: parsed.fieldErrors } });
    }
    const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const deps = { db: opts.database.db, log: req.log, now, actor };
    const rows = exportRequestsCsv({ deps, filters: parsed.filters });
    // The first chunk (after the start is audited) is awaited before the 200 goes out, so a failure to audit
    // is an error answer, never an unaudited download.
    const first = await rows.next();
    async function* rest(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* rows;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="requests-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(rest()));
  });
  /** A report's input, as JSON in `input` like a tRPC GET: a 400 by field when it does not parse. */
  const inputOf = async <S extends z.ZodType>(
    req: FastifyRequest,
    reply: FastifyReply,
    schema: S,
  ): Promise<z.output<S> | null> => {
    const parsed = parseJsonQuery((req.query as Record<string, unknown>).input, schema);
    if (parsed.ok) return parsed.value;
    await reply
      .code(400)
      .send({ error: { message: 'Some fields need attention.', fieldErrors: parsed.fieldErrors } });
    return null;
  };
  const csvReply = (reply: FastifyReply, name: string, now: Date) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${name}-${now.toISOString().slice(0, 16).replace(/[-:T]/g, '')}.csv"`,
      )
      .header('cache-control', 'no-store');
  // The dashboard's figures as on the page (issue 18), audited as they leave.
  app.get('/export/dashboard.csv', async (req, reply) => {
    const now = new Date();
    const actor = await readerOf(req, reply, 'GET /export/dashboard.csv', now);
    if (!actor) return reply;
    const input = await inputOf(req, reply, dashboardInputSchema);
    if (!input) return reply;
    const deps = { db: opts.database.db, log: req.log, now, actor };
    const csv = dashboardCsv(await getDashboard(deps, input));
    await auditReportExport(deps, 'dashboard', input, csv.split('\r\n').length - 2);
    return csvReply(reply, 'dashboard', now).send(csv);
  });
  // The CCPA §7102 metrics of a calendar year.
  app.get('/export/ccpa-7102.csv', async (req, reply) => {
    const now = new Date();
    const actor = await readerOf(req, reply, 'GET /export/ccpa-7102.csv', now);
    if (!actor) return reply;
    const input = await inputOf(req, reply, ccpaReportInputSchema);
    if (!input) return reply;
    const deps = { db: opts.database.db, log: req.log, now, actor };
    const report = await getCcpaReport(deps, input.year);
    await auditReportExport(deps, 'ccpa_7102', { year: input.year }, report.rows.length);
    return csvReply(reply, `ccpa-7102-${input.year}`, now).send(ccpaReportCsv(report));
  });
  // The CCPA §7101 request log, streamed (flat memory at any size), audited before its first row.
  app.get('/export/request-log.csv', async (req, reply) => {
    const now = new Date();
    const actor = await readerOf(req, reply, 'GET /export/request-log.csv', now);
    if (!actor) return reply;
    const input = await inputOf(req, reply, requestLogInputSchema);
    if (!input) return reply;
    const rows = requestLogCsv({ db: opts.database.db, log: req.log, now, actor }, input);
    const first = await rows.next();
    async function* rest(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* rows;
    }
    return csvReply(reply, 'request-log', now).send(Readable.from(rest()));
  });
  // The audit log, filtered as on its page, for auditors to take away (CSV for a spreadsheet, JSON as stored).
  for (const format of ['csv', 'json'] as const) {
    const route = `GET /export/audit.${format}` as const;
    app.get(`/export/audit.${format}`, async (req, reply) => {
      const now = new Date();
      const actor = await readerOf(req, reply, route, now);
      if (!actor) return reply;
      const parsed = parseAuditExportInput((req.query as Record<string, unknown>).input);
      if (!parsed.ok) {
        return reply
          .code(400)
          .send({ error: { message: 'Some fields need attention.', fieldErrors: parsed.fieldErrors } });
      }
      const deps = { db: opts.database.db, log: req.log, now, actor };
      const chunks = exportAuditLog({ deps, filters: parsed.filters, format });
      // As with the queue: the start is audited (and a bad record refused) before the 200 goes out.
      let first: IteratorResult<string>;
      try {
        first = await chunks.next();
      } catch (error) {
        if (error instanceof DomainError) {
          return reply.code(400).send({
            error: { message: error.message, fieldErrors: error.fieldErrors ?? null },
          });
        }
        throw error;
      }
      async function* rest(): AsyncGenerator<string> {
        if (!first.done) yield first.value;
        yield* chunks;
      }
      const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
      return reply
        .header(
          'content-type',
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="audit-log-${stamp}.${format}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rest()));
    });
  }
  // A kept attachment of the privacy mailbox (issue 16), for officers, while its keeping time lasts: always a
  // download (never shown in the page: it is the sender's file), and a logged view of the mail it came with.
  app.get('/export/inbox-attachment', async (req, reply) => {
    const now = new Date();
    const actor = await readerOf(req, reply, 'GET /export/inbox-attachment', now);
    if (!actor) return reply;
    const id = (req.query as Record<string, unknown>).id;
    if (
      typeof id !== 'string' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ) {
      return reply.code(400).send({
        error: { message: 'Some fields need attention.', fieldErrors: { id: ['Must be a valid id.'] } },
      });
    }
    const deps = { db: opts.database.db, log: req.log, now, actor };
    const file = await viewLogged(
      deps,
      opts.config.secretBox,
      { surface: 'inbox', entityType: 'inbound_mail' },
      () => keptAttachment(deps.db, id, now),
      (found) => (found ? [found.mailId] : []),
    );
    if (!file) {
      return reply.code(404).send({
        error: { message: 'No such attachment, or its keeping time is over: it is no longer held.' },
      });
    }
    // Only safe characters in the header; the name as sent is in the mail's record.
    const name = file.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'attachment';
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.content);
  });
  return Promise.resolve();
};
