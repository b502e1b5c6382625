import { eq, inArray } from 'drizzle-orm';
import { messageTextForStaff, storedTimelineEntrySchema, type TimelineEvent } from '@privdesk/shared';
import { inboundMail, messages, requestEvents } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { loadRequest } from './request-change.js';
import { staffNames } from './requests.queries.js';

/**
 * Every event of a request, oldest first, with staff named. Each stored row is parsed with the shared
 * schema writers use: a row that does not fit fails loudly here (a defect to fix), never read by a cast.
 */
export async function requestTimeline(deps: ActorDeps, id: string): Promise<{ items: TimelineEvent[] }> {
  await loadRequest(deps.db, id);
  const rows = await deps.db
    .select()
    .from(requestEvents)
    .where(eq(requestEvents.requestId, id))
    .orderBy(requestEvents.at, requestEvents.seq)
    .limit(2000);
  const events = rows.map((row) => {
    const parsed = storedTimelineEntrySchema.safeParse({ kind: row.kind, data: row.data });
    if (!parsed.success) {
      // Ids only: the data may hold free text.
      throw new Error(`timeline event ${row.id} (${row.kind}) does not fit the stored timeline schema`);
    }
    return { row, entry: parsed.data };
  });
  const involved: (string | null)[] = [];
  for (const { row, entry } of events) {
    involved.push(row.actorId);
    if (entry.kind === 'assigned') involved.push(entry.data.from, entry.data.to);
  }
  const names = await staffNames(deps.db, involved);
  // Messages read with their text by those who read mail in full; everyone else sees that one was sent.
  const messageIds = events.flatMap(({ entry }) => (entry.kind === 'message' ? [entry.data.messageId] : []));
  const texts =
    deps.actor.can.readMessages && messageIds.length > 0
      ? new Map(
          (
            await deps.db
              .select({
                id: messages.id,
                to: messages.toAddress,
                subject: messages.subject,
                body: messages.body,
                serverAnswer: messages.serverAnswer,
              })
              .from(messages)
              .where(inArray(messages.id, [...new Set(messageIds)]))
          ).map((m) => [
            m.id,
            { to: m.to, subject: m.subject, body: messageTextForStaff(m.body), serverAnswer: m.serverAnswer },
          ]),
        )
      : null;
  // Mail from the requester: who sent it and its subject, for those who see requesters in clear.
  const mailIds = events.flatMap(({ entry }) => (entry.kind === 'mail_received' ? [entry.data.mailId] : []));
  const mails =
    deps.actor.can.seeClearPii && mailIds.length > 0
      ? new Map(
          (
            await deps.db
              .select({
                id: inboundMail.id,
                receivedAt: inboundMail.receivedAt,
                fromAddress: inboundMail.fromAddress,
                fromName: inboundMail.fromName,
                subject: inboundMail.subject,
              })
              .from(inboundMail)
              .where(inArray(inboundMail.id, [...new Set(mailIds)]))
          ).map((m) => [
            m.id,
            {
              receivedAt: m.receivedAt.toISOString(),
              from:
                m.fromName && m.fromAddress
                  ? `${m.fromName} <${m.fromAddress}>`
                  : m.fromName || (m.fromAddress ?? ''),
              subject: m.subject,
            },
          ]),
        )
      : null;
  const ref = (staffId: string | null) =>
    staffId === null ? null : { id: staffId, name: names.get(staffId) ?? 'Unknown staff member' };
  const items = events.map(({ row, entry }): TimelineEvent => {
    const base = { id: row.id, at: row.at.toISOString(), actor: ref(row.actorId) };
    switch (entry.kind) {
      case 'intake':
        return { ...base, kind: 'intake', ...entry.data };
      case 'status_changed':
        return { ...base, kind: 'status_changed', ...entry.data };
      case 'note':
        return { ...base, kind: 'note', ...entry.data };
      case 'clock':
        return { ...base, kind: 'clock', ...entry.data };
      case 'received_at_changed':
        return { ...base, kind: 'received_at_changed', ...entry.data };
      case 'verification':
        return { ...base, kind: 'verification', ...entry.data };
      case 'verification_scope':
        return { ...base, kind: 'verification_scope', ...entry.data };
      case 'merged':
        return { ...base, kind: 'merged', ...entry.data };
      case 'erasure_plan':
        return { ...base, kind: 'erasure_plan', ...entry.data };
      case 'message':
        return { ...base, kind: 'message', ...entry.data, text: texts?.get(entry.data.messageId) ?? null };
      case 'assigned':
        return { ...base, kind: 'assigned', from: ref(entry.data.from), to: ref(entry.data.to) };
      case 'mail_received':
        return { ...base, kind: 'mail_received', ...entry.data, mail: mails?.get(entry.data.mailId) ?? null };
      case 'drp':
        return { ...base, kind: 'drp', ...entry.data };
      case 'retention':
        return { ...base, kind: 'retention', ...entry.data };
    }
  });
  return { items };
}
