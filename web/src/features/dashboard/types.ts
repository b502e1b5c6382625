import type { RouterOutputs } from '../../lib/trpc';

// The dashboard's data, typed by what the server's procedures answer: while the server gains fields, the web
// keeps compiling against the server it is built with.

export type DashboardData = RouterOutputs['dashboard']['get'];
/** A count and the queue filters that list exactly the requests counted. */
export type FigureView = DashboardData['dueSoon'];
export type CcpaReportView = RouterOutputs['dashboard']['ccpaReport'];
export type CcpaReportRow = CcpaReportView['rows'][number];
