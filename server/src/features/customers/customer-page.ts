import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  calendarDateIn,
  dataCategoryLabels,
  retentionPeriodPhrase,
  isOpenStatus,
  maskedEmail,
  maskedName,
  openRequestStatuses,
  plainStatusLine,
  queueToday,
  suggestRegime,
  type CustomerPage,
  type CustomerRequest,
  type RequestType,
} from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { dataSystems, organisations, requestEvents, requests } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { dueOnOf } from '../requests/requests.queries.js';
import { readSettings } from '../settings/settings.store.js';
import { flagsOf } from './customer-flags.js';
import { loadCustomer, presentCustomer } from './customers.service.js';

/** How many of an account's requests its page lists, newest first (an account with more is an outlier). */
const requestsShown = 200;

/**
 * An account's requests with what the customer may be told about each: status, the date the answer is owed,
 * how and when a closed one ended — never who works on it, notes or recorded reasons.
 */
export async function customerRequests(
  db: DbOrTx,
  customerId: string,
  opts: {
    now: Date;
    timeZoneOf: (regime: string) => string;
    today: string;
    only?: { type: RequestType; open: true };
  },
): Promise<CustomerRequest[]> {
  // The last status change of a closed request is when it closed.
  const closedAt = sql<Date | null>`(select max(${requestEvents.at}) from ${requestEvents}
    where ${requestEvents.requestId} = "requests"."id" and ${requestEvents.kind} = 'status_changed')`;
  const rows = await db
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      regime: requests.regime,
      status: requests.status,
      outcome: requests.outcome,
      receivedAt: requests.receivedAt,
      companyDueOn: requests.companyDueOn,
      effectiveDueOn: requests.effectiveDueOn,
      closedAt,
    })
    .from(requests)
    .where(
      and(
        eq(requests.customerId, customerId),
        opts.only
          ? and(eq(requests.type, opts.only.type), inArray(requests.status, [...openRequestStatuses]))
          : undefined,
      ),
    )
    .orderBy(desc(requests.receivedAt), desc(requests.id))
    .limit(requestsShown);
  return rows.map((r) => {
    const open = isOpenStatus(r.status);
    const closed = open || r.closedAt === null ? null : new Date(r.closedAt);
    const closedOn = closed ? calendarDateIn(closed, opts.timeZoneOf(r.regime)) : null;
    const dueOn = dueOnOf(r);
    return {
      id: r.id,
      reference: r.reference,
      type: r.type,
      status: r.status,
      outcome: r.outcome,
      receivedAt: r.receivedAt.toISOString(),
      dueOn,
      closedOn,
      plainLine: plainStatusLine(
        { reference: r.reference, type: r.type, status: r.status, dueOn, outcome: r.outcome, closedOn },
        opts.today,
      ),
    };
  });
}

/** Where each regime's days are counted, and today as the queue counts it. */
export async function requestDayContext(deps: Pick<ActorDeps, 'db' | 'log' | 'now'>) {
  const settings = await readSettings(deps.db, deps.log);
  const today = queueToday(deps.now, Object.values(settings.handling));
  const timeZoneOf = (regime: string) => settings.handling[regime as keyof typeof settings.handling].timeZone;
  return { today, timeZoneOf };
}

/**
 * The customer page (issue 12, item 3): the account's facts, its organisation, every flag it has had, its
 * requests with the plain-language line, and the systems known to hold its data. Names, emails and the
 * organisation's privacy contact come masked to readers without `pii:read`; the output schema is the
 * allow-list.
 */
/**
 * The systems of the data inventory, with what each holds of an account; for an erased account, only what a
 * retention rule kept. Null while the inventory is empty (the page then lists what it knows by itself).
 */
async function footprintFromInventory(db: DbOrTx, signupAt: Date, erased: boolean) {
  const rows = await db
    .select({
      key: dataSystems.key,
      name: dataSystems.name,
      dataCategories: dataSystems.dataCategories,
      retentionRules: dataSystems.retentionRules,
    })
    .from(dataSystems)
    .orderBy(asc(dataSystems.name));
  if (rows.length === 0) return null;
  const phrase = (labels: string[]) =>
    labels.map((label, i) => (i === 0 ? label : label.charAt(0).toLowerCase() + label.slice(1))).join(', ');
  if (erased)
    return rows.flatMap((row) =>
      row.retentionRules.length === 0
        ? []
        : [
            {
              key: row.key,
              name: row.name,
              holds: `Kept by law: ${row.retentionRules
                .map((r) => `${r.scope.toLowerCase()} (${retentionPeriodPhrase(r.period)})`)
                .join('; ')}`,
              since: null,
            },
          ],
    );
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    holds: phrase(row.dataCategories.map((c) => dataCategoryLabels[c])),
    since: signupAt.toISOString(),
  }));
}

export async function getCustomerPage(deps: ActorDeps, id: string): Promise<CustomerPage> {
  const { db, actor } = deps;
  const c = await loadCustomer(db, id);
  const [org] = c.organisationId
    ? await db.select().from(organisations).where(eq(organisations.id, c.organisationId))
    : [];
  const context = await requestDayContext(deps);
  const list = await customerRequests(db, c.id, { now: deps.now, ...context });
  const clear = actor.can.seeClearPii;
  const contact =
    org?.privacyContactName && org.privacyContactEmail
      ? { name: org.privacyContactName, email: org.privacyContactEmail }
      : null;
  const organisation = org
    ? clear
      ? { id: org.id, name: org.name, country: org.country, masked: false as const, contact }
      : {
          id: org.id,
          name: org.name,
          country: org.country,
          masked: true as const,
          contact: contact && { name: maskedName(contact.name), email: maskedEmail(contact.email) },
        }
    : null;
  const erased = c.status === 'erased';
  const oldest = list.at(-1);
  const inventory = await footprintFromInventory(db, c.signupAt, erased);
  const systems = [
    ...(inventory ??
      (erased
        ? []
        : [
            {
              key: 'platform',
              name: 'Syncronis platform',
              holds: 'Account profile (name, email, organisation, country, plan) and sign-in activity',
              since: c.signupAt.toISOString(),
            },
          ])),
    ...(oldest
      ? [
          {
            key: 'privacy_desk',
            name: 'Privacy Desk',
            holds: `${list.length} privacy request${list.length === 1 ? '' : 's'} and their records`,
            since: oldest.receivedAt,
          },
        ]
      : []),
  ];
  return {
    customer: presentCustomer(c, actor.can, deps.now),
    version: c.version,
    signupAt: c.signupAt.toISOString(),
    lastActiveAt: c.lastActiveAt?.toISOString() ?? null,
    organisation,
    flags: await flagsOf(db, c.id),
    requests: list,
    footprint: { systems, fromInventory: inventory !== null },
    suggestedRegime: suggestRegime(c.country) ?? null,
    today: context.today,
  };
}
