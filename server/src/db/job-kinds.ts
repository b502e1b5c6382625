// A leaf module (no imports): the jobs table's CHECK constraints are built from these lists, so they live
// with the schema (infrastructure imports no job code); job-queue.ts re-exports them for the job code.

export const jobKinds = [
  'clocks.recompute',
  'reminders.daily',
  'db.statistics',
  // One message from the outbox to the SMTP server (issue 13, item 4).
  'mail.send',
  // A day after an identity-check link went out unanswered: its reminder.
  'verification.remind',
  // Daily: requests still unverified after the configured days close as closed_unverified, with the notice.
  'requests.close_unverified',
  // An approved erasure plan's grace period ended: its lines are queued (issue 15, item 5).
  'erasure.start',
  // One line of a plan through its connector; keyed by the line, so it is never queued twice.
  'erasure.line',
  // Daily, and at start-up: accounts on the suppression list that a restored backup brought back are erased again.
  'erasure.reapply',
  // A receiver that accepted a line (202) but has not called back: asked for the line's status (issue 15, item 5).
  'erasure.poll',
  // Daily: erasures not yet done as their deadline nears (30 days, a minor's target) are flagged to officers.
  'erasure.deadlines',
  // A message the privacy mailbox stored: threaded onto its request, and its sender checked (issue 16).
  'inbox.process',
  // A stored message's kept attachments, emptied when their short keeping time ends (issue 16, item 1).
  'inbox.purge',
  // One status change of a request an authorised agent filed, POSTed to its status callback (issue 17); keyed
  // by the request and the change's number, so a change is never sent twice.
  'drp.callback',
  // Daily: the record of accepted signed messages loses those past their expiry (a replay of one is refused
  // by its expiry alone).
  'drp.prune',
  // Daily: closed requests kept the retention period (setting `requestRetentionMonths`) lose their requesters'
  // personal data, in batches that each commit on their own (issue 18).
  'requests.retention_scrub',
] as const;
export type JobKind = (typeof jobKinds)[number];

/**
 * Kinds whose retries call other parties' servers (a subprocessor's erasure endpoint): their backoff is
 * spread by up to a fifth, so that many lines failing together against one receiver do not retry in step.
 */
export const jitteredJobKinds: readonly JobKind[] = ['erasure.line', 'erasure.poll', 'drp.callback'];

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];
