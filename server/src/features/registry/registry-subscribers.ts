import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import {
  DomainError,
  fieldError,
  subscriptionLinkDays,
  type SubscriberView,
  type publicSubscribeInputSchema,
  type subscriberAddInputSchema,
  type subscriberRemoveInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import { customers, messages, organisations, registrySubscribers } from '../../db/schema.js';
import { jobsQueued } from '../../jobs/job-wake.js';
import { scheduleJob } from '../../jobs/job-queue.js';
import { messageIdFor } from '../../integrations/mail/mailer.js';
import type { ActorDeps, ServiceDeps } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { recordAudit } from '../audit/audit.writer.js';
import { defaultMailFrom, sendAttempts } from '../messages/outbox.js';
import { registryConfirmStandIn, registryLinkToken, subscriberIdOfToken } from './registry-links.js';
import { originOfActor } from './subprocessor-change.js';

type SubscriberRow = typeof registrySubscribers.$inferSelect;

const DAY_MS = 86_400_000;

function viewOf(row: SubscriberRow, organisationName: string | null): SubscriberView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisationId: row.organisationId,
    organisationName,
    status: row.status,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    unsubscribedAt: row.unsubscribedAt?.toISOString() ?? null,
  };
}

/** Everyone who receives (or asked to receive) change notices, current ones first. For registry managers. */
export async function listSubscribers(deps: Pick<ServiceDeps, 'db'>): Promise<{ items: SubscriberView[] }> {
  const rows = await deps.db
    .select({ row: registrySubscribers, organisationName: organisations.name })
    .from(registrySubscribers)
    .leftJoin(organisations, eq(organisations.id, registrySubscribers.organisationId))
    .orderBy(
      asc(
        sql`array_position(array['confirmed','pending','unsubscribed']::text[], ${registrySubscribers.status})`,
      ),
      asc(organisations.name),
      asc(registrySubscribers.email),
    );
  return { items: rows.map((r) => viewOf(r.row, r.organisationName)) };
}

async function currentByEmail(tx: DbOrTx, email: string): Promise<SubscriberRow | undefined> {
  const [row] = await tx
    .select()
    .from(registrySubscribers)
    .where(and(eq(registrySubscribers.email, email), ne(registrySubscribers.status, 'unsubscribed')))
    .for('update');
  return row;
}

/**
 * Staff add a customer's contact on its behalf (the customer asked by another channel, given in the reason):
 * subscribed at once, recorded with who added it and why.
 */
export async function addSubscriber(
  deps: Pick<ActorDeps, 'db' | 'actor' | 'now'>,
  input: z.output<typeof subscriberAddInputSchema>,
): Promise<SubscriberView> {
  return deps.db.transaction(async (tx) => {
    const [organisation] = await tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, input.organisationId));
    if (!organisation) throw fieldError('organisationId', 'No customer organisation with this id.');
    const existing = await currentByEmail(tx, input.email);
    if (existing?.status === 'confirmed')
      throw fieldError('email', 'This address already receives the notices.');
    let row: SubscriberRow | undefined;
    if (existing) {
      // Waiting for its own confirmation: staff confirm it for the customer instead.
      [row] = await tx
        .update(registrySubscribers)
        .set({
          status: 'confirmed',
          name: input.name,
          organisationId: organisation.id,
          confirmedAt: deps.now,
          tokenHash: null,
          tokenExpiresAt: null,
        })
        .where(eq(registrySubscribers.id, existing.id))
        .returning();
    } else {
      [row] = await tx
        .insert(registrySubscribers)
        .values({
          email: input.email,
          name: input.name,
          organisationId: organisation.id,
          status: 'confirmed',
          source: 'staff',
          createdAt: deps.now,
          createdBy: deps.actor.staffId,
          confirmedAt: deps.now,
        })
        .returning();
    }
    if (!row) throw new Error('subscriber write returned nothing');
    await recordAudit(
      tx,
      originOfActor(deps.actor),
      {
        action: 'registry.subscriber_added',
        entityType: 'registry_subscriber',
        entityId: row.id,
        reason: input.reason,
        after: { subscriberId: row.id, organisationId: organisation.id, source: 'staff' },
      },
      deps.now,
    );
    return viewOf(row, organisation.name);
  });
}

/** Staff stop a subscription (the customer asked, the contact left): the row stays, as the record. */
export async function removeSubscriber(
  deps: Pick<ActorDeps, 'db' | 'actor' | 'now'>,
  input: z.output<typeof subscriberRemoveInputSchema>,
): Promise<SubscriberView> {
  return deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(registrySubscribers)
      .where(eq(registrySubscribers.id, input.id))
      .for('update');
    if (!current) throw new DomainError('NOT_FOUND', 'No subscriber with this id.');
    if (current.status === 'unsubscribed') throw new DomainError('BAD_REQUEST', 'Already unsubscribed.');
    const row = await unsubscribeRow(tx, current, deps.now);
    await recordAudit(
      tx,
      originOfActor(deps.actor),
      {
        action: 'registry.subscriber_removed',
        entityType: 'registry_subscriber',
        entityId: row.id,
        reason: input.reason,
        before: { status: current.status },
        after: { subscriberId: row.id, status: 'unsubscribed', bySubscriber: false },
      },
      deps.now,
    );
    const [organisation] = row.organisationId
      ? await tx
          .select({ name: organisations.name })
          .from(organisations)
          .where(eq(organisations.id, row.organisationId))
      : [];
    return viewOf(row, organisation?.name ?? null);
  });
}

async function unsubscribeRow(tx: Tx, current: SubscriberRow, now: Date): Promise<SubscriberRow> {
  const [row] = await tx
    .update(registrySubscribers)
    .set({ status: 'unsubscribed', unsubscribedAt: now, tokenHash: null, tokenExpiresAt: null })
    .where(eq(registrySubscribers.id, current.id))
    .returning();
  if (!row) throw new Error('subscriber update returned nothing');
  return row;
}

/** The organisation an address speaks for: the one whose privacy contact it is, else whose accounts use it. */
async function organisationOfEmail(tx: DbOrTx, email: string): Promise<string | null> {
  const [contact] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.privacyContactEmail, email))
    .limit(1);
  if (contact) return contact.id;
  const [account] = await tx
    .select({ id: customers.organisationId })
    .from(customers)
    .where(and(eq(customers.email, email), sql`${customers.organisationId} is not null`))
    .limit(1);
  return account?.id ?? null;
}

const publicActor = { system: 'public:registry' };

/**
 * The public page's form: a pending subscription and the mail with its confirmation link (double opt-in).
 * The answer is the same whatever the address (new, pending, already subscribed), so the form tells nobody
 * who subscribes; an address already subscribed gets no mail. Repeated asks reuse the pending row.
 */
export async function subscribeFromPublicPage(
  deps: Pick<ServiceDeps, 'db' | 'now'> & { mailFrom?: string },
  input: z.output<typeof publicSubscribeInputSchema>,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const existing = await currentByEmail(tx, input.email);
    if (existing?.status === 'confirmed') return;
    // At most one confirmation mail an hour for an address: the form cannot be used to flood someone.
    if (existing) {
      const [recent] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(messages)
        .where(
          and(
            eq(messages.subscriberId, existing.id),
            eq(messages.kind, 'registry_subscription'),
            sql`${messages.queuedAt} > ${new Date(deps.now.getTime() - 3_600_000)}`,
          ),
        );
      if ((recent?.n ?? 0) > 0) return;
    }
    const organisationId = await organisationOfEmail(tx, input.email);
    const id = existing?.id ?? randomUUID();
    const expiresAt = new Date(deps.now.getTime() + subscriptionLinkDays * DAY_MS);
    if (existing) {
      await tx
        .update(registrySubscribers)
        .set({
          tokenExpiresAt: expiresAt,
          organisationAsGiven: input.organisation ?? existing.organisationAsGiven,
        })
        .where(eq(registrySubscribers.id, id));
    } else {
      await tx.insert(registrySubscribers).values({
        id,
        email: input.email,
        organisationId,
        organisationAsGiven: input.organisation ?? null,
        status: 'pending',
        source: 'public_page',
        tokenExpiresAt: expiresAt,
        createdAt: deps.now,
      });
      await recordAudit(
        tx,
        originOfActor(publicActor),
        {
          action: 'registry.subscriber_added',
          entityType: 'registry_subscriber',
          entityId: id,
          after: { subscriberId: id, organisationId, source: 'public_page' },
        },
        deps.now,
      );
    }
    const messageId = randomUUID();
    const mailFrom = deps.mailFrom ?? defaultMailFrom;
    await tx.insert(messages).values({
      id: messageId,
      subscriberId: id,
      kind: 'registry_subscription',
      toAddress: input.email,
      subject: 'Confirm: notices of Syncronis subprocessor changes',
      body: [
        'Hello,',
        '',
        'Someone (we hope you) asked to receive Syncronis’s notices of changes to its subprocessors at this address.',
        `To confirm, open this link within ${subscriptionLinkDays} days:`,
        '',
        registryConfirmStandIn,
        '',
        'If you did not ask, ignore this message: nothing more will be sent.',
        '',
        'Syncronis Privacy Team',
      ].join('\n'),
      messageId: messageIdFor(messageId, mailFrom),
      replyTo: mailFrom.replace(/^.*<([^>]+)>$/, '$1'),
      status: 'queued',
      queuedAt: deps.now,
    });
    await scheduleJob(tx, {
      kind: 'mail.send',
      runAt: deps.now,
      key: `mail.send:${messageId}:0`,
      payload: { messageId },
      maxAttempts: sendAttempts,
    });
  });
  jobsQueued();
}

export type LinkOutcome = 'confirmed' | 'already' | 'unsubscribed' | 'invalid' | 'expired';

/** The confirmation link: subscribes the address, once, while the link is fresh. */
export async function confirmSubscription(
  deps: Pick<ServiceDeps, 'db' | 'now'> & { secretBox: SecretBox },
  token: string,
): Promise<LinkOutcome> {
  const id = subscriberIdOfToken(deps.secretBox, 'confirm', token);
  if (id === null) return 'invalid';
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(registrySubscribers)
      .where(eq(registrySubscribers.id, id))
      .for('update');
    if (!row || row.status === 'unsubscribed') return 'invalid';
    if (row.status === 'confirmed') return 'already';
    if (row.tokenExpiresAt === null || row.tokenExpiresAt.getTime() <= deps.now.getTime()) return 'expired';
    await tx
      .update(registrySubscribers)
      .set({ status: 'confirmed', confirmedAt: deps.now, tokenExpiresAt: null })
      .where(eq(registrySubscribers.id, id));
    await recordAudit(
      tx,
      originOfActor(publicActor),
      {
        action: 'registry.subscriber_confirmed',
        entityType: 'registry_subscriber',
        entityId: id,
        before: { status: 'pending' },
        after: { subscriberId: id, status: 'confirmed', organisationId: row.organisationId },
      },
      deps.now,
    );
    return 'confirmed';
  });
}

/** The link in every notice: stops the subscription (the row stays as the record of who was told). */
export async function unsubscribeByLink(
  deps: Pick<ServiceDeps, 'db' | 'now'> & { secretBox: SecretBox },
  token: string,
): Promise<LinkOutcome> {
  const id = subscriberIdOfToken(deps.secretBox, 'unsubscribe', token);
  if (id === null) return 'invalid';
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(registrySubscribers)
      .where(eq(registrySubscribers.id, id))
      .for('update');
    if (!row) return 'invalid';
    if (row.status === 'unsubscribed') return 'already';
    await unsubscribeRow(tx, row, deps.now);
    await recordAudit(
      tx,
      originOfActor(publicActor),
      {
        action: 'registry.subscriber_removed',
        entityType: 'registry_subscriber',
        entityId: id,
        before: { status: row.status },
        after: { subscriberId: id, status: 'unsubscribed', bySubscriber: true },
      },
      deps.now,
    );
    return 'unsubscribed';
  });
}

/** For tests and the demo: a subscriber's links as the mail carries them. */
export function subscriberLinks(box: SecretBox, subscriberId: string) {
  return {
    confirm: registryLinkToken(box, 'confirm', subscriberId),
    unsubscribe: registryLinkToken(box, 'unsubscribe', subscriberId),
  };
}
