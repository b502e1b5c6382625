import { randomUUID } from 'node:crypto';
import { and, asc, gte, eq, lt, sql, type SQL } from 'drizzle-orm';
import {
  addDaysIso,
  closureBasisLabels,
  meanOf,
  openRequestStatuses,
  percentOf,
  percentileOf,
  regimeTypes,
  requestChannelLabels,
  requestReasonCodeLabels,
  requestStatusLabels,
  requestTypeLabels,
  type CcpaReportOutput,
  type DashboardOutput,
  type DashboardQuery,
  type Drill,
  type Figure,
  type Regime,
  type RequestChannel,
  type RequestOutcome,
  type RequestReasonCode,
  type RequestStatus,
  type RequestType,
} from '@privdesk/shared';
import { rowsOf } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { csvCell } from '../requests/requests.export.js';
import { filterConditions, respondedCondition } from '../requests/requests.queries.js';
import { daysToClose, queueScopeOf } from './dashboard.service.js';

function csvLine(cells: (string | number | null)[]): string {
  return `${cells.map((c) => csvCell(c === null ? '' : String(c))).join(',')}\r\n`;
}

// --- CCPA §7102 ---------------------------------------------------------------------------------------------

interface CcpaGroup {
  type: RequestType;
  received: number;
  complied: number;
  denied: number;
  open: number;
}

/**
 * The §7102 metrics of a calendar year (UTC days): CCPA requests received in it, per type, with how each
 * ended so far. Denied counts denials (not merged duplicates, which the survivor answers) and requests closed
 * unverified; days to respond run from receipt to the answer, in calendar days where the request is handled.
 */
export async function getCcpaReport(deps: ActorDeps, year: number): Promise<CcpaReportOutput> {
  const { scope } = await queueScopeOf(deps);
  const received: Drill = { regime: 'ccpa', receivedFrom: `${year}-01-01`, receivedTo: `${year}-12-31` };
  const where = and(...filterConditions({ ...received, sort: 'receivedAt', dir: 'desc' }, scope));
  const deniedCondition = sql`((${requests.status} = 'denied' and ${requests.mergedIntoId} is null) or ${requests.status} = 'closed_unverified')`;
  const groups = rowsOf<CcpaGroup>(
    await deps.db.execute(sql`
      select ${requests.type} as "type", count(*)::int as "received",
        count(*) filter (where ${requests.status} = 'completed')::int as "complied",
        count(*) filter (where ${deniedCondition})::int as "denied",
        count(*) filter (where ${requests.status} in (${sql.join(
          openRequestStatuses.map((s) => sql`${s}`),
          sql`, `,
        )}))::int as "open"
      from ${requests} where ${where ?? sql`true`} group by ${requests.type}`),
  );
  const days = daysToClose;
  const histogram = rowsOf<{ type: RequestType; days: number; n: number }>(
    await deps.db.execute(sql`
      select ${requests.type} as "type", ${days} as "days", count(*)::int as "n"
      from ${requests} where ${and(where, respondedCondition) ?? sql`true`} group by ${requests.type}, ${days}`),
  );
  const byType = new Map(groups.map((g) => [g.type, g]));
  return {
    year,
    generatedAt: deps.now.toISOString(),
    rows: regimeTypes.ccpa.map((type) => {
      const g = byType.get(type);
      const h = histogram.filter((r) => r.type === type).map((r) => [Number(r.days), r.n] as const);
      const drill: Drill = { ...received, type };
      return {
        type,
        received: { count: g?.received ?? 0, drill },
        compliedInWholeOrPart: { count: g?.complied ?? 0, drill: { ...drill, statuses: ['completed'] } },
        denied: {
          count: g?.denied ?? 0,
          drill: { ...drill, statuses: ['denied', 'closed_unverified'], responded: true },
        },
        open: { count: g?.open ?? 0, drill: { ...drill, statuses: [...openRequestStatuses] } },
        medianDays: percentileOf(h, 0.5),
        meanDays: meanOf(h),
      };
    }),
  };
}

export function ccpaReportCsv(report: CcpaReportOutput): string {
  let out = `\uFEFF${csvLine([
    'year',
    'request_type',
    'received',
    'complied_in_whole_or_in_part',
    'denied',
    'open',
    'median_days_to_respond',
    'mean_days_to_respond',
  ])}`;
  for (const r of report.rows) {
    out += csvLine([
      report.year,
      requestTypeLabels[r.type],
      r.received.count,
      r.compliedInWholeOrPart.count,
      r.denied.count,
      r.open.count,
      r.medianDays,
      r.meanDays,
    ]);
  }
  return out;
}

// --- the dashboard's figures -------------------------------------------------------------------------------

/** The dashboard as rows of section, figure, breakdown and value: every number the page shows. */
export function dashboardCsv(d: DashboardOutput): string {
  let out = `\uFEFF${csvLine(['section', 'figure', 'breakdown', 'count', 'percent_of', 'percent'])}`;
  const row = (section: string, name: string, breakdown: string, f: Figure, whole?: Figure) => {
    out += csvLine([
      section,
      name,
      breakdown,
      f.count,
      whole ? whole.count : null,
      whole ? percentOf(f.count, whole.count) : null,
    ]);
  };
  const value = (section: string, name: string, breakdown: string, v: number | null) => {
    out += csvLine([section, name, breakdown, v, null, null]);
  };
  out += csvLine(['period', 'from', d.from ?? 'all time', null, null, null]);
  out += csvLine(['period', 'to', d.to ?? d.today, null, null, null]);
  row('open now', 'open', 'all', d.open.total);
  for (const s of d.open.byStatus) row('open now', 'open', requestStatusLabels[s.status], s, d.open.total);
  row('open now', 'due in 5 days or fewer', '', d.dueSoon);
  row('open now', 'overdue', 'all', d.overdue.total);
  for (const b of d.overdue.buckets)
    row('open now', 'overdue', `by ${b.key.replace('_plus', '+').replace('_', '-')} days`, b);
  value('open now', 'overdue', 'most days overdue', d.overdue.maxDays);
  if (d.unassigned) {
    row('open now', 'unassigned', 'all', d.unassigned.total);
    for (const b of d.unassigned.buckets)
      row('open now', 'unassigned', `received ${b.key.replace('_plus', '+').replace('_', '-')} days ago`, b);
    value('open now', 'unassigned', 'oldest, days', d.unassigned.oldestDays);
  }
  for (const w of d.workload) {
    const who = w.assignee?.name ?? 'Unassigned';
    row('workload', who, 'all', w.total);
    for (const s of w.byStatus) row('workload', who, requestStatusLabels[s.status], s, w.total);
  }
  for (const w of d.intake) row('intake', 'received', `week of ${w.weekStart}`, w);
  const checked = { count: d.verification.passed.count + d.verification.failed.count, drill: {} };
  row('verification', 'passed', '', d.verification.passed, checked);
  row('verification', 'failed', '', d.verification.failed, checked);
  for (const e of d.erasure) row('erasure', 'requests with lines outstanding', e.system.name, e);
  const timeliness = (label: string, t: DashboardOutput['answered']) => {
    row('answered', 'answered', label, t.responded);
    for (const basis of ['effective', 'statutory', 'company'] as const) {
      row('answered', `on time: ${closureBasisLabels[basis]}`, label, t[basis].onTime, t.responded);
      row('answered', `late: ${closureBasisLabels[basis]}`, label, t[basis].late, t.responded);
    }
  };
  timeliness('all', d.answered);
  for (const m of d.answeredByMonth) timeliness(m.month, m);
  for (const t of d.daysToClose) {
    row('days to close', requestTypeLabels[t.type], 'answered', t.responded);
    value('days to close', requestTypeLabels[t.type], 'median', t.median);
    value('days to close', requestTypeLabels[t.type], '90th percentile', t.p90);
    value('days to close', requestTypeLabels[t.type], 'mean', t.mean);
  }
  row('answered', 'extended', '', d.extended, d.answered.responded);
  row('answered', 'denied', 'all', d.denied.total, d.answered.responded);
  for (const r of d.denied.byReason)
    row('answered', 'denied', requestReasonCodeLabels[r.reasonCode], r, d.answered.responded);
  return out;
}

// --- audit of a report export --------------------------------------------------------------------------------

export type ReportKind = 'dashboard' | 'ccpa_7102' | 'request_log';
export type ReportParameters = Partial<DashboardQuery> & { year?: number };

/** One audited export of a report, in the same transaction as reading it would not be: recorded before it leaves. */
export async function auditReportExport(
  deps: ActorDeps,
  report: ReportKind,
  parameters: ReportParameters,
  rows: number,
): Promise<void> {
  await deps.db.transaction((tx) =>
    recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'reports.exported',
        entityType: 'report',
        after: { exportId: randomUUID(), report, format: 'csv', parameters, rows, complete: true },
      },
      deps.now,
    ),
  );
}

// --- the §7101 request log -------------------------------------------------------------------------------------

export const requestLogBatchSize = 2000;

const logHeader = [
  'reference',
  'date_of_request',
  'regime',
  'nature_of_request',
  'manner_made',
  'date_of_response',
  'nature_of_response',
  'basis_for_denial',
];

const natureOfResponse: Record<RequestOutcome, string> = {
  fulfilled: 'Complied in whole',
  partially_fulfilled: 'Complied in part',
  denied: 'Denied',
  withdrawn: 'Withdrawn by the requester',
  closed_unverified: 'Denied: identity could not be verified',
};

interface LogRow {
  id: string;
  reference: string;
  receivedAt: Date;
  regime: Regime;
  type: RequestType;
  channel: RequestChannel;
  status: RequestStatus;
  closedOn: string | null;
  outcome: RequestOutcome | null;
  reasonCode: RequestReasonCode | null;
  mergedIntoId: string | null;
}

export interface RequestLogOptions {
  from?: string | undefined;
  to?: string | undefined;
  regime?: Regime | undefined;
}

/**
 * The request log CCPA §7101 asks a business to keep for 24 months: per request, its date, nature, the
 * manner it was made, the date and nature of the response, and the basis of a denial. No requester's name or
 * address: the log is a record of handling, usable for nothing else. Streamed in keyset batches over the
 * receipt index (flat memory at any size); audited before the first row and again when the stream ends.
 */
export async function* requestLogCsv(deps: ActorDeps, opts: RequestLogOptions): AsyncGenerator<string> {
  const parameters = {
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
    ...(opts.regime ? { regime: opts.regime } : {}),
  };
  const exportId = randomUUID();
  await deps.db.transaction((tx) =>
    recordAudit(
      tx,
      originOf(deps.actor),
      {
        action: 'reports.export_started',
        entityType: 'report',
        after: { exportId, report: 'request_log', format: 'csv', parameters },
      },
      deps.now,
    ),
  );
  const period: SQL[] = [];
  if (opts.from) period.push(gte(requests.receivedAt, new Date(`${opts.from}T00:00:00.000Z`)));
  if (opts.to) period.push(lt(requests.receivedAt, new Date(`${addDaysIso(opts.to, 1)}T00:00:00.000Z`)));
  if (opts.regime) period.push(eq(requests.regime, opts.regime));
  let rows = 0;
  let complete = false;
  try {
    yield `\uFEFF${csvLine(logHeader)}`;
    let after: { receivedAt: Date; id: string } | null = null;
    for (;;) {
      const batch: LogRow[] = await deps.db
        .select({
          id: requests.id,
          reference: requests.reference,
          receivedAt: requests.receivedAt,
          regime: requests.regime,
          type: requests.type,
          channel: requests.channel,
          status: requests.status,
          closedOn: requests.closedOn,
          outcome: requests.outcome,
          reasonCode: requests.reasonCode,
          mergedIntoId: requests.mergedIntoId,
        })
        .from(requests)
        .where(
          and(
            ...period,
            // A row comparison, which the receipt index answers as a range (an OR of two conditions it does
            // not, and every batch would start again from the first row).
            after
              ? sql`(${requests.receivedAt}, ${requests.id}) > (${after.receivedAt.toISOString()}::timestamptz, ${after.id}::uuid)`
              : undefined,
          ),
        )
        .orderBy(asc(requests.receivedAt), asc(requests.id))
        .limit(requestLogBatchSize);
      if (batch.length === 0) break;
      let chunk = '';
      for (const r of batch) {
        const response =
          r.outcome === null
            ? ''
            : r.mergedIntoId !== null
              ? 'Merged into an earlier request (answered there)'
              : natureOfResponse[r.outcome];
        const denial =
          r.reasonCode === null || r.outcome === 'withdrawn' || r.outcome === null
            ? ''
            : requestReasonCodeLabels[r.reasonCode];
        chunk += csvLine([
          r.reference,
          r.receivedAt.toISOString().slice(0, 10),
          r.regime,
          requestTypeLabels[r.type],
          requestChannelLabels[r.channel],
          r.closedOn,
          r.outcome === null ? `Open: ${requestStatusLabels[r.status]}` : response,
          denial,
        ]);
      }
      rows += batch.length;
      yield chunk;
      const last = batch[batch.length - 1];
      if (!last || batch.length < requestLogBatchSize) break;
      after = { receivedAt: last.receivedAt, id: last.id };
    }
    complete = true;
  } finally {
    try {
      await deps.db.transaction((tx) =>
        recordAudit(tx, originOf(deps.actor), {
          action: 'reports.exported',
          entityType: 'report',
          after: { exportId, report: 'request_log', format: 'csv', parameters, rows, complete },
        }),
      );
    } catch (error) {
      deps.log.error({ err: error, exportId }, 'report export audit failed');
    }
  }
}
