// A leaf module (no imports): the jobs table's CHECK constraints are built from these lists, so they live
// with the schema (infrastructure imports no job code); job-queue.ts re-exports them for the job code.

export const jobKinds = ['clocks.recompute', 'reminders.daily', 'db.statistics'] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];
