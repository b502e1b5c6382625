import { and, asc, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { closedRequestStatuses, isRetentionDue, retentionPlaceholder } from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import {
  capturedMail,
  drpRequests,
  erasurePlanLines,
  erasurePlans,
  inboundAttachments,
  inboundMail,
  messages,
  requestClockEvents,
  requestEvents,
  requestSearchTerms,
  requestVerifications,
  requests,
} from '../../db/schema.js';
import { recordAudit } from '../audit/audit.writer.js';
import { searchTermsFor } from './request-derived.js';

/**
 * Keeping our own records lawfully (issue 18, item 4): a closed request keeps its requester's personal data
 * for the retention period (setting `requestRetentionMonths`, at least the 24 months CCPA §7101 asks for the
 * request log), then loses it everywhere it lives. What stays is the record of handling: the reference, the
 * dates, type, regime, channel, status, outcome, reason code, the merge link, the due dates and clock state,
 * the assignee, the clock ledger's kinds and dates, the identity checks' outcomes and the erasure lines'
 * statuses — so the §7101 log and the dashboard read the same before and after, and the counts of what was
 * there stay visible (a removed note still shows that there was a note).
 *
 * Per place (decision record: what each column becomes):
 * - requests: name, email → the placeholder (both NOT NULL); location → null; an agent's name and email, the
 *   agent's permission note, the description and a denial's explanation → the placeholder where they held
 *   anything (null and empty stay so). The linked customer account stays: accounts are not request data.
 * - request_search_terms: only the reference number's terms are left (a search by the person finds nothing).
 * - request_events: a note's text; a status change's explanation, message and note; a clock entry's reason; a
 *   receipt correction's reason; an erasure plan event's note → the placeholder where they held anything.
 * - request_clock_events: reason and removal reason → the placeholder where set (kinds and dates stay).
 * - request_verifications: the officer's note → the placeholder where set (method, outcome, points matched
 *   by name, never by value, stay).
 * - messages: recipient, subject, body → the placeholder; the server's answer and the failure (which may
 *   quote the address) → the placeholder where set; a ledger effect's reason likewise.
 * - captured_mail (the demo's capture inbox) of those messages: recipients, subject and text.
 * - inbound_mail on the request: sender (envelope and From), the sending server's name and address,
 *   subject, text, the header lines (emptied), attachment names, the raw message (null), the sender checks'
 *   domains (null), and its Message-ID, In-Reply-To and References (null, emptied: a sender's own domain may
 *   be in them; they only served to thread this mail, and later replies thread by our own messages' ids).
 * - inbound_attachments of that mail: name → the placeholder, the bytes → gone (purged now if not already).
 * - drp_requests: the agent's identity claims → the placeholder for each value given (which claims were
 *   attested, and whether verified, stays; an address becomes an empty one).
 * - erasure_plans / erasure_plan_lines: the decision note, a line's note and its evidence → the placeholder
 *   where set (systems, actions, grounds, statuses and times stay: the erasure's proof).
 * Not touched: the audit log and the access log (append-only and hash-chained; their payloads hold ids and
 * codes only), notifications (references and counts only), identity-check challenges (hashes only).
 */

export const retentionBatchSize = 200;

export interface RetentionCounts {
  requests: number;
  searchTerms: number;
  timelineEntries: number;
  clockEntries: number;
  verifications: number;
  messages: number;
  capturedMail: number;
  inboundMail: number;
  inboundAttachments: number;
  drpClaims: number;
  erasurePlans: number;
  erasureLines: number;
}

export interface RetentionBatch {
  /** How many requests the batch looked at (a full batch means there may be more). */
  selected: number;
  scrubbed: string[];
  counts: RetentionCounts;
}

const removed = sql`${retentionPlaceholder}::text`;
const removedJson = sql`to_jsonb(${retentionPlaceholder}::text)`;

/** The placeholder where the column held something; null and '' stay as they were. */
function removedIfSet(column: AnyPgColumn): SQL {
  return sql`case when coalesce(${column}, '') = '' then ${column} else ${removed} end`;
}

/** Whether any of these keys of a jsonb column holds a non-empty string. */
function anyKeySet(column: AnyPgColumn, keys: readonly string[]): SQL {
  return sql.join(
    keys.map((key) => sql`coalesce(${column}->>${key}, '') <> ''`),
    sql` or `,
  );
}

/** The jsonb value with each of these keys that holds text replaced by the placeholder (the others kept). */
function withKeysRemoved(column: AnyPgColumn, keys: readonly string[]): SQL {
  const pairs = sql.join(
    keys.map(
      (key) => sql`${key}::text, case when coalesce(${column}->>${key}, '') <> '' then ${removedJson} end`,
    ),
    sql`, `,
  );
  return sql`${column} || jsonb_strip_nulls(jsonb_build_object(${pairs}))`;
}

/** Timeline kinds that hold free text, and the keys it is in (requests.schemas.ts, the stored shapes). */
const timelineTextKeys = {
  note: ['text'],
  status_changed: ['explanation', 'message', 'note'],
  clock: ['reason'],
  received_at_changed: ['reason'],
  erasure_plan: ['note'],
} as const;

/**
 * One batch, in the caller's transaction, as the change writer orders it: lock the due requests (skipping
 * any another transaction holds: they are due again tomorrow), re-check each with the shared rule, empty
 * every place their requesters' data lives, mark them scrubbed, put the removal on each timeline, and write
 * one audit event naming the requests and counting what was emptied — never any of it.
 */
export async function scrubRetentionBatch(
  tx: Tx,
  opts: { now: Date; cutoff: Date; months: number; jobId: string; limit: number },
): Promise<RetentionBatch> {
  const { now, cutoff, months } = opts;
  const locked = await tx
    .select({
      id: requests.id,
      reference: requests.reference,
      status: requests.status,
      closedAt: requests.closedAt,
      scrubbedAt: requests.scrubbedAt,
    })
    .from(requests)
    .where(
      and(
        isNotNull(requests.closedAt),
        isNull(requests.scrubbedAt),
        lt(requests.closedAt, cutoff),
        inArray(requests.status, [...closedRequestStatuses]),
      ),
    )
    .orderBy(asc(requests.closedAt), asc(requests.id))
    .limit(opts.limit)
    .for('update', { skipLocked: true });
  const due = locked.filter((r) => isRetentionDue(r, cutoff));
  const counts: RetentionCounts = {
    requests: 0,
    searchTerms: 0,
    timelineEntries: 0,
    clockEntries: 0,
    verifications: 0,
    messages: 0,
    capturedMail: 0,
    inboundMail: 0,
    inboundAttachments: 0,
    drpClaims: 0,
    erasurePlans: 0,
    erasureLines: 0,
  };
  if (due.length === 0) return { selected: locked.length, scrubbed: [], counts };
  const ids = due.map((r) => r.id);

  const scrubbed = await tx
    .update(requests)
    .set({
      requesterName: retentionPlaceholder,
      requesterEmail: retentionPlaceholder,
      requesterLocation: null,
      agentName: removedIfSet(requests.agentName),
      agentEmail: removedIfSet(requests.agentEmail),
      agentPermissionNote: removedIfSet(requests.agentPermissionNote),
      description: removedIfSet(requests.description),
      denialExplanation: removedIfSet(requests.denialExplanation),
      scrubbedAt: now,
      version: sql`${requests.version} + 1`,
      updatedAt: now,
      updatedBy: null,
    })
    .where(inArray(requests.id, ids))
    .returning({ id: requests.id });
  counts.requests = scrubbed.length;

  // Only the reference number's own terms are left: "000123" and "123" still find the request.
  const terms = sql.join(
    due.map((r) => {
      const kept = searchTermsFor({ name: '', email: '', reference: r.reference });
      return sql`(${r.id}::uuid, array[${sql.join(
        kept.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[])`;
    }),
    sql`, `,
  );
  const searchRows = await tx
    .update(requestSearchTerms)
    .set({ terms: sql`v.terms`, words: sql`'{}'::text[]` })
    .from(sql`(values ${terms}) as v(id, terms)`)
    .where(sql`${requestSearchTerms.requestId} = v.id`)
    .returning({ id: requestSearchTerms.requestId });
  counts.searchTerms = searchRows.length;

  for (const [kind, keys] of Object.entries(timelineTextKeys) as [
    keyof typeof timelineTextKeys,
    readonly string[],
  ][]) {
    const rows = await tx
      .update(requestEvents)
      .set({ data: withKeysRemoved(requestEvents.data, keys) })
      .where(
        and(
          inArray(requestEvents.requestId, ids),
          sql`${requestEvents.kind} = ${kind}`,
          sql`(${anyKeySet(requestEvents.data, keys)})`,
        ),
      )
      .returning({ id: requestEvents.id });
    counts.timelineEntries += rows.length;
  }

  const clockRows = await tx
    .update(requestClockEvents)
    .set({
      reason: removedIfSet(requestClockEvents.reason),
      removalReason: removedIfSet(requestClockEvents.removalReason),
    })
    .where(
      and(
        inArray(requestClockEvents.requestId, ids),
        sql`(coalesce(${requestClockEvents.reason}, '') <> '' or coalesce(${requestClockEvents.removalReason}, '') <> '')`,
      ),
    )
    .returning({ id: requestClockEvents.id });
  counts.clockEntries = clockRows.length;

  const checkRows = await tx
    .update(requestVerifications)
    .set({ note: removed })
    .where(
      and(
        inArray(requestVerifications.requestId, ids),
        sql`coalesce(${requestVerifications.note}, '') <> ''`,
      ),
    )
    .returning({ id: requestVerifications.id });
  counts.verifications = checkRows.length;

  const messageRows = await tx
    .update(messages)
    .set({
      toAddress: retentionPlaceholder,
      subject: retentionPlaceholder,
      body: retentionPlaceholder,
      serverAnswer: removedIfSet(messages.serverAnswer),
      failure: removedIfSet(messages.failure),
      effect: sql`case when ${messages.effect}->>'kind' = 'ledger' and coalesce(${messages.effect}->>'reason', '') <> '' then jsonb_set(${messages.effect}, '{reason}', ${removedJson}) else ${messages.effect} end`,
    })
    .where(inArray(messages.requestId, ids))
    .returning({ messageId: messages.messageId });
  counts.messages = messageRows.length;

  if (messageRows.length > 0) {
    const captured = await tx
      .update(capturedMail)
      .set({
        envelopeTo: sql`array[${removed}]`,
        subject: retentionPlaceholder,
        text: retentionPlaceholder,
      })
      .where(
        inArray(
          capturedMail.messageId,
          messageRows.map((m) => m.messageId),
        ),
      )
      .returning({ id: capturedMail.id });
    counts.capturedMail = captured.length;
  }

  const mailRows = await tx
    .update(inboundMail)
    .set({
      envelopeFrom: retentionPlaceholder,
      remoteIp: retentionPlaceholder,
      helo: retentionPlaceholder,
      fromAddress: null,
      fromName: retentionPlaceholder,
      subject: retentionPlaceholder,
      text: retentionPlaceholder,
      messageId: null,
      inReplyTo: null,
      references: sql`'{}'::text[]`,
      headers: sql`'[]'::jsonb`,
      attachments: sql`coalesce((select jsonb_agg(jsonb_set(a, '{name}', ${removedJson})) from jsonb_array_elements(${inboundMail.attachments}) as a), '[]'::jsonb)`,
      raw: null,
      auth: sql`case when ${inboundMail.auth} is null then null else jsonb_set(jsonb_set(jsonb_set(${inboundMail.auth}, '{spf,domain}', 'null'::jsonb), '{dkim,domain}', 'null'::jsonb), '{dmarc,domain}', 'null'::jsonb) end`,
      notRequestNote: removedIfSet(inboundMail.notRequestNote),
      version: sql`${inboundMail.version} + 1`,
    })
    .where(inArray(inboundMail.requestId, ids))
    .returning({ id: inboundMail.id });
  counts.inboundMail = mailRows.length;

  if (mailRows.length > 0) {
    const attachmentRows = await tx
      .update(inboundAttachments)
      .set({
        name: retentionPlaceholder,
        content: null,
        purgedAt: sql`coalesce(${inboundAttachments.purgedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(
        inArray(
          inboundAttachments.mailId,
          mailRows.map((m) => m.id),
        ),
      )
      .returning({ id: inboundAttachments.id });
    counts.inboundAttachments = attachmentRows.length;
  }

  const claimed = (key: string, value: SQL) =>
    sql`case when ${drpRequests.claims} ? ${key} then jsonb_build_object(${key}::text, ${value}) else '{}'::jsonb end`;
  const drpRows = await tx
    .update(drpRequests)
    .set({
      claims: sql`(${drpRequests.claims} - 'phone_number' - 'address' - 'power_of_attorney')
        || jsonb_build_object('name', ${removedJson}, 'email', ${removedJson})
        || ${claimed('phone_number', removedJson)}
        || ${claimed('address', sql`'{}'::jsonb`)}
        || ${claimed('power_of_attorney', removedJson)}`,
    })
    .where(inArray(drpRequests.requestId, ids))
    .returning({ id: drpRequests.requestId });
  counts.drpClaims = drpRows.length;

  const planRows = await tx
    .update(erasurePlans)
    .set({ decisionNote: removedIfSet(erasurePlans.decisionNote) })
    .where(and(inArray(erasurePlans.requestId, ids), sql`coalesce(${erasurePlans.decisionNote}, '') <> ''`))
    .returning({ id: erasurePlans.id });
  counts.erasurePlans = planRows.length;
  const lineRows = await tx
    .update(erasurePlanLines)
    .set({
      note: removedIfSet(erasurePlanLines.note),
      evidence: removedIfSet(erasurePlanLines.evidence),
    })
    .where(
      and(
        sql`${erasurePlanLines.planId} in (select ${erasurePlans.id} from ${erasurePlans} where ${inArray(erasurePlans.requestId, ids)})`,
        sql`(coalesce(${erasurePlanLines.note}, '') <> '' or coalesce(${erasurePlanLines.evidence}, '') <> '')`,
      ),
    )
    .returning({ id: erasurePlanLines.id });
  counts.erasureLines = lineRows.length;

  await tx.insert(requestEvents).values(
    ids.map((requestId) => ({
      requestId,
      at: now,
      actorId: null,
      kind: 'retention' as const,
      data: { months },
    })),
  );
  await recordAudit(
    tx,
    { actorId: null, ip: null, requestId: `job:${opts.jobId}` },
    {
      action: 'requests.scrubbed',
      entityType: 'request',
      after: { jobId: opts.jobId, months, cutoff: cutoff.toISOString(), requestIds: ids, counts },
    },
    now,
  );
  return { selected: locked.length, scrubbed: ids, counts };
}
