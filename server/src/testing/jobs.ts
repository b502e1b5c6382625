import { testLog } from './test-app.js';
import type { Database } from '../db/client.js';
import { jobHandlers } from '../jobs/job-handlers.js';
import type { JobDeps } from '../jobs/job-runner.js';

/** What a test passes to `runDueJobs`: the real handlers on the test's database, logging to the test log. */
export function testJobDeps(database: Database, handlers: Partial<JobDeps['handlers']> = {}): JobDeps {
  return { db: database.db, log: testLog, handlers: { ...jobHandlers, ...handlers } };
}
