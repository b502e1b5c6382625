import { recomputeClocksJob } from './clocks-recompute.job.js';
import { refreshStatisticsJob } from './db-statistics.job.js';
import type { JobKind } from './job-queue.js';
import type { JobHandler } from './job-runner.js';
import { dailyRemindersJob } from './reminders-daily.job.js';

/** Every job kind and the handler that runs it. */
export const jobHandlers: Readonly<Record<JobKind, JobHandler>> = {
  'clocks.recompute': recomputeClocksJob,
  'reminders.daily': dailyRemindersJob,
  'db.statistics': refreshStatisticsJob,
};
