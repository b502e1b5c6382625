import { randomUUID, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import {
  calendarDateIn,
  DomainError,
  fieldError,
  isOpenStatus,
  lawNameOf,
  messageSecretStandIns,
  oneTimeCodeAttempts,
  oneTimeCodeMinutes,
  requesterDate,
  requestTypePhrases,
  verificationLinkDays,
  verificationLinkResend,
  verificationReminderHours,
  type ChallengeMethod,
  type PublicVerificationInspectOutput,
  type VerificationCheckCodeOutput,
  type VerificationSendOutput,
} from '@privdesk/shared';
import type { Tx } from '../../db/client.js';
import { requests, verificationChallenges } from '../../db/schema.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import type { JobHandler } from '../../jobs/job-runner.js';
import type { Logger } from '../../lib/logger.js';
import type { ActorDeps, ServiceDeps } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { messageQueuedChange, outboxDepsOf, putInOutbox } from '../messages/outbox.js';
import { writeRequestChange, type RequestRecord } from '../requests/request-change.js';
import { readSettings } from '../settings/settings.store.js';
import {
  challengeIdOfToken,
  linkTokenFor,
  linkTokenHash,
  oneTimeCodeFor,
  oneTimeCodeHash,
} from './challenge-secrets.js';
import { recordCheckInTx } from './verification-record.js';
import { accountEmailMatches, assessRequest, verificationRowsOf } from './verification.service.js';

type Challenge = typeof verificationChallenges.$inferSelect;

const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface EmailCheckDeps extends ActorDeps {
  secretBox: SecretBox;
}

function timeOf(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/**
 * Sending a link or a code is for a request whose identity still has to be proven: open, and not yet at
 * its level (a closed request's checks are final; a verified one needs no more).
 */
async function assertNeedsCheck(tx: Tx, current: RequestRecord, log: Logger): Promise<void> {
  if (!isOpenStatus(current.status))
    throw new DomainError('BAD_REQUEST', `${current.reference} is closed: no identity check is sent for it.`);
  const settings = await readSettings(tx, log);
  const { assessment, required } = assessRequest(current, await verificationRowsOf(tx, current.id), settings);
  if (required.level === 'none')
    throw new DomainError('BAD_REQUEST', `${current.reference} needs no verification: ${required.why}`);
  if (assessment.satisfied)
    throw new DomainError('BAD_REQUEST', `${current.reference} is already verified to the level it needs.`);
}

/**
 * Not two of a kind within minutes, and a few a day at most: each is a mail to the requester, and a flood
 * of them is a nuisance (or a way to pester someone with our name on it).
 */
async function assertResendAllowed(
  tx: Tx,
  current: RequestRecord,
  method: ChallengeMethod,
  now: Date,
  limits: { minMinutes: number; perDay: number },
): Promise<void> {
  const recent = await tx
    .select({ createdAt: verificationChallenges.createdAt })
    .from(verificationChallenges)
    .where(
      and(
        eq(verificationChallenges.requestId, current.id),
        eq(verificationChallenges.method, method),
        gt(verificationChallenges.createdAt, new Date(now.getTime() - 24 * HOUR)),
      ),
    )
    .orderBy(desc(verificationChallenges.createdAt));
  const noun = method === 'email_link' ? 'link' : 'code';
  const last = recent[0];
  if (last && now.getTime() - last.createdAt.getTime() < limits.minMinutes * MINUTE) {
    const next = new Date(last.createdAt.getTime() + limits.minMinutes * MINUTE);
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `A ${noun} went to the requester at ${timeOf(last.createdAt)}: send another from ${timeOf(next)} if it has not arrived.`,
    );
  }
  if (recent.length >= limits.perDay) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `${limits.perDay} ${noun}s went to the requester in the last 24 hours: try another way to verify, or wait.`,
    );
  }
}

/** Older pending checks of the same method stop working once a new one is sent. */
async function supersedePending(tx: Tx, requestId: string, method: ChallengeMethod): Promise<void> {
  await tx
    .update(verificationChallenges)
    .set({ status: 'superseded' })
    .where(
      and(
        eq(verificationChallenges.requestId, requestId),
        eq(verificationChallenges.method, method),
        eq(verificationChallenges.status, 'pending'),
      ),
    );
}

async function sendChallenge(
  deps: EmailCheckDeps,
  target: { id: string; version: number },
  method: ChallengeMethod,
): Promise<VerificationSendOutput> {
  const { now } = deps;
  return deps.db.transaction(async (tx) => {
    let sent: { messageId: string; expiresAt: Date } | null = null;
    const updated = await writeRequestChange(tx, deps, target, async (current) => {
      await assertNeedsCheck(tx, current, deps.log);
      await assertResendAllowed(
        tx,
        current,
        method,
        now,
        method === 'email_link' ? verificationLinkResend : { minMinutes: 1, perDay: 5 },
      );
      await supersedePending(tx, current.id, method);
      const settings = await readSettings(tx, deps.log);
      const { required } = assessRequest(current, await verificationRowsOf(tx, current.id), settings);
      const id = randomUUID();
      const expiresAt = new Date(
        now.getTime() +
          (method === 'email_link' ? verificationLinkDays * 24 * HOUR : oneTimeCodeMinutes * MINUTE),
      );
      await tx.insert(verificationChallenges).values({
        id,
        requestId: current.id,
        method,
        toAccountEmail: await accountEmailMatches(tx, current),
        secretHash:
          method === 'email_link'
            ? linkTokenHash(linkTokenFor(deps.secretBox, id))
            : oneTimeCodeHash(deps.secretBox, id, oneTimeCodeFor(deps.secretBox, id)),
        declarationRequired: method === 'email_link' && required.level === 'high',
        expiresAt,
        createdAt: now,
        createdBy: deps.actor.staffId,
      });
      const expiresOn = calendarDateIn(expiresAt, settings.handling[current.regime].timeZone);
      const outbox = await putInOutbox(tx, outboxDepsOf(deps), current, settings, {
        kind: method === 'email_link' ? 'verification_link' : 'one_time_code',
        values:
          method === 'email_link'
            ? {
                verification_link: messageSecretStandIns.verification_link,
                link_expires_date: requesterDate(expiresOn, current.regime),
              }
            : { code: messageSecretStandIns.code, code_minutes: String(oneTimeCodeMinutes) },
        effect: { kind: 'challenge', challengeId: id },
      });
      if (method === 'email_link') {
        // A day later, if still unanswered: a reminder with the same link (verification.remind).
        await scheduleJob(tx, {
          kind: 'verification.remind',
          runAt: new Date(now.getTime() + verificationReminderHours * HOUR),
          key: `verification.remind:${id}`,
          payload: { challengeId: id },
        });
      }
      sent = { messageId: outbox.message.id, expiresAt };
      return messageQueuedChange(current, outbox, id);
    });
    const done = sent as { messageId: string; expiresAt: Date } | null;
    if (!done) throw new Error('verification challenge not written');
    return { version: updated.version, messageId: done.messageId, expiresAt: done.expiresAt.toISOString() };
  });
}

/** An email verification link to the requester's address (single use, 7 days; a reminder after 24 hours). */
export function sendVerificationLink(deps: EmailCheckDeps, input: { id: string; version: number }) {
  return sendChallenge(deps, input, 'email_link');
}

/** A one-time code to the requester's address, for them to read back on a live call (10 minutes). */
export function sendOneTimeCode(deps: EmailCheckDeps, input: { id: string; version: number }) {
  return sendChallenge(deps, input, 'one_time_code');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The code the caller read back, checked against the latest code sent. Each attempt is recorded (a failed
 * one too, on the timeline and in the audit log); after five the code is locked, and a sixth is refused
 * even when right.
 */
export async function checkOneTimeCode(
  deps: EmailCheckDeps,
  input: { id: string; version: number; code: string },
): Promise<VerificationCheckCodeOutput> {
  return deps.db.transaction(async (tx) => {
    let outcome: 'passed' | 'failed' = 'failed';
    let attemptsLeft = 0;
    const recorded = await recordCheckInTx(tx, deps, input, async (inner, current) => {
      const [challenge] = await inner
        .select()
        .from(verificationChallenges)
        .where(
          and(
            eq(verificationChallenges.requestId, current.id),
            eq(verificationChallenges.method, 'one_time_code'),
            inArray(verificationChallenges.status, ['pending', 'locked']),
          ),
        )
        .orderBy(desc(verificationChallenges.createdAt))
        .limit(1)
        .for('update');
      if (!challenge) throw fieldError('code', 'No code is waiting for this request: send one first.');
      if (challenge.status === 'locked' || challenge.attempts >= oneTimeCodeAttempts)
        throw fieldError(
          'code',
          `${oneTimeCodeAttempts} wrong codes were entered: this code no longer works. Send a new one.`,
        );
      if (challenge.expiresAt.getTime() <= deps.now.getTime())
        throw fieldError('code', `The code expired at ${timeOf(challenge.expiresAt)}: send a new one.`);
      const attempts = challenge.attempts + 1;
      const right = sameHash(oneTimeCodeHash(deps.secretBox, challenge.id, input.code), challenge.secretHash);
      outcome = right ? 'passed' : 'failed';
      attemptsLeft = right ? 0 : oneTimeCodeAttempts - attempts;
      await inner
        .update(verificationChallenges)
        .set(
          right
            ? { attempts, status: 'used', usedAt: deps.now }
            : { attempts, ...(attempts >= oneTimeCodeAttempts ? { status: 'locked' as const } : {}) },
        )
        .where(eq(verificationChallenges.id, challenge.id));
      return {
        method: 'one_time_code',
        outcome,
        toAccountEmail: challenge.toAccountEmail,
        note: right ? null : `Wrong code (attempt ${attempts} of ${oneTimeCodeAttempts}).`,
      };
    });
    return { version: recorded.updated.version, outcome, attemptsLeft };
  });
}

// --- the requester's own page --------------------------------------------------------------------------

/** A link that cannot be used, for whatever reason: the page says only that (nothing to learn from it). */
class UnusableLink extends Error {
  constructor() {
    super('unusable verification link');
    this.name = 'UnusableLink';
  }
}

async function usableChallenge(
  tx: Tx,
  box: SecretBox,
  token: string,
  now: Date,
  lock: boolean,
): Promise<Challenge> {
  const id = challengeIdOfToken(box, token.trim());
  if (id === null) throw new UnusableLink();
  const query = tx.select().from(verificationChallenges).where(eq(verificationChallenges.id, id));
  const [challenge] = lock ? await query.for('update') : await query;
  if (
    !challenge ||
    challenge.method !== 'email_link' ||
    challenge.status !== 'pending' ||
    challenge.expiresAt.getTime() <= now.getTime() ||
    !sameHash(linkTokenHash(token.trim()), challenge.secretHash)
  )
    throw new UnusableLink();
  return challenge;
}

/** What the requester's page shows before they confirm: the reference, the right, the law, the dates. */
export async function inspectVerificationLink(
  deps: ServiceDeps & { secretBox: SecretBox },
  token: string,
): Promise<PublicVerificationInspectOutput> {
  try {
    return await deps.db.transaction(async (tx) => {
      const challenge = await usableChallenge(tx, deps.secretBox, token, deps.now, false);
      const [request] = await tx.select().from(requests).where(eq(requests.id, challenge.requestId));
      if (!request || !isOpenStatus(request.status)) throw new UnusableLink();
      const settings = await readSettings(tx, deps.log);
      const zone = settings.handling[request.regime].timeZone;
      return {
        state: 'ready',
        reference: request.reference,
        requestType: requestTypePhrases[request.type],
        law: lawNameOf(request.regime),
        receivedOn: requesterDate(calendarDateIn(request.receivedAt, zone), request.regime),
        expiresOn: requesterDate(calendarDateIn(challenge.expiresAt, zone), request.regime),
        declarationRequired: challenge.declarationRequired,
      };
    });
  } catch (error) {
    if (error instanceof UnusableLink) return { state: 'unusable' };
    throw error;
  }
}

/**
 * The requester confirms from their own page: the link is used up and the check recorded (email link,
 * passed; the account's own address proves the account, another address counts as one data point), with
 * the declaration when the level is high — by the app, on the requester's word, on the request's timeline.
 */
export async function confirmVerificationLink(
  deps: ServiceDeps & { secretBox: SecretBox },
  input: { token: string; declaration?: { signedName: string; agreed: true } | undefined },
): Promise<{ state: 'confirmed'; reference: string } | { state: 'unusable' }> {
  try {
    return await deps.db.transaction(async (tx) => {
      const challenge = await usableChallenge(tx, deps.secretBox, input.token, deps.now, true);
      if (challenge.declarationRequired && !input.declaration)
        throw fieldError(
          'declaration',
          'This request needs your signed declaration: type your name and tick the box.',
        );
      const [current] = await tx
        .select({ version: requests.version })
        .from(requests)
        .where(eq(requests.id, challenge.requestId));
      if (!current) throw new UnusableLink();
      const recorded = await recordCheckInTx(
        tx,
        { actor: { system: 'public:verification-link' }, now: deps.now, log: deps.log },
        { id: challenge.requestId, version: current.version },
        async (inner, request) => {
          if (!isOpenStatus(request.status)) throw new UnusableLink();
          await inner
            .update(verificationChallenges)
            .set({ status: 'used', usedAt: deps.now })
            .where(eq(verificationChallenges.id, challenge.id));
          return {
            method: 'email_link',
            outcome: 'passed',
            toAccountEmail: challenge.toAccountEmail,
            declarationSigned: challenge.declarationRequired && input.declaration !== undefined,
            // The signed name is the requester's own words: kept with the check, never in the audit log.
            note: input.declaration
              ? `Declaration signed on the confirmation page as “${input.declaration.signedName}”.`
              : null,
          };
        },
      );
      return { state: 'confirmed' as const, reference: recorded.updated.reference };
    });
  } catch (error) {
    if (error instanceof UnusableLink) return { state: 'unusable' };
    throw error;
  }
}

/**
 * `verification.remind`: a day after a link went out, if it is still unanswered and the request still
 * unverified, the requester gets a reminder carrying the same link (made again from its challenge).
 */
export function verificationReminderJob(opts: { mailFrom: string }): JobHandler {
  return async (ctx) => {
    const challengeId = ctx.job.payload.challengeId;
    if (typeof challengeId !== 'string') throw new Error('verification.remind job without a challenge id');
    await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const [challenge] = await tx
        .select()
        .from(verificationChallenges)
        .where(eq(verificationChallenges.id, challengeId));
      if (!challenge || challenge.status !== 'pending' || challenge.expiresAt.getTime() <= now.getTime())
        return;
      const [current] = await tx.select().from(requests).where(eq(requests.id, challenge.requestId));
      if (!current || !isOpenStatus(current.status)) return;
      const settings = await readSettings(tx, ctx.log);
      if (assessRequest(current, await verificationRowsOf(tx, current.id), settings).assessment.satisfied)
        return;
      await writeRequestChange(
        tx,
        { actor: { system: `job:${ctx.job.id}` }, now },
        { id: current.id, version: current.version },
        async (locked) => {
          const expiresOn = calendarDateIn(challenge.expiresAt, settings.handling[locked.regime].timeZone);
          const outbox = await putInOutbox(
            tx,
            { actor: { system: `job:${ctx.job.id}` }, now, mailFrom: opts.mailFrom },
            locked,
            settings,
            {
              kind: 'verification_reminder',
              values: {
                verification_link: messageSecretStandIns.verification_link,
                link_expires_date: requesterDate(expiresOn, locked.regime),
              },
              effect: { kind: 'challenge', challengeId: challenge.id },
            },
          );
          return messageQueuedChange(locked, outbox, challenge.id);
        },
      );
    });
  };
}
