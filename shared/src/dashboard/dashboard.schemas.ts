import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import {
  checkFilterRanges,
  dateOnlySchema,
  regimeFieldSchema,
  requestFiltersSchema,
  requestReasonCodeSchema,
  requestStatusSchema,
  requestTypeFieldSchema,
} from '../requests/requests.schemas.js';
import { openRequestStatuses } from '../requests/requests.constants.js';
import { overdueBuckets, unassignedAgeBuckets } from './dashboard.constants.js';

/**
 * The dashboard's filters (issue 18): a period (UTC days, inclusive; none for all time) and the regime, type
 * and assignee ("nobody" for unassigned). Everything else is a figure.
 */
export const dashboardInputSchema = z
  .object({
    from: dateOnlySchema.optional(),
    to: dateOnlySchema.optional(),
    regime: regimeFieldSchema.optional(),
    type: requestTypeFieldSchema.optional(),
    assignee: z
      .union([z.literal('nobody'), idSchema], { message: 'Choose nobody or a staff member.' })
      .optional(),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'End the period on or after its start.' });
  });
export type DashboardInput = z.input<typeof dashboardInputSchema>;
export type DashboardQuery = z.output<typeof dashboardInputSchema>;

/**
 * The queue's filters behind a figure: opening the queue with them lists exactly the requests counted (a
 * test checks every figure against the queue's count).
 */
export const drillSchema = requestFiltersSchema
  .omit({ search: true, sort: true, dir: true, customerId: true })
  .superRefine(checkFilterRanges);
export type Drill = z.infer<typeof drillSchema>;

/** A count and the queue filters that list the requests counted. */
export const figureSchema = z.object({ count: z.number().int().nonnegative(), drill: drillSchema });
export type Figure = z.infer<typeof figureSchema>;

const statusFigureSchema = figureSchema.extend({ status: requestStatusSchema });
const bucketKeys = <T extends readonly { key: string }[]>(buckets: T) =>
  z.enum(buckets.map((b) => b.key) as [T[number]['key'], ...T[number]['key'][]]);

const timelinessSchema = z.object({
  responded: figureSchema,
  effective: z.object({ onTime: figureSchema, late: figureSchema }),
  statutory: z.object({ onTime: figureSchema, late: figureSchema }),
  company: z.object({ onTime: figureSchema, late: figureSchema }),
});
export type Timeliness = z.infer<typeof timelinessSchema>;

export const dashboardOutputSchema = z.object({
  /** The latest calendar day among the handling time zones (the queue's "today" for due and overdue). */
  today: dateOnlySchema,
  from: dateOnlySchema.nullable(),
  to: dateOnlySchema.nullable(),
  companySlaDays: z.number().int().min(1),
  generatedAt: z.iso.datetime(),
  /** Received in the period and open now. */
  open: z.object({ total: figureSchema, byStatus: z.array(statusFigureSchema) }),
  dueSoon: figureSchema,
  overdue: z.object({
    total: figureSchema,
    /** The most days any of them is overdue; null when none is. */
    maxDays: z.number().int().nullable(),
    buckets: z.array(figureSchema.extend({ key: bucketKeys(overdueBuckets) })),
  }),
  /** Null when the dashboard is narrowed to one person (nobody's requests are then not in it). */
  unassigned: z
    .object({
      total: figureSchema,
      /** Days since the oldest unassigned open request was received; null when none. */
      oldestDays: z.number().int().nullable(),
      /** Age buckets that overlap the period (a bucket wholly outside it is left out). */
      buckets: z.array(figureSchema.extend({ key: bucketKeys(unassignedAgeBuckets) })),
    })
    .nullable(),
  /** Open requests per assignee (null: nobody) and status. */
  workload: z.array(
    z.object({
      assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      total: figureSchema,
      byStatus: z.array(statusFigureSchema),
    }),
  ),
  /** Requests received per ISO week (Monday, UTC), within the period. */
  intake: z.array(figureSchema.extend({ weekStart: dateOnlySchema })),
  /** Identity checks of requests received in the period: passed, or closed unverified without a pass. */
  verification: z.object({ passed: figureSchema, failed: figureSchema }),
  /** Requests (received in the period) with an outstanding erasure line, per data system. */
  erasure: z.array(figureSchema.extend({ system: z.object({ id: z.uuid(), name: z.string() }) })),
  /** Answered in the period (see `respondedStatuses`). */
  answered: timelinessSchema,
  /** The same, per calendar month of the answer (UTC), oldest first. */
  answeredByMonth: z.array(timelinessSchema.extend({ month: z.string().regex(/^\d{4}-\d{2}$/) })),
  /** Calendar days from receipt to answer (where each request is handled), per type. */
  daysToClose: z.array(
    z.object({
      type: requestTypeFieldSchema,
      responded: figureSchema,
      median: z.number().nullable(),
      p90: z.number().nullable(),
      mean: z.number().nullable(),
    }),
  ),
  /** Answered in the period with an extension noticed. */
  extended: figureSchema,
  /** Answered in the period by a denial, and per reason code. */
  denied: z.object({
    total: figureSchema,
    byReason: z.array(figureSchema.extend({ reasonCode: requestReasonCodeSchema })),
  }),
});
export type DashboardOutput = z.infer<typeof dashboardOutputSchema>;

/** Every open status, in the lifecycle's order (the dashboard's status columns). */
export const dashboardOpenStatuses = openRequestStatuses;

// --- CCPA §7102 metrics ------------------------------------------------------------------------------------

export const ccpaReportInputSchema = z.object({
  year: z
    .number({ message: 'Give a calendar year.' })
    .int('Give a calendar year.')
    .min(2020, 'The CCPA regulations apply from 2020.')
    .max(2100, 'Give a calendar year.'),
});
export type CcpaReportInput = z.input<typeof ccpaReportInputSchema>;

/**
 * Cal. Code Regs. tit. 11, §7102(a): per type of request received in the calendar year under the CCPA, how
 * many were received, complied with in whole or in part, and denied, and the median and mean number of days
 * to respond substantively (receipt to answer, calendar days where the request is handled).
 */
export const ccpaReportOutputSchema = z.object({
  year: z.number().int(),
  generatedAt: z.iso.datetime(),
  rows: z.array(
    z.object({
      type: requestTypeFieldSchema,
      received: figureSchema,
      compliedInWholeOrPart: figureSchema,
      denied: figureSchema,
      /** Still open at the time of the report (received, not yet answered). */
      open: figureSchema,
      medianDays: z.number().nullable(),
      meanDays: z.number().nullable(),
    }),
  ),
});
export type CcpaReportOutput = z.infer<typeof ccpaReportOutputSchema>;

// --- CCPA §7101 request log ----------------------------------------------------------------------------------

/** The request log's period (receipt, UTC days, inclusive) and regime; none for every request kept. */
export const requestLogInputSchema = z
  .object({
    from: dateOnlySchema.optional(),
    to: dateOnlySchema.optional(),
    regime: regimeFieldSchema.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'End the period on or after its start.' });
  });
export type RequestLogInput = z.input<typeof requestLogInputSchema>;
