import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { isRequestType } from '@privdesk/shared';
import { customers, inboundMail, messages, requests } from '../db/schema.js';
import { storeInbound } from '../features/inbox/inbox-store.js';
import { dismissInbound, threadInbound } from '../features/inbox/inbox.service.js';
import type { DemoStep, DemoStepDeps } from './request-history.js';
import type { RequestPlan } from './request-dataset.js';

const MINUTE = 60_000;
const privacyAddress = 'privacy@syncronis.net';

/** A message as a sending server would hand it over: composed by nodemailer, bytes and all. */
async function compose(mail: {
  from: string;
  to?: string;
  subject: string;
  text: string;
  date: Date;
  inReplyTo?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string }[];
}): Promise<Buffer> {
  return new MailComposer({
    from: mail.from,
    to: mail.to ?? privacyAddress,
    subject: mail.subject,
    text: mail.text,
    date: mail.date,
    messageId: `<${randomUUID()}@mail.example>`,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
    ...(mail.headers ? { headers: mail.headers } : {}),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  })
    .compile()
    .build();
}

const envelopeOf = (from: string, to = privacyAddress) => ({
  mailFrom: from,
  rcptTo: [to],
  remoteIp: '198.51.100.25',
  helo: 'mx.mail.example',
});

const askFor: Record<string, string> = {
  erasure: 'Please delete my account and all the personal data you hold about me.',
  delete: 'Please delete my account and all the personal data you hold about me.',
  access: 'Under the GDPR I would like a copy of all the personal data you hold about me.',
  know: 'I would like to know what personal information you have collected about me.',
};

/**
 * The privacy mailbox's part of the demo history (issue 16): one email-channel request of the dataset made
 * of the email it came in — the email stored at the request's receipt time, and the intake step given its
 * id, so intake's own rule links the two. Mutates that intake step's input; returns the step that stores it.
 */
export function inboxDemoSteps(
  histories: readonly { plan: RequestPlan; steps: readonly DemoStep[] }[],
): DemoStep[] {
  for (const { plan, steps } of histories) {
    const intake = steps.find((s) => s.kind === 'intake');
    if (!intake || intake.kind !== 'intake' || intake.input.channel !== 'email') continue;
    if (!isRequestType(intake.input.type) || !askFor[intake.input.type]) continue;
    const mailId = randomUUID();
    const requester = intake.input.requester;
    const receivedAt = plan.row.receivedAt;
    intake.input.fromMailId = mailId;
    intake.input.receivedAt = receivedAt.toISOString();
    return [
      {
        // Ordered just before the intake, which may be logged at the same instant the email arrived.
        at: new Date(receivedAt.getTime() - 1),
        key: plan.row.id,
        actorId: intake.actorId,
        kind: 'run',
        run: async ({ db }) => {
          const raw = await compose({
            from: `${requester.name} <${requester.email}>`,
            subject: 'My personal data',
            text: `Hello,\n\n${askFor[intake.input.type] ?? ''}\n\nKind regards,\n${requester.name}`,
            date: receivedAt,
          });
          await storeInbound(db, envelopeOf(requester.email), raw, receivedAt, mailId);
        },
      },
    ];
  }
  return [];
}

/**
 * The inbox as it stands today, as steps of the history at their instants (the audit chain runs forward in
 * time): new mail of each kind (a customer asking for erasure, someone without an account asking for their
 * data, an out-of-office auto-reply, an identity document sent unasked), a requester's reply threaded onto
 * the request that waits on them (so "Information received" shows), and a marketing reply an officer marked
 * not a request. Each through the mailbox's own code.
 */
export function inboxTodaySteps(officerId: string, now: Date): DemoStep[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
  const step = (minutesAgo: number, run: (deps: DemoStepDeps) => Promise<void>): DemoStep => ({
    at: at(minutesAgo),
    key: `inbox-demo-${minutesAgo}`,
    actorId: officerId,
    kind: 'run',
    run,
  });
  const fresh: { minutesAgo: number; from: string; subject: string; text: string; extra?: object }[] = [
    {
      minutesAgo: 190,
      from: 'Jonas Weber <jonas.weber@mailbox.example>',
      subject: 'Auskunft / copy of my data',
      text: 'Hello, I do not have an account any more but I think you still hold my data. Please send me a copy of all personal data you hold about me (Art. 15 GDPR).\n\nJonas Weber',
    },
    {
      minutesAgo: 95,
      from: 'Out of office <noreply@partner.example>',
      subject: 'Automatic reply: Your request',
      text: 'I am out of the office until Monday and will answer your message on my return.',
      extra: { headers: { 'Auto-Submitted': 'auto-replied' } },
    },
    {
      minutesAgo: 42,
      from: 'Priya Raman <priya.raman@mailbox.example>',
      subject: 'ID for my request',
      text: 'As asked on the phone, here is my passport so you can verify me.',
      extra: {
        attachments: [{ filename: 'passport-scan.pdf', content: 'not a real passport, a demo stand-in' }],
      },
    },
  ];
  const marketingFrom = 'Sam Ortiz <sam.ortiz@mailbox.example>';
  return [
    // Yesterday's reply to a newsletter, marked not a request by an officer an hour later.
    step(26 * 60, async ({ db, now: arrived }) => {
      const raw = await compose({
        from: marketingFrom,
        subject: 'Re: Syncronis product update — December',
        text: 'Please stop sending me these newsletters.',
        date: arrived,
      });
      await storeInbound(db, envelopeOf('sam.ortiz@mailbox.example'), raw, arrived);
    }),
    step(25 * 60, async (deps) => {
      const [marketing] = await deps.db
        .select({ id: inboundMail.id, version: inboundMail.version })
        .from(inboundMail)
        .where(and(eq(inboundMail.fromAddress, 'sam.ortiz@mailbox.example'), eq(inboundMail.status, 'new')));
      if (!marketing) throw new Error('demo: the newsletter reply is missing');
      await dismissInbound(deps, {
        id: marketing.id,
        version: marketing.version,
        reason: 'marketing_reply',
        note: 'Unsubscribed them from the newsletter.',
      });
    }),
    ...fresh.map((mail) =>
      step(mail.minutesAgo, async ({ db, now: arrived }) => {
        const address = /<([^>]+)>/.exec(mail.from)?.[1] ?? mail.from;
        const raw = await compose({ ...mail, date: arrived, ...mail.extra });
        await storeInbound(db, envelopeOf(address), raw, arrived);
      }),
    ),
    // A reply from the requester of a request waiting on them, answering our question (In-Reply-To).
    step(35, async ({ db, now: arrived }) => {
      const [asked] = await db
        .select({
          name: requests.requesterName,
          email: requests.requesterEmail,
          messageId: messages.messageId,
          subject: messages.subject,
          replyTo: messages.replyTo,
        })
        .from(messages)
        .innerJoin(requests, eq(requests.id, messages.requestId))
        .where(
          and(
            eq(requests.status, 'awaiting_requester'),
            inArray(messages.kind, ['clarification_request', 'identity_request']),
            eq(messages.status, 'sent'),
            lt(messages.sentAt, new Date(arrived.getTime() - 60 * MINUTE)),
          ),
        )
        .orderBy(desc(messages.sentAt))
        .limit(1);
      if (!asked) return;
      const raw = await compose({
        from: `${asked.name} <${asked.email}>`,
        to: asked.replyTo,
        subject: `Re: ${asked.subject}`,
        text: 'Hello,\n\nIt is the account I use for work, registered with this same address.\n\nThanks',
        date: arrived,
        inReplyTo: asked.messageId,
      });
      const replyId = await storeInbound(db, envelopeOf(asked.email, asked.replyTo), raw, arrived);
      await threadInbound(db, { actor: { system: 'demo-seed' }, now: arrived }, replyId, [privacyAddress]);
    }),
    // A customer of the directory asks for erasure, minutes ago.
    step(9, async ({ db, now: arrived }) => {
      const [customer] = await db
        .select({ name: customers.name, email: customers.email })
        .from(customers)
        .where(and(eq(customers.status, 'active'), eq(customers.country, 'DE')))
        .orderBy(customers.accountNumber)
        .limit(1);
      if (!customer) return;
      const raw = await compose({
        from: `${customer.name} <${customer.email}>`,
        subject: 'Please delete my account',
        text: `Hi,\n\nI no longer use Syncronis. Please delete my account and erase all my personal data.\n\nThanks,\n${customer.name}`,
        date: arrived,
      });
      await storeInbound(db, envelopeOf(customer.email), raw, arrived);
    }),
  ];
}
