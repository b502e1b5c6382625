import { drpCallbackJob, drpPruneJob, type DrpJobServices } from '../features/drp/drp-jobs.js';
import type { CallbackPolicy } from '../features/drp/drp-callback.js';
import { sendMessageJob, type MailServices } from '../features/messages/send-message.job.js';
import { verificationReminderJob } from '../features/verification/verification-email.js';
import { recomputeClocksJob } from './clocks-recompute.job.js';
import { refreshStatisticsJob } from './db-statistics.job.js';
import type { JobKind } from './job-queue.js';
import type { JobHandler } from './job-runner.js';
import { dailyRemindersJob } from './reminders-daily.job.js';
import { closeUnverifiedJob } from './close-unverified.job.js';
import { retentionScrubJob } from './retention-scrub.job.js';
import { erasureReapplyJob } from '../features/erasure/erasure-reapply.js';
import { erasureDeadlinesJob } from '../features/erasure/erasure-deadlines.js';
import { erasurePollJob } from '../features/erasure/erasure-poll.js';
import { inboxProcessJob, inboxPurgeJob, type InboxServices } from '../features/inbox/inbox-process.job.js';
import {
  erasureLineJob,
  erasureStartJob,
  type ErasureServices,
} from '../features/erasure/erasure-execution.js';

export interface JobServices extends MailServices, ErasureServices, Partial<InboxServices> {
  /** Where agents' status callbacks may go (issue 17); tests also pass a recorder instead of HTTP. */
  drpCallbacks?: CallbackPolicy;
  drpPostCallback?: DrpJobServices['postCallback'];
  /** Our sender (MAIL_FROM), for the messages jobs queue themselves (a verification reminder). */
  mailFrom: string;
}

/** Every job kind and the handler that runs it. */
export function createJobHandlers(services: JobServices): Readonly<Record<JobKind, JobHandler>> {
  return {
    'clocks.recompute': recomputeClocksJob,
    'reminders.daily': dailyRemindersJob({ mailer: services.mailer }),
    'db.statistics': refreshStatisticsJob,
    'mail.send': sendMessageJob(services),
    'verification.remind': verificationReminderJob({ mailFrom: services.mailFrom }),
    'requests.close_unverified': closeUnverifiedJob({ mailFrom: services.mailFrom }),
    'erasure.start': erasureStartJob(),
    'erasure.line': erasureLineJob(services),
    'erasure.reapply': erasureReapplyJob(services),
    'erasure.poll': erasurePollJob(services),
    'erasure.deadlines': erasureDeadlinesJob(),
    'inbox.process': inboxProcessJob({
      inboundAddresses: services.inboundAddresses ?? [],
      ...(services.dnsLookup ? { dnsLookup: services.dnsLookup } : {}),
      ...(services.authTimeoutMs ? { authTimeoutMs: services.authTimeoutMs } : {}),
    }),
    'inbox.purge': inboxPurgeJob,
    'drp.callback': drpCallbackJob({
      callbacks: services.drpCallbacks ?? { allowLoopback: false },
      ...(services.drpPostCallback ? { postCallback: services.drpPostCallback } : {}),
    }),
    'drp.prune': drpPruneJob,
    'requests.retention_scrub': retentionScrubJob,
  };
}
