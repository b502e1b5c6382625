import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  DomainError,
  addCalendarDays,
  categoryPhrase,
  messageStatuses,
  registryWarnings,
  transferMechanismLabels,
  type MessageStatus,
  type RegistryFindOutput,
  type NoticeDeliveries,
  type SubprocessorDetail,
  type SubprocessorEventView,
  type registryFindInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import {
  dataSystems,
  messages,
  organisations,
  registrySubscribers,
  subprocessorDataSystems,
  subprocessorEvents,
  subprocessorNotices,
  subprocessorObjections,
  subprocessors,
} from '../../db/schema.js';
import type { ServiceDeps } from '../../lib/service.js';
import { staffNames } from '../requests/requests.queries.js';
import { readSettings } from '../settings/settings.store.js';
import { changedFields } from './registry.service.js';
import { registryToday, type SubprocessorRecord } from './subprocessor-change.js';

/** Escapes `%`, `_` and `\` so a search term matches itself. */
function likeTerm(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Facts the warnings need beyond the row: its linked systems, and whether its notice reached anyone. The
 * outer row is named in full: a bare column would resolve to the subquery's own table first.
 */
const outerId = sql.raw('"subprocessors"."id"');
const dataSystemCount = sql<number>`(select count(*)::int from subprocessor_data_systems l where l.subprocessor_id = ${outerId})`;
const noticeWentOut = sql<boolean>`exists (
  select 1 from subprocessor_notices n
  where n.subprocessor_id = ${outerId}
    and (n.channel = 'manual' or exists (select 1 from messages m where m.notice_id = n.id and m.status = 'sent'))
)`;

export function warningsOf(
  row: Pick<SubprocessorRecord, 'status' | 'fields' | 'activatedEarlyReason'>,
  facts: { dataSystemCount: number; noticeWentOut: boolean },
  today: string,
) {
  return registryWarnings(
    {
      status: row.status,
      locations: row.fields.locations,
      dpaSignedOn: row.fields.dpaSignedOn,
      dpaExpiresOn: row.fields.dpaExpiresOn,
      certifications: row.fields.certifications,
      dataSystemCount: facts.dataSystemCount,
      noticeWentOut: facts.noticeWentOut,
      activatedEarly: row.activatedEarlyReason !== null,
    },
    today,
  );
}

/** The filters of the table (and of the exports, which take the same input). */
export function registryWhere(input: z.output<typeof registryFindInputSchema>): SQL | undefined {
  const conditions: SQL[] = [];
  if (input.statuses && input.statuses.length > 0)
    conditions.push(inArray(subprocessors.status, input.statuses));
  if (input.category) conditions.push(eq(subprocessors.category, input.category));
  if (input.country) conditions.push(sql`${input.country} = any(${subprocessors.countries})`);
  if (input.mechanism) conditions.push(sql`${input.mechanism} = any(${subprocessors.mechanisms})`);
  if (input.search && input.search.length > 0) {
    const term = likeTerm(input.search);
    const match = or(ilike(subprocessors.name, term), ilike(subprocessors.legalName, term));
    if (match) conditions.push(match);
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** The table's order (the exports follow it too). */
export function orderOf(input: z.output<typeof registryFindInputSchema>): SQL[] {
  const dir = input.direction === 'desc' ? desc : asc;
  const byName = dir(sql`lower(${subprocessors.name})`);
  switch (input.sort) {
    case 'name':
      return [byName, asc(subprocessors.id)];
    case 'status':
      // The lifecycle's order, not the alphabet's.
      return [
        dir(
          sql`array_position(array['proposed','notice_sent','objection_window','active','retired']::text[], ${subprocessors.status})`,
        ),
        asc(sql`lower(${subprocessors.name})`),
        asc(subprocessors.id),
      ];
    case 'category':
      return [dir(subprocessors.category), asc(sql`lower(${subprocessors.name})`), asc(subprocessors.id)];
    case 'updated':
      return [dir(subprocessors.updatedAt), asc(subprocessors.id)];
    case 'deadline':
      return [
        input.direction === 'desc'
          ? sql`${subprocessors.objectionDeadline} desc nulls last`
          : sql`${subprocessors.objectionDeadline} asc nulls last`,
        asc(sql`lower(${subprocessors.name})`),
        asc(subprocessors.id),
      ];
  }
}

/** The registry's table: one page, its filters and sort, each row with its warnings. */
export async function findSubprocessors(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  raw: z.output<typeof registryFindInputSchema>,
): Promise<RegistryFindOutput> {
  const settings = await readSettings(deps.db);
  const today = registryToday(settings, deps.now);
  const where = registryWhere(raw);
  const [counted] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(subprocessors)
    .where(where);
  const total = counted?.n ?? 0;
  const rows = await deps.db
    .select({ row: subprocessors, dataSystemCount, noticeWentOut })
    .from(subprocessors)
    .where(where)
    .orderBy(...orderOf(raw))
    .limit(raw.pageSize)
    .offset((raw.page - 1) * raw.pageSize);
  return {
    items: rows.map(({ row, dataSystemCount: systems, noticeWentOut: wentOut }) => ({
      id: row.id,
      name: row.name,
      legalName: row.legalName,
      category: row.category,
      status: row.status,
      countries: row.countries,
      mechanisms: row.fields.locations
        .flatMap((l) => (l.mechanism === null ? [] : [l.mechanism]))
        .filter((m, i, all) => all.indexOf(m) === i),
      objectionDeadline: row.objectionDeadline,
      activeFrom: row.activeFrom,
      retiredOn: row.retiredOn,
      updatedAt: row.updatedAt.toISOString(),
      warnings: warningsOf(row, { dataSystemCount: systems, noticeWentOut: wentOut }, today),
    })),
    total,
    page: raw.page,
    pageSize: raw.pageSize,
  };
}

/** The words a history entry says, besides its field changes. */
function summaryOf(
  kind: SubprocessorEventView['kind'],
  data: Record<string, unknown>,
  orgNames: Map<string, string>,
) {
  const org =
    typeof data.organisationId === 'string' ? (orgNames.get(data.organisationId) ?? 'a customer') : '';
  switch (kind) {
    case 'created':
      return 'Proposed';
    case 'updated':
      return 'Details changed';
    case 'moved': {
      const move = String(data.move);
      if (move === 'open_window') return 'Objection window opened: the notice has left';
      if (move === 'activate') return 'Activated after the objection window';
      if (move === 'activate_early') return 'Activated: no objection period applies';
      return 'Retired';
    }
    case 'notice_recorded':
      return data.channel === 'manual'
        ? `Notice recorded as sent another way on ${String(data.sentOn)}; objections until ${String(data.objectionDeadline)}`
        : `Notice emailed to ${String(data.messages)} subscriber${data.messages === 1 ? '' : 's'} on ${String(data.sentOn)}; objections until ${String(data.objectionDeadline)}`;
    case 'objection_recorded':
      return `Objection received from ${org} on ${String(data.receivedOn)}`;
    case 'objection_decided':
      return `Objection from ${org} decided: ${String(data.outcome)}`;
  }
}

/** One subprocessor with everything its page shows: fields, lifecycle dates, notice, objections, history. */
export async function getSubprocessor(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  id: string,
): Promise<SubprocessorDetail> {
  const { db } = deps;
  const [found] = await db
    .select({ row: subprocessors, dataSystemCount, noticeWentOut })
    .from(subprocessors)
    .where(eq(subprocessors.id, id));
  if (!found) throw new DomainError('NOT_FOUND', 'No subprocessor with this id.');
  const { row } = found;
  const settings = await readSettings(db);
  const today = registryToday(settings, deps.now);
  const [systems, replaces, replacedBy, noticeRows, objectionRows, events] = await Promise.all([
    db
      .select({ id: dataSystems.id, name: dataSystems.name })
      .from(subprocessorDataSystems)
      .innerJoin(dataSystems, eq(dataSystems.id, subprocessorDataSystems.dataSystemId))
      .where(eq(subprocessorDataSystems.subprocessorId, id))
      .orderBy(asc(dataSystems.name)),
    row.replacesId
      ? db
          .select({ id: subprocessors.id, name: subprocessors.name, status: subprocessors.status })
          .from(subprocessors)
          .where(eq(subprocessors.id, row.replacesId))
      : Promise.resolve([]),
    db
      .select({ id: subprocessors.id, name: subprocessors.name, status: subprocessors.status })
      .from(subprocessors)
      .where(eq(subprocessors.replacesId, id))
      .orderBy(asc(subprocessors.createdAt)),
    db.select().from(subprocessorNotices).where(eq(subprocessorNotices.subprocessorId, id)),
    db
      .select({ objection: subprocessorObjections, organisationName: organisations.name })
      .from(subprocessorObjections)
      .innerJoin(organisations, eq(organisations.id, subprocessorObjections.organisationId))
      .where(eq(subprocessorObjections.subprocessorId, id))
      .orderBy(asc(subprocessorObjections.receivedOn), asc(organisations.name)),
    db
      .select()
      .from(subprocessorEvents)
      .where(eq(subprocessorEvents.subprocessorId, id))
      .orderBy(desc(subprocessorEvents.seq)),
  ]);
  const notice = noticeRows[0];
  const deliveries = Object.fromEntries(messageStatuses.map((s) => [s, 0])) as Record<MessageStatus, number>;
  if (notice) {
    const counts = await db
      .select({ status: messages.status, n: sql<number>`count(*)::int` })
      .from(messages)
      .where(eq(messages.noticeId, notice.id))
      .groupBy(messages.status);
    for (const c of counts) deliveries[c.status] = c.n;
  }
  const names = await staffNames(db, [
    ...events.map((e) => e.actorId),
    notice?.sentBy ?? null,
    ...objectionRows.flatMap((o) => [o.objection.recordedBy, o.objection.decidedBy]),
  ]);
  const ref = (staffId: string | null) =>
    staffId === null ? null : { id: staffId, name: names.get(staffId) ?? 'Unknown staff member' };
  const orgNames = new Map(objectionRows.map((o) => [o.objection.organisationId, o.organisationName]));
  // Field by field: each version against the one before it (events are newest first).
  const history: SubprocessorEventView[] = events.map((event, i) => {
    const data = event.data;
    const before = events[i + 1]?.data.fields as SubprocessorRecord['fields'] | undefined;
    const after = data.fields as SubprocessorRecord['fields'];
    const changes =
      event.kind === 'updated' && before
        ? changedFields(before, after).map((field) => ({ field, before: before[field], after: after[field] }))
        : [];
    return {
      id: event.id,
      at: event.at.toISOString(),
      actor: ref(event.actorId),
      system: event.system,
      kind: event.kind,
      version: event.version,
      changes,
      summary: summaryOf(event.kind, data, orgNames),
      reason: event.reason,
    };
  });
  const fields = row.fields;
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    fields: {
      ...fields,
      website: fields.website ?? null,
      locations: fields.locations.map((l) => ({
        country: l.country,
        mechanism: l.mechanism,
        sccModule: l.sccModule ?? null,
        sccVersion: l.sccVersion ?? null,
      })),
    },
    dataSystems: systems,
    replaces: replaces[0] ?? null,
    replacedBy,
    proposedOn: row.proposedOn,
    objectionDeadline: row.objectionDeadline,
    activeFrom: row.activeFrom,
    activatedEarlyReason: row.activatedEarlyReason,
    retiredOn: row.retiredOn,
    retiredReason: row.retiredReason,
    today,
    windowOpen:
      (row.status === 'notice_sent' || row.status === 'objection_window') &&
      row.objectionDeadline !== null &&
      today <= row.objectionDeadline,
    notice: notice
      ? {
          id: notice.id,
          channel: notice.channel,
          sentOn: notice.sentOn,
          objectionDeadline: notice.objectionDeadline,
          subject: notice.subject,
          body: notice.body,
          sentBy: ref(notice.sentBy),
          deliveries,
        }
      : null,
    objections: objectionRows.map(({ objection: o, organisationName }) => ({
      id: o.id,
      organisationId: o.organisationId,
      organisationName,
      receivedOn: o.receivedOn,
      summary: o.summary,
      outcome: o.outcome,
      note: o.note,
      recordedBy: ref(o.recordedBy),
      decidedAt: o.decidedAt?.toISOString() ?? null,
      decidedBy: ref(o.decidedBy),
    })),
    warnings: warningsOf(
      row,
      { dataSystemCount: found.dataSystemCount, noticeWentOut: found.noticeWentOut },
      today,
    ),
    history,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Each subscriber's copy of the subprocessor's notice: to whom, for which organisation, and where it stands. */
export async function noticeDeliveries(deps: Pick<ServiceDeps, 'db'>, id: string): Promise<NoticeDeliveries> {
  const rows = await deps.db
    .select({
      message: messages,
      organisationName: organisations.name,
    })
    .from(messages)
    .innerJoin(subprocessorNotices, eq(subprocessorNotices.id, messages.noticeId))
    .leftJoin(registrySubscribers, eq(registrySubscribers.id, messages.subscriberId))
    .leftJoin(organisations, eq(organisations.id, registrySubscribers.organisationId))
    .where(eq(subprocessorNotices.subprocessorId, id))
    .orderBy(asc(organisations.name), asc(messages.toAddress));
  return {
    items: rows.map(({ message: m, organisationName }) => ({
      messageId: m.id,
      email: m.toAddress,
      organisationName,
      status: m.status,
      attempts: m.attempts,
      sentAt: m.sentAt?.toISOString() ?? null,
      failure: m.failure,
    })),
  };
}

/** The form's and dialogs' choices. */
export async function registryChoices(deps: Pick<ServiceDeps, 'db'>) {
  const [systems, orgs, replaceable, settings] = await Promise.all([
    deps.db
      .select({ id: dataSystems.id, name: dataSystems.name })
      .from(dataSystems)
      .orderBy(asc(dataSystems.name)),
    deps.db
      .select({ id: organisations.id, name: organisations.name, country: organisations.country })
      .from(organisations)
      .orderBy(asc(organisations.name)),
    deps.db
      .select({ id: subprocessors.id, name: subprocessors.name, status: subprocessors.status })
      .from(subprocessors)
      .where(eq(subprocessors.status, 'active'))
      .orderBy(asc(subprocessors.name)),
    readSettings(deps.db),
  ]);
  return {
    dataSystems: systems,
    organisations: orgs,
    replaceable,
    objectionDays: settings.registryObjectionDays,
  };
}

/** The notice as it would go out today: subject and text to start from, its date and deadline. */
export async function noticeDraft(deps: Pick<ServiceDeps, 'db' | 'now'>, id: string) {
  const [row] = await deps.db.select().from(subprocessors).where(eq(subprocessors.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'No subprocessor with this id.');
  const settings = await readSettings(deps.db);
  const today = registryToday(settings, deps.now);
  const deadline = addCalendarDays(today, settings.registryObjectionDays);
  const [replaced] = row.replacesId
    ? await deps.db
        .select({ name: subprocessors.name })
        .from(subprocessors)
        .where(eq(subprocessors.id, row.replacesId))
    : [];
  const [confirmed] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(registrySubscribers)
    .where(eq(registrySubscribers.status, 'confirmed'));
  const f = row.fields;
  const where = f.locations
    .map(
      (l) =>
        `${l.country} (${l.mechanism === null ? 'transfer mechanism to be agreed' : transferMechanismLabels[l.mechanism]})`,
    )
    .join(', ');
  const subject = replaced
    ? `Subprocessor change: ${f.name} to replace ${replaced.name}`
    : `New subprocessor: ${f.name}`;
  const body = [
    'Dear customer,',
    '',
    replaced
      ? `Syncronis intends to replace ${replaced.name} with ${f.legalName} (${f.name}) for ${categoryPhrase(f.category)}.`
      : `Syncronis intends to engage ${f.legalName} (${f.name}) as a new subprocessor for ${categoryPhrase(f.category)}.`,
    '',
    `Purpose: ${f.purpose}`,
    `Services: ${f.services}`,
    `Where it processes data: ${where}`,
    '',
    `Under your data processing agreement (GDPR Art. 28(2) and (4); SCC 2021/914 Clause 9) you may object to this change until ${deadline}. To object, reply to this message or write to privacy@syncronis.net, naming your organisation and your reasons. The change takes effect no earlier than the day after that date.`,
    '',
    'Syncronis Privacy Team',
  ].join('\n');
  return {
    subject,
    body,
    sentOn: today,
    objectionDeadline: deadline,
    confirmedSubscribers: confirmed?.n ?? 0,
  };
}
