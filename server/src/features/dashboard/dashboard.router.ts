import { router } from '../../trpc/init.js';
import { getCcpaReportProcedure, getDashboardProcedure } from './procedures/dashboard.js';

export const dashboardRouter = router({
  get: getDashboardProcedure,
  ccpaReport: getCcpaReportProcedure,
});
