import { testLog, testMailFrom } from './test-app.js';
import type { Database } from '../db/client.js';
import { noMailer, type Mailer } from '../integrations/mail/mailer.js';
import { createJobHandlers, type JobServices } from '../jobs/job-handlers.js';
import { runDueJobs, type JobDeps } from '../jobs/job-runner.js';
import type { SecretBox } from '../lib/tokens.js';
import { createSecretBox } from '../lib/tokens.js';
import type { PlatformDb } from '../platform/platform-db.js';

/** Where tests' confirmation links point. */
export const testPublicOrigin = 'https://desk.test';

/** The services jobs get in tests: the test app's key (so links verify), and a mailer (none by default). */
export function testJobServices(
  opts: { secretBox?: SecretBox; mailer?: Mailer; platform?: PlatformDb | null } = {},
): JobServices {
  return {
    platform: opts.platform ?? null,
    mailer: opts.mailer ?? noMailer(testMailFrom),
    secretBox: opts.secretBox ?? createSecretBox('test-secret-test-secret-test-secret-0123'),
    publicOrigin: testPublicOrigin,
    mailFrom: testMailFrom,
    inboundAddresses: ['privacy@syncronis.net'],
    // Tests run offline: every name is unknown at once, so a sender check ends without waiting on DNS.
    dnsLookup: () => Promise.reject(Object.assign(new Error('queryTxt ENOTFOUND'), { code: 'ENOTFOUND' })),
  };
}

/** What a test passes to `runDueJobs`: the real handlers on the test's database, logging to the test log. */
export function testJobDeps(
  database: Database,
  handlers: Partial<JobDeps['handlers']> = {},
  services: JobServices = testJobServices(),
): JobDeps {
  return { db: database.db, log: testLog, handlers: { ...createJobHandlers(services), ...handlers } };
}

/**
 * A mail server that takes everything at once, in memory: for tests whose subject is not the mail itself
 * (those run a real SMTP server, test-smtp.ts), so that messages their setup queues leave and settle.
 */
export function acceptingMailer(
  kind: Mailer['kind'] = 'capture',
): Mailer & { sent: { to: string; subject: string; text: string }[] } {
  const sent: { to: string; subject: string; text: string }[] = [];
  return {
    from: testMailFrom,
    kind,
    sent,
    send(mail) {
      sent.push({ to: mail.to, subject: mail.subject, text: mail.text });
      return Promise.resolve({ answer: '250 2.0.0 accepted (test)' });
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Runs every job due at `at` with a mail server that accepts everything: a setup's queued messages leave
 * and settle (acknowledgements recorded), before the test's own jobs are scheduled.
 */
export async function deliverQueuedMail(database: Database, at: Date, secretBox?: SecretBox): Promise<void> {
  const services = testJobServices({ mailer: acceptingMailer(), ...(secretBox ? { secretBox } : {}) });
  await runDueJobs(testJobDeps(database, {}, services), at);
}
