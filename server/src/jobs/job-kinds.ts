// A leaf module (no imports): the database schema builds the jobs table's CHECK constraints from these lists,
// and job-queue.ts imports the schema, so the lists cannot live there without an import cycle.

export const jobKinds = ['clocks.recompute', 'reminders.daily'] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];
