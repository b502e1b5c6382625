import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { dataSystems, erasurePlanLines, erasurePlans } from '../db/schema.js';
import { recordAudit } from '../features/audit/audit.writer.js';
import { finishLine, recordLineFailure } from '../features/erasure/erasure-execution.js';
import { signatureHeader, verifySignature } from '../integrations/webhooks/erasure-webhook.js';
import type { AppConfig } from '../trpc/context.js';
import { rateLimiter } from './public-routes.js';

/**
 * Answers a minute from one address before the rest wait: far above what a receiver sends (one answer a
 * line it accepted, and it may retry a 429), low enough that junk cannot fill the audit log, where every
 * refused answer is written.
 */
export const hookAnswersPerMinute = 600;

const callbackSchema = z.strictObject({
  id: z.uuid(),
  status: z.enum(['completed', 'failed']),
  records: z.int().min(0).nullable().optional(),
  detail: z.string().max(500).optional(),
});

/**
 * A subprocessor's signed answer to an erasure call it accepted (202): `POST /hooks/erasure` with the line's
 * id and its outcome, signed as our calls are, with the secret we share. A forged, stale or malformed
 * signature, an unknown line and a replay (the line is no longer waiting) are refused and audited; nothing
 * changes. Machine-to-machine: no cookie, so the browsers' origin check does not apply (server.ts).
 */
export function erasureHooks(opts: {
  database: Database;
  config: AppConfig;
  now: () => Date;
  perMinute?: number;
}): FastifyPluginAsync {
  const allow = rateLimiter(opts.perMinute ?? hookAnswersPerMinute);
  return (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    // An answer is a line id and a status: a small body limit keeps junk from costing more than its refusal.
    app.post('/hooks/erasure', { bodyLimit: 16 * 1024 }, async (req, reply) => {
      // Past the limit nothing is read or written, the audit log included: the sender is told to wait.
      if (!allow(req.ip, Date.now()))
        return reply
          .code(429)
          .header('retry-after', '60')
          .send({ error: 'Too many answers from this address: retry in a minute.' });
      const now = opts.now();
      const db = opts.database.db;
      const raw = typeof req.body === 'string' ? req.body : '';
      const refuse = async (status: number, code: string, reason: string, requestId: string | null) => {
        await db.transaction((tx) =>
          recordAudit(
            tx,
            { actorId: null, ip: req.ip, requestId: 'hook:erasure' },
            {
              action: 'erasure.refused',
              entityType: 'request',
              entityId: requestId,
              before: null,
              after: { attempt: 'callback', planVersion: null, code, reason },
            },
            now,
          ),
        );
        return reply.code(status).send({ error: reason });
      };
      let parsed: z.infer<typeof callbackSchema>;
      try {
        parsed = callbackSchema.parse(JSON.parse(raw));
      } catch {
        return refuse(400, 'BAD_REQUEST', 'The callback is not a well-formed erasure answer.', null);
      }
      const [found] = await db
        .select({
          line: erasurePlanLines,
          requestId: erasurePlans.requestId,
          connectorKind: dataSystems.connectorKind,
          sealed: dataSystems.webhookSecretSealed,
        })
        .from(erasurePlanLines)
        .innerJoin(erasurePlans, eq(erasurePlans.id, erasurePlanLines.planId))
        .innerJoin(dataSystems, eq(dataSystems.id, erasurePlanLines.dataSystemId))
        .where(eq(erasurePlanLines.id, parsed.id));
      if (!found || found.connectorKind !== 'webhook' || !found.sealed)
        return refuse(404, 'NOT_FOUND', 'No erasure line waits for this answer.', found?.requestId ?? null);
      const header = req.headers[signatureHeader];
      const verdict = verifySignature(
        opts.config.secretBox.open(found.sealed),
        typeof header === 'string' ? header : undefined,
        raw,
        now,
      );
      if (!verdict.ok)
        return refuse(401, 'UNAUTHORIZED', `Signature refused: ${verdict.reason}.`, found.requestId);
      if (found.line.status !== 'running')
        return refuse(
          409,
          'CONFLICT',
          'This line is no longer waiting for an answer: a replay or a repeat changes nothing.',
          found.requestId,
        );
      const deps = { actor: { system: 'hook:erasure' }, now, log: req.log };
      const target = { requestId: found.requestId, lineId: found.line.id, connector: 'webhook' as const };
      await db.transaction(async (tx) => {
        if (parsed.status === 'completed')
          await finishLine(tx, deps, target, {
            result: { receiver: 'completed', records: parsed.records ?? null, answeredAt: now.toISOString() },
            rows: parsed.records ?? null,
          });
        else await recordLineFailure(tx, deps, target, parsed.detail ?? 'The receiver reported a failure.');
      });
      return reply.send({ ok: true });
    });
    return Promise.resolve();
  };
}
