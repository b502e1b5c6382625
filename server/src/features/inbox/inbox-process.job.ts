import { Resolver } from 'node:dns/promises';
import { and, eq, isNotNull, lte } from 'drizzle-orm';
import { authenticate } from 'mailauth';
import { mailAuthVerdicts, type MailAuthVerdict } from '@privdesk/shared';
import { inboundAttachments, inboundMail, type InboundMailAuth } from '../../db/schema.js';
import type { JobContext, JobHandler } from '../../jobs/job-runner.js';
import type { SystemActor } from '../requests/request-change.js';
import { threadInbound } from './inbox.service.js';

/** How the sender checks look names up: mailauth's `(name, type) => records`. */
export type DnsLookup = (name: string, type: string) => Promise<unknown>;

/**
 * A resolver that gives up fast (one try, 1.5 s) — offline, or with a slow DNS server, a check ends as
 * `temperror` in seconds rather than holding the job.
 */
export function fastResolver(): DnsLookup {
  const resolver = new Resolver({ timeout: 1500, tries: 1 });
  return (name, type) => resolver.resolve(name, type);
}

export interface InboxServices {
  /** Our privacy addresses and MAIL_FROM's: what a reply address is a sub-address of. */
  inboundAddresses: readonly string[];
  dnsLookup?: DnsLookup;
  /** The whole check's limit (default 10 s): past it, every verdict not reached is `temperror`. */
  authTimeoutMs?: number;
}

function verdictOf(value: unknown): MailAuthVerdict {
  return typeof value === 'string' && (mailAuthVerdicts as readonly string[]).includes(value)
    ? (value as MailAuthVerdict)
    : 'none';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 255) : null;
}

interface MailauthResult {
  spf?: { status?: { result?: unknown }; domain?: unknown } | false;
  dkim?: { results?: { status?: { result?: unknown }; signingDomain?: unknown }[] };
  dmarc?: { status?: { result?: unknown }; domain?: unknown } | false;
}

const unchecked = (verdict: MailAuthVerdict): InboundMailAuth => ({
  spf: { verdict, domain: null },
  dkim: { verdict, domain: null },
  dmarc: { verdict, domain: null },
});

/** SPF, DKIM and DMARC of one stored message, by mailauth; never throws (a failure is `temperror`). */
export async function checkSender(
  raw: Buffer,
  envelope: { ip: string; helo: string; sender: string },
  lookup: DnsLookup,
  timeoutMs: number,
): Promise<InboundMailAuth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const result = await Promise.race<MailauthResult | null>([
      authenticate(raw, {
        ip: envelope.ip,
        helo: envelope.helo,
        sender: envelope.sender,
        mta: 'privacy-desk',
        resolver: lookup,
        disableArc: true,
        disableBimi: true,
      }) as Promise<MailauthResult>,
      timeout,
    ]);
    if (result === null) return unchecked('temperror');
    const dkim = result.dkim?.results?.[0];
    return {
      spf: result.spf
        ? { verdict: verdictOf(result.spf.status?.result), domain: text(result.spf.domain) }
        : { verdict: 'none', domain: null },
      dkim: dkim
        ? { verdict: verdictOf(dkim.status?.result), domain: text(dkim.signingDomain) }
        : { verdict: 'none', domain: null },
      dmarc: result.dmarc
        ? { verdict: verdictOf(result.dmarc.status?.result), domain: text(result.dmarc.domain) }
        : { verdict: 'none', domain: null },
    };
  } catch {
    return unchecked('temperror');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `inbox.process`, queued with each stored message: first it is threaded (on its request by itself when it
 * answers one of ours, see threadInbound), then its sender is checked and the raw message let go. Each step
 * looks before it acts (a message already threaded or checked is left as it is), so a retry repeats nothing.
 */
export function inboxProcessJob(services: InboxServices): JobHandler {
  const lookup = services.dnsLookup ?? fastResolver();
  return async (ctx: JobContext) => {
    const mailId = ctx.job.payload.mailId;
    if (typeof mailId !== 'string') throw new Error('inbox.process job has no mailId');
    const actor: SystemActor = { system: `job:${ctx.job.id}` };
    const via = await ctx.db.transaction((tx) =>
      threadInbound(tx, { actor, now: ctx.now() }, mailId, services.inboundAddresses),
    );
    if (via) ctx.log.info({ mailId, via }, 'inbound mail threaded');
    const [mail] = await ctx.db
      .select({
        raw: inboundMail.raw,
        remoteIp: inboundMail.remoteIp,
        helo: inboundMail.helo,
        envelopeFrom: inboundMail.envelopeFrom,
        authCheckedAt: inboundMail.authCheckedAt,
      })
      .from(inboundMail)
      .where(eq(inboundMail.id, mailId));
    if (!mail || mail.authCheckedAt !== null) return;
    const auth = mail.raw
      ? await checkSender(
          mail.raw,
          { ip: mail.remoteIp, helo: mail.helo, sender: mail.envelopeFrom },
          lookup,
          services.authTimeoutMs ?? 10_000,
        )
      : unchecked('none');
    await ctx.db
      .update(inboundMail)
      .set({ auth, authCheckedAt: ctx.now(), raw: null })
      .where(eq(inboundMail.id, mailId));
  };
}

/**
 * `inbox.purge`, queued when a message's attachments were kept: at the end of their keeping time their
 * content goes; the rows stay, saying what was kept and when it went. Idempotent: only what is still held.
 */
export const inboxPurgeJob: JobHandler = async (ctx: JobContext) => {
  const mailId = ctx.job.payload.mailId;
  if (typeof mailId !== 'string') throw new Error('inbox.purge job has no mailId');
  const now = ctx.now();
  const purged = await ctx.db
    .update(inboundAttachments)
    .set({ content: null, purgedAt: now })
    .where(
      and(
        eq(inboundAttachments.mailId, mailId),
        isNotNull(inboundAttachments.content),
        lte(inboundAttachments.keptUntil, now),
      ),
    )
    .returning({ id: inboundAttachments.id });
  ctx.log.info({ mailId, attachments: purged.length }, 'kept attachments emptied');
};
