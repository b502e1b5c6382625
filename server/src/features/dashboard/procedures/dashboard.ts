import {
  ccpaReportInputSchema,
  ccpaReportOutputSchema,
  dashboardInputSchema,
  dashboardOutputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { getDashboard } from '../dashboard.service.js';
import { getCcpaReport } from '../reports.js';

/** Managers' figures: every one with the queue filters behind it (issue 18). */
export const getDashboardProcedure = permissionProcedure('dashboard:read')
  .input(dashboardInputSchema)
  .output(dashboardOutputSchema)
  .query(({ ctx, input }) => getDashboard(ctx.service, input));

/** The CCPA §7102 metrics of a year, for the printable page (its CSV is an audited download). */
export const getCcpaReportProcedure = permissionProcedure('reports:export')
  .input(ccpaReportInputSchema)
  .output(ccpaReportOutputSchema)
  .query(({ ctx, input }) => getCcpaReport(ctx.service, input.year));
