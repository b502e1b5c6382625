import { and, asc, eq, isNotNull } from 'drizzle-orm';
import {
  dataSystemFieldsSchema,
  subprocessorFieldsSchema,
  type DataCategory,
  type RetentionRuleInput,
  type SubprocessorFields,
  type SubprocessorFieldsInput,
} from '@privdesk/shared';
import { organisations, subprocessorObjections } from '../db/schema.js';
import { createDataSystemInTx } from '../features/inventory/inventory.service.js';
import type { SecretBox } from '../lib/tokens.js';
import { addSubscriber } from '../features/registry/registry-subscribers.js';
import { noticeDraft } from '../features/registry/registry.queries.js';
import {
  activateSubprocessor,
  createSubprocessor,
  decideObjection,
  recordObjection,
  retireSubprocessor,
  sendNotice,
} from '../features/registry/registry.service.js';
import type { SubprocessorRecord } from '../features/registry/subprocessor-change.js';
import type { DemoStep, DemoStepDeps } from './request-history.js';

const DAY = 86_400_000;

/** Who owns a demo system: the demo's staff by their seed keys. */
type DemoOwner = 'officer' | 'officer2' | 'admin';

const tenYearsOfInvoices = {
  scope: 'Invoices and their lines',
  ground: 'legal_obligation',
  law: 'Tax law: invoices are kept 10 years (German Fiscal Code (AO) §147; Irish TCA 1997 s.886 asks 6).',
  period: { count: 10, unit: 'years' },
} as const;

/**
 * The data inventory (product.md §10; issue 15, item 1): the platform's own database, the policy's four
 * subprocessors' systems, a support desk and a marketing email tool, each with its owner, its connector and
 * what the law makes it keep. The webhooks point at the demo's stand-in receiver on this server.
 */
export const demoDataSystems = [
  {
    key: 'platform_db',
    name: 'Platform database',
    description: 'The Syncronis platform’s own database: accounts, memberships, API keys, usage, invoices.',
    owner: 'admin',
    dataCategories: [
      'contact_details',
      'account_credentials',
      'usage_data',
      'billing_records',
      'customer_content',
    ],
    connector: { kind: 'internal', target: 'platform' },
    retentionRules: [{ ...tenYearsOfInvoices, platformScope: 'invoices' }],
  },
  {
    key: 'cloud_hosting',
    name: 'Cloud hosting',
    description: 'Compute, storage and backups of the platform, encrypted at rest.',
    owner: 'admin',
    dataCategories: ['contact_details', 'usage_data', 'technical_data', 'customer_content'],
    connector: {
      kind: 'manual',
      instructions:
        'Confirm the account’s object storage prefix is empty. Backups expire after 35 days; a restore re-applies erasures from the suppression list.',
    },
    retentionRules: [],
  },
  {
    key: 'error_monitoring',
    name: 'Error monitoring',
    description: 'Crash and error reports from the platform and its web app.',
    owner: 'officer2',
    dataCategories: ['technical_data', 'usage_data'],
    connector: { kind: 'webhook', path: 'error_monitoring' },
    retentionRules: [],
  },
  {
    key: 'product_analytics',
    name: 'Product analytics',
    description: 'Events of how customers use the product, keyed by account.',
    owner: 'officer',
    dataCategories: ['usage_data', 'technical_data'],
    connector: { kind: 'webhook', path: 'product_analytics' },
    retentionRules: [],
  },
  {
    key: 'payments',
    name: 'Payments',
    description: 'Card payments and invoices for paid plans.',
    owner: 'admin',
    dataCategories: ['payment_data', 'billing_records', 'contact_details'],
    connector: { kind: 'webhook', path: 'payments' },
    // The processor keeps its own payment records under its own obligations; it holds nothing for us to keep.
    retentionRules: [],
  },
  {
    key: 'support_desk',
    name: 'Support desk',
    description: 'Tickets and conversations with customers’ users.',
    owner: 'officer',
    dataCategories: ['contact_details', 'support_communications'],
    connector: {
      kind: 'manual',
      instructions:
        'In the help desk’s admin, search the account’s email, delete the person’s profile and their tickets, and note how many.',
    },
    retentionRules: [],
  },
  {
    key: 'marketing_email',
    name: 'Marketing email',
    description: 'Newsletter and product announcements, with each person’s preferences.',
    owner: 'officer2',
    dataCategories: ['contact_details', 'marketing_preferences'],
    connector: {
      kind: 'manual',
      instructions:
        'Delete the contact in the mailing tool and add the address’s hash to its suppression list, so no import adds it again.',
    },
    retentionRules: [],
  },
] as const satisfies readonly {
  key: string;
  name: string;
  description: string;
  owner: DemoOwner;
  dataCategories: readonly DataCategory[];
  connector:
    | { kind: 'internal'; target: 'platform' }
    | { kind: 'webhook'; path: string }
    | { kind: 'manual'; instructions: string };
  retentionRules: readonly RetentionRuleInput[];
}[];

/** Where the demo's stand-in subprocessor answers, and the secret it shares with us for one system. */
export interface DemoWebhooks {
  origin: string;
  secretFor: (key: string) => string;
}

type SystemKey = (typeof demoDataSystems)[number]['key'];

/**
 * The registry in every state, made by its own rules at past instants (steps replayed with the requests'
 * histories, in time order, so the audit chain runs forward): the policy's four subprocessors active (their
 * notices emailed to subscribers, their windows passed), an analytics vendor retired for the one that
 * replaced it, a support desk under notice with one objection open and one decided, and an email vendor
 * proposed with a transfer still to agree. Subscribers are organisations' privacy contacts, added on their
 * behalf by an admin. Notices are recorded as sent at their instant (the demo's history sends nothing).
 */
export function registryDemoSteps(
  people: { officerId: string; officer2Id: string; adminId: string },
  now: Date,
  webhooks: DemoWebhooks & { secretBox: SecretBox },
): DemoStep[] {
  const at = (daysAgo: number, hour = 10) =>
    new Date(Math.floor((now.getTime() - daysAgo * DAY) / DAY) * DAY + hour * 3_600_000);
  const steps: DemoStep[] = [];
  const step = (daysAgo: number, actorId: string, run: (deps: DemoStepDeps) => Promise<void>, hour = 10) =>
    steps.push({ at: at(daysAgo, hour), key: 'registry', actorId, kind: 'run', run });
  const systems = new Map<string, string>();
  const contacts: { id: string; name: string | null; email: string | null }[] = [];
  const rows = new Map<string, SubprocessorRecord>();
  const row = (name: string) => {
    const found = rows.get(name);
    if (!found) throw new Error(`demo: subprocessor ${name} not made yet`);
    return found;
  };

  step(236, people.adminId, async (deps) => {
    const owners: Record<DemoOwner, string> = {
      officer: people.officerId,
      officer2: people.officer2Id,
      admin: people.adminId,
    };
    const made: { id: string; key: string }[] = [];
    for (const system of demoDataSystems) {
      const fields = dataSystemFieldsSchema.parse({
        name: system.name,
        description: system.description,
        ownerId: owners[system.owner],
        dataCategories: [...system.dataCategories],
        connector:
          system.connector.kind === 'webhook'
            ? {
                kind: 'webhook',
                url: `${webhooks.origin}/stand-in/${system.connector.path}/erasure`,
                secret: webhooks.secretFor(system.key),
              }
            : system.connector,
        retentionRules: system.retentionRules,
      });
      made.push(
        await createDataSystemInTx(deps.db, { ...deps, secretBox: webhooks.secretBox }, fields, {
          key: system.key,
        }),
      );
    }
    for (const s of made) systems.set(s.key, s.id);
    contacts.push(
      ...(await deps.db
        .select({
          id: organisations.id,
          name: organisations.privacyContactName,
          email: organisations.privacyContactEmail,
        })
        .from(organisations)
        .where(isNotNull(organisations.privacyContactEmail))
        .orderBy(asc(organisations.name))
        .limit(6)),
    );
    // Subscribers first: the notices below go to them.
    for (const contact of contacts) {
      if (!contact.email || !contact.name) continue;
      await addSubscriber(deps, {
        organisationId: contact.id,
        email: contact.email,
        name: contact.name,
        reason: 'The customer’s DPA names this contact for subprocessor change notices.',
      });
    }
  });

  /** Proposed, noticed by email, activated after the window (and retired), each on its day. */
  const lifecycle = (
    make: () => SubprocessorFields,
    days: { proposed: number; notice?: number; active?: number },
    actorId: string,
  ) => {
    let name = '';
    step(days.proposed, actorId, async (deps) => {
      const made = await createSubprocessor(deps, make());
      name = made.name;
      rows.set(name, made);
    });
    if (days.notice !== undefined)
      step(
        days.notice,
        actorId,
        async (deps) => {
          const current = row(name);
          const draft = await noticeDraft(deps, current.id);
          rows.set(
            name,
            await sendNotice(deps, {
              id: current.id,
              version: current.version,
              channel: 'email',
              subject: draft.subject,
              body: draft.body,
            }),
          );
        },
        11,
      );
    if (days.active !== undefined)
      step(days.active, actorId, async (deps) => {
        const current = row(name);
        rows.set(
          name,
          await activateSubprocessor(deps, {
            id: current.id,
            version: current.version,
            noObjectionPeriod: false,
          }),
        );
      });
  };
  const system = (key: SystemKey) => {
    const id = systems.get(key);
    if (!id) throw new Error(`demo data system ${key} missing`);
    return id;
  };
  const vendor = (input: Omit<SubprocessorFieldsInput, 'dataSystemIds'> & { systems: SystemKey[] }) => {
    const { systems: keys, ...rest } = input;
    return subprocessorFieldsSchema.parse({ ...rest, dataSystemIds: keys.map(system) });
  };
  const module3 = { mechanism: 'scc', sccModule: 'module_3', sccVersion: 'eu_2021_914' } as const;

  lifecycle(
    () =>
      vendor({
        name: 'Nimbus Cloud',
        legalName: 'Nimbus Cloud Services Ireland Limited',
        address: 'Unit 4, Demo Quay, Dublin 2, Ireland (fictional)',
        contactEmail: 'dpo@nimbus-cloud.example',
        website: 'https://nimbus-cloud.example',
        category: 'cloud_infrastructure',
        purpose: 'Hosting of the Syncronis platform, with encryption at rest and backups.',
        services: 'Compute, managed PostgreSQL, object storage, key management.',
        dataCategories: ['contact_details', 'usage_data', 'technical_data', 'customer_content'],
        subjectCategories: ['customer_users', 'customer_administrators', 'end_users_of_customers'],
        locations: [
          { country: 'IE', mechanism: 'none_needed' },
          { country: 'DE', mechanism: 'none_needed' },
        ],
        dpaSignedOn: isoDaysAgo(now, 400),
        dpaUrl: 'https://contracts.syncronis.example/dpa/nimbus-cloud.pdf',
        certifications: [
          { kind: 'iso_27001', expiresOn: isoDaysAgo(now, -300) },
          { kind: 'soc2_type2', expiresOn: isoDaysAgo(now, -120) },
        ],
        systems: ['platform_db', 'cloud_hosting'],
      }),
    { proposed: 228, notice: 227, active: 195 },
    people.officerId,
  );
  lifecycle(
    () =>
      vendor({
        name: 'Sentry',
        legalName: 'Sentry Error Monitoring Inc. (demo record)',
        address: 'Suite 500, 1 Demo Plaza, San Francisco, CA 94105, United States (fictional)',
        contactEmail: 'privacy@sentry-demo.example',
        website: 'https://sentry.example',
        category: 'error_monitoring',
        purpose: 'Error and crash reports, to find and fix faults in the platform.',
        services: 'Error monitoring and performance traces (IP addresses scrubbed before storage).',
        dataCategories: ['technical_data', 'usage_data'],
        subjectCategories: ['customer_users'],
        locations: [
          { country: 'US', mechanism: 'dpf' },
          { country: 'DE', mechanism: 'none_needed' },
        ],
        dpaSignedOn: isoDaysAgo(now, 380),
        dpaUrl: 'https://contracts.syncronis.example/dpa/sentry.pdf',
        // Its SOC 2 report ran out: the registry warns until a new one is recorded.
        certifications: [{ kind: 'soc2_type2', expiresOn: isoDaysAgo(now, 20) }],
        systems: ['error_monitoring'],
      }),
    { proposed: 226, notice: 226, active: 193 },
    people.officer2Id,
  );
  lifecycle(
    () =>
      vendor({
        name: 'Trackwell Analytics',
        legalName: 'Trackwell Analytics Ltd (demo record)',
        address: '12 Sample Street, London EC1A 1AA, United Kingdom (fictional)',
        contactEmail: 'dpo@trackwell.example',
        website: 'https://trackwell.example',
        category: 'analytics',
        purpose: 'Product analytics: which features customers use, to improve them.',
        services: 'Event collection and dashboards.',
        dataCategories: ['usage_data', 'technical_data'],
        subjectCategories: ['customer_users'],
        locations: [
          { country: 'GB', mechanism: 'adequacy' },
          { country: 'US', ...module3 },
        ],
        dpaSignedOn: isoDaysAgo(now, 500),
        dpaUrl: 'https://contracts.syncronis.example/dpa/trackwell.pdf',
        systems: ['product_analytics'],
      }),
    { proposed: 225, notice: 225, active: 192 },
    people.officerId,
  );
  lifecycle(
    () =>
      vendor({
        name: 'Tillpoint Payments',
        legalName: 'Tillpoint Payments Limited (demo record)',
        address: '3 Example Row, Manchester M1 1AA, United Kingdom (fictional)',
        contactEmail: 'dataprotection@tillpoint.example',
        website: 'https://tillpoint.example',
        category: 'payment_processing',
        purpose: 'Card payments for paid plans; card data never reaches Syncronis (PCI DSS).',
        services: 'Hosted card fields, recurring billing, refunds.',
        dataCategories: ['payment_data', 'billing_records', 'contact_details'],
        subjectCategories: ['billing_contacts', 'customer_administrators'],
        locations: [
          { country: 'GB', mechanism: 'adequacy' },
          { country: 'IE', mechanism: 'none_needed' },
        ],
        dpaSignedOn: isoDaysAgo(now, 450),
        dpaUrl: 'https://contracts.syncronis.example/dpa/tillpoint.pdf',
        certifications: [{ kind: 'pci_dss', expiresOn: isoDaysAgo(now, -200) }],
        systems: ['payments'],
      }),
    { proposed: 224, notice: 224, active: 190 },
    people.officerId,
  );
  // Trackwell replaced by Metricly: noticed, activated after its window, then Trackwell retired.
  lifecycle(
    () =>
      vendor({
        name: 'Metricly',
        legalName: 'Metricly Analytics B.V. (demo record)',
        address: 'Voorbeeldstraat 10, 1011 AB Amsterdam, Netherlands (fictional)',
        contactEmail: 'privacy@metricly.example',
        website: 'https://metricly.example',
        category: 'analytics',
        purpose: 'Product analytics: which features customers use, to improve them.',
        services: 'Event collection, funnels and dashboards, hosted in the EU.',
        dataCategories: ['usage_data', 'technical_data'],
        subjectCategories: ['customer_users'],
        locations: [{ country: 'NL', mechanism: 'none_needed' }],
        dpaSignedOn: isoDaysAgo(now, 170),
        dpaUrl: 'https://contracts.syncronis.example/dpa/metricly.pdf',
        certifications: [{ kind: 'iso_27001', expiresOn: isoDaysAgo(now, -400) }],
        replacesId: row('Trackwell Analytics').id,
        systems: ['product_analytics'],
      }),
    { proposed: 165, notice: 164, active: 130 },
    people.officer2Id,
  );
  step(128, people.officer2Id, async (deps) => {
    const old = row('Trackwell Analytics');
    rows.set(
      old.name,
      await retireSubprocessor(deps, {
        id: old.id,
        version: old.version,
        reason: 'Replaced by Metricly: its contract ended and its data was deleted, as its DPA requires.',
      }),
    );
  });
  // Under notice now: two organisations objected; one was answered, one is still open.
  lifecycle(
    () =>
      vendor({
        name: 'Helpwise Desk',
        legalName: 'Helpwise Software GmbH (demo record)',
        address: 'Musterweg 5, 10115 Berlin, Germany (fictional)',
        contactEmail: 'datenschutz@helpwise.example',
        website: 'https://helpwise.example',
        category: 'customer_support',
        purpose: 'The support desk: tickets and conversations with customers’ users.',
        services: 'Ticketing, shared inbox, help centre.',
        dataCategories: ['contact_details', 'support_communications'],
        subjectCategories: ['customer_users', 'customer_administrators'],
        locations: [
          { country: 'DE', mechanism: 'none_needed' },
          { country: 'US', ...module3 },
        ],
        dpaSignedOn: isoDaysAgo(now, 14),
        dpaUrl: 'https://contracts.syncronis.example/dpa/helpwise.pdf',
        certifications: [{ kind: 'iso_27001', expiresOn: isoDaysAgo(now, -350) }],
        systems: ['support_desk'],
      }),
    { proposed: 12, notice: 10 },
    people.officerId,
  );
  const objection = (daysAgo: number, actorId: string, contact: number, summary: string) =>
    step(daysAgo, actorId, async (deps) => {
      const current = row('Helpwise Desk');
      const organisation = contacts[contact];
      if (!organisation) throw new Error('demo: too few organisations with a privacy contact');
      rows.set(
        current.name,
        await recordObjection(deps, {
          id: current.id,
          version: current.version,
          organisationId: organisation.id,
          receivedOn: isoDaysAgo(now, daysAgo),
          summary,
        }),
      );
    });
  objection(
    8,
    people.officerId,
    0,
    'Objects to support conversations being reachable from the United States.',
  );
  objection(6, people.officer2Id, 1, 'Asks which subprocessors of Helpwise will see ticket contents.');
  step(4, people.officer2Id, async (deps) => {
    const current = row('Helpwise Desk');
    const organisation = contacts[1];
    const [answered] = organisation
      ? await deps.db
          .select({ id: subprocessorObjections.id })
          .from(subprocessorObjections)
          .where(
            and(
              eq(subprocessorObjections.subprocessorId, current.id),
              eq(subprocessorObjections.organisationId, organisation.id),
            ),
          )
      : [];
    if (!answered) throw new Error('demo: the objection to answer is missing');
    rows.set(
      current.name,
      await decideObjection(deps, {
        id: current.id,
        version: current.version,
        objectionId: answered.id,
        outcome: 'resolved',
        note: 'Sent Helpwise’s own subprocessor list; the customer withdrew its concern by email.',
      }),
    );
  });
  // Proposed: a transfer still to agree and no data system linked yet (the registry warns of both).
  step(2, people.officer2Id, async (deps) => {
    await createSubprocessor(
      deps,
      subprocessorFieldsSchema.parse({
        name: 'Postbird Mail',
        legalName: 'Postbird Mail Private Limited (demo record)',
        address: '21 Sample Road, Bengaluru 560001, India (fictional)',
        contactEmail: 'privacy@postbird.example',
        category: 'email_delivery',
        purpose: 'Delivery of the platform’s transactional email.',
        services: 'SMTP relay and bounce handling.',
        dataCategories: ['contact_details'],
        subjectCategories: ['customer_users'],
        locations: [{ country: 'IN', mechanism: null }],
      }),
    );
  });
  return steps;
}

function isoDaysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY).toISOString().slice(0, 10);
}
