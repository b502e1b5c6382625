import { z } from 'zod';
import {
  calendarDateFieldSchema,
  emailSchema,
  idSchema,
  personNameSchema,
  reasonSchema,
} from '../common/fields.js';
import { messageStatuses } from '../messages/messages.constants.js';
import { isIsoCountry } from './countries.js';
import {
  certificationKinds,
  dataCategories,
  dataSubjectCategories,
  mechanismMisfit,
  noticeChannels,
  objectionOutcomes,
  registrySorts,
  registryWarningKinds,
  sccModules,
  sccVersions,
  subprocessorCategories,
  subprocessorEventKinds,
  subprocessorStatuses,
  subscriberStatuses,
  transferMechanisms,
} from './registry.constants.js';

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `At most ${max} characters.`);

export const countryCodeSchema = z
  .string({ message: 'Enter a country code.' })
  .trim()
  .toUpperCase()
  .refine(isIsoCountry, { message: 'Not an ISO 3166 country code (two letters, such as DE or US).' });

const httpsUrlSchema = z
  .string()
  .trim()
  .max(500, 'At most 500 characters.')
  .pipe(z.url({ protocol: /^https$/, message: 'Use a full https:// address.' }));

/** One country where it processes, and what makes the transfer there lawful. */
export const subprocessorLocationSchema = z
  .object({
    country: countryCodeSchema,
    mechanism: z.enum(transferMechanisms, { message: 'Choose a transfer mechanism.' }).nullable(),
    sccModule: z.enum(sccModules, { message: 'Choose an SCC module.' }).nullable().default(null),
    sccVersion: z.enum(sccVersions, { message: 'Choose an SCC version.' }).nullable().default(null),
  })
  .superRefine((location, ctx) => {
    if (location.mechanism !== null) {
      const misfit = mechanismMisfit(location.country, location.mechanism);
      if (misfit) ctx.addIssue({ code: 'custom', path: ['mechanism'], message: misfit });
    }
    if (location.mechanism === 'scc') {
      if (location.sccModule === null)
        ctx.addIssue({ code: 'custom', path: ['sccModule'], message: 'SCCs name their module.' });
      if (location.sccVersion === null)
        ctx.addIssue({ code: 'custom', path: ['sccVersion'], message: 'SCCs name their version.' });
    } else if (location.sccModule !== null || location.sccVersion !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['sccModule'],
        message: 'An SCC module and version belong only to Standard Contractual Clauses.',
      });
    }
  });
export type SubprocessorLocation = z.infer<typeof subprocessorLocationSchema>;

export const certificationSchema = z.object({
  kind: z.enum(certificationKinds, { message: 'Choose a certification.' }),
  expiresOn: calendarDateFieldSchema,
});

/**
 * Everything a person edits on a subprocessor. The DPA's date not being in the future is checked by the
 * service against its own today (the schema cannot know it).
 */
export const subprocessorFieldsSchema = z
  .object({
    name: text('the name customers know it by', 120),
    legalName: text('the legal name', 200),
    address: text('the registered address', 500),
    contactEmail: emailSchema,
    website: httpsUrlSchema.nullable().default(null),
    category: z.enum(subprocessorCategories, { message: 'Choose a category.' }),
    purpose: text('the purpose', 500),
    services: text('the services it provides', 500),
    dataCategories: z
      .array(z.enum(dataCategories, { message: 'Not a known data category.' }))
      .min(1, 'Choose at least one data category.')
      .max(dataCategories.length),
    subjectCategories: z
      .array(z.enum(dataSubjectCategories, { message: 'Not a known category of data subjects.' }))
      .min(1, 'Choose at least one category of data subjects.')
      .max(dataSubjectCategories.length),
    locations: z
      .array(subprocessorLocationSchema)
      .min(1, 'Name at least one country where it processes data.')
      .max(50, 'At most 50 countries.'),
    dpaSignedOn: calendarDateFieldSchema.nullable().default(null),
    dpaUrl: httpsUrlSchema.nullable().default(null),
    dpaExpiresOn: calendarDateFieldSchema.nullable().default(null),
    certifications: z.array(certificationSchema).max(certificationKinds.length).default([]),
    dataSystemIds: z.array(idSchema).max(50).default([]),
    /** The subprocessor this one replaces, when it is a replacement. */
    replacesId: idSchema.nullable().default(null),
  })
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.locations.forEach((l, i) => {
      if (seen.has(l.country))
        ctx.addIssue({
          code: 'custom',
          path: ['locations', i, 'country'],
          message: 'This country is listed twice.',
        });
      seen.add(l.country);
    });
    const kinds = new Set<string>();
    fields.certifications.forEach((c, i) => {
      if (kinds.has(c.kind))
        ctx.addIssue({ code: 'custom', path: ['certifications', i, 'kind'], message: 'Listed twice.' });
      kinds.add(c.kind);
    });
    if (fields.dpaExpiresOn !== null && fields.dpaSignedOn === null)
      ctx.addIssue({
        code: 'custom',
        path: ['dpaSignedOn'],
        message: 'An expiring DPA was signed: give the date.',
      });
    if (
      fields.dpaExpiresOn !== null &&
      fields.dpaSignedOn !== null &&
      fields.dpaExpiresOn <= fields.dpaSignedOn
    )
      ctx.addIssue({ code: 'custom', path: ['dpaExpiresOn'], message: 'It expires after it was signed.' });
    if (fields.dpaUrl !== null && fields.dpaSignedOn === null)
      ctx.addIssue({
        code: 'custom',
        path: ['dpaSignedOn'],
        message: 'A linked DPA was signed: give the date.',
      });
  });
export type SubprocessorFields = z.infer<typeof subprocessorFieldsSchema>;
export type SubprocessorFieldsInput = z.input<typeof subprocessorFieldsSchema>;

export const subprocessorCreateInputSchema = z.object({ fields: subprocessorFieldsSchema });
export const subprocessorUpdateInputSchema = z.object({
  id: idSchema,
  version: z.int().min(0),
  fields: subprocessorFieldsSchema,
  reason: reasonSchema.optional(),
});

export const subprocessorIdInputSchema = z.object({ id: idSchema });

export const subprocessorSendNoticeInputSchema = z.object({
  id: idSchema,
  version: z.int().min(0),
  channel: z.enum(noticeChannels),
  subject: text('a subject', 200),
  body: text('the notice’s text', 10_000),
  /** For a notice sent another way: the day it went (not in the future, not before the proposal). */
  sentOn: calendarDateFieldSchema.optional(),
});

export const subprocessorActivateInputSchema = z.object({
  id: idSchema,
  version: z.int().min(0),
  /** Activation before the window ends: only where no objection period applies, and why. */
  noObjectionPeriod: z.boolean().default(false),
  reason: reasonSchema.optional(),
});

export const subprocessorRetireInputSchema = z.object({
  id: idSchema,
  version: z.int().min(0),
  reason: reasonSchema,
});

export const objectionRecordInputSchema = z.object({
  id: idSchema,
  version: z.int().min(0),
  organisationId: idSchema,
  receivedOn: calendarDateFieldSchema,
  summary: text('what the customer objects to', 2000),
});

export const objectionDecideInputSchema = z.object({
  id: idSchema,
  version: z.int().min(0),
  objectionId: idSchema,
  outcome: z.enum(objectionOutcomes).exclude(['pending'], { message: 'Choose an outcome.' }),
  note: text('a note on the outcome', 2000),
});

// ---- Reading ----

export const registryFindInputSchema = z.object({
  page: z.int().min(1).max(10_000).default(1),
  pageSize: z.int().min(1).max(100).default(25),
  statuses: z.array(z.enum(subprocessorStatuses)).max(subprocessorStatuses.length).optional(),
  category: z.enum(subprocessorCategories).optional(),
  country: countryCodeSchema.optional(),
  mechanism: z.enum(transferMechanisms).optional(),
  search: z.string().trim().max(100, 'At most 100 characters.').optional(),
  sort: z.enum(registrySorts).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});
export type RegistryFindInput = z.input<typeof registryFindInputSchema>;

export const registryWarningSchema = z.object({ kind: z.enum(registryWarningKinds), detail: z.string() });

export const subprocessorRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  legalName: z.string(),
  category: z.enum(subprocessorCategories),
  status: z.enum(subprocessorStatuses),
  countries: z.array(z.string()),
  mechanisms: z.array(z.enum(transferMechanisms)),
  objectionDeadline: z.iso.date().nullable(),
  activeFrom: z.iso.date().nullable(),
  retiredOn: z.iso.date().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  warnings: z.array(registryWarningSchema),
});
export type SubprocessorRow = z.infer<typeof subprocessorRowSchema>;

export const registryFindOutputSchema = z.object({
  items: z.array(subprocessorRowSchema),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type RegistryFindOutput = z.infer<typeof registryFindOutputSchema>;

const staffRefSchema = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const subprocessorNoticeViewSchema = z.object({
  id: z.uuid(),
  channel: z.enum(noticeChannels),
  sentOn: z.iso.date(),
  objectionDeadline: z.iso.date(),
  subject: z.string(),
  body: z.string(),
  sentBy: staffRefSchema,
  /** Deliveries to subscribers, by status (email notices). */
  deliveries: z.record(z.enum(messageStatuses), z.int()),
});

export const objectionViewSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  receivedOn: z.iso.date(),
  summary: z.string(),
  outcome: z.enum(objectionOutcomes),
  note: z.string().nullable(),
  recordedBy: staffRefSchema,
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  decidedBy: staffRefSchema,
});
export type ObjectionView = z.infer<typeof objectionViewSchema>;

/** One field's change in a version of the record: its value before and after, as the history shows them. */
export const fieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

export const subprocessorEventViewSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  actor: staffRefSchema,
  /** A job or the demo's history, when no staff member acted. */
  system: z.string().nullable(),
  kind: z.enum(subprocessorEventKinds),
  version: z.int(),
  changes: z.array(fieldChangeSchema),
  summary: z.string(),
  reason: z.string().nullable(),
});
export type SubprocessorEventView = z.infer<typeof subprocessorEventViewSchema>;

const subprocessorLinkSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(subprocessorStatuses),
});

export const subprocessorDetailSchema = z.object({
  id: z.uuid(),
  version: z.int(),
  status: z.enum(subprocessorStatuses),
  fields: z.object({
    name: z.string(),
    legalName: z.string(),
    address: z.string(),
    contactEmail: z.string(),
    website: z.string().nullable(),
    category: z.enum(subprocessorCategories),
    purpose: z.string(),
    services: z.string(),
    dataCategories: z.array(z.enum(dataCategories)),
    subjectCategories: z.array(z.enum(dataSubjectCategories)),
    locations: z.array(
      z.object({
        country: z.string(),
        mechanism: z.enum(transferMechanisms).nullable(),
        sccModule: z.enum(sccModules).nullable(),
        sccVersion: z.enum(sccVersions).nullable(),
      }),
    ),
    dpaSignedOn: z.iso.date().nullable(),
    dpaUrl: z.string().nullable(),
    dpaExpiresOn: z.iso.date().nullable(),
    certifications: z.array(z.object({ kind: z.enum(certificationKinds), expiresOn: z.iso.date() })),
    dataSystemIds: z.array(z.uuid()),
    replacesId: z.uuid().nullable(),
  }),
  dataSystems: z.array(z.object({ id: z.uuid(), name: z.string() })),
  replaces: subprocessorLinkSchema.nullable(),
  replacedBy: z.array(subprocessorLinkSchema),
  proposedOn: z.iso.date(),
  objectionDeadline: z.iso.date().nullable(),
  activeFrom: z.iso.date().nullable(),
  activatedEarlyReason: z.string().nullable(),
  retiredOn: z.iso.date().nullable(),
  retiredReason: z.string().nullable(),
  /** Today where the registry counts its days (the EU handling entity's calendar). */
  today: z.iso.date(),
  /** The window's state on `today`: open until and including the deadline. */
  windowOpen: z.boolean(),
  notice: subprocessorNoticeViewSchema.nullable(),
  objections: z.array(objectionViewSchema),
  warnings: z.array(registryWarningSchema),
  history: z.array(subprocessorEventViewSchema),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type SubprocessorDetail = z.infer<typeof subprocessorDetailSchema>;

/** The form's choices: data systems to link, organisations that may object, subprocessors one may replace. */
export const registryChoicesOutputSchema = z.object({
  dataSystems: z.array(z.object({ id: z.uuid(), name: z.string() })),
  organisations: z.array(z.object({ id: z.uuid(), name: z.string(), country: z.string() })),
  replaceable: z.array(subprocessorLinkSchema),
  objectionDays: z.int(),
});

/** The notice's text as it would go today: what the send dialog starts from. */
export const noticeDraftOutputSchema = z.object({
  subject: z.string(),
  body: z.string(),
  sentOn: z.iso.date(),
  objectionDeadline: z.iso.date(),
  confirmedSubscribers: z.int(),
});

/** A notice's delivery to each subscriber: for the registry's keepers (addresses are personal data). */
export const noticeDeliveriesOutputSchema = z.object({
  items: z.array(
    z.object({
      messageId: z.uuid(),
      email: z.string(),
      organisationName: z.string().nullable(),
      status: z.enum(messageStatuses),
      attempts: z.int(),
      sentAt: z.iso.datetime({ offset: true }).nullable(),
      failure: z.string().nullable(),
    }),
  ),
});
export type NoticeDeliveries = z.infer<typeof noticeDeliveriesOutputSchema>;

// ---- Subscribers ----

export const subscriberViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  status: z.enum(subscriberStatuses),
  source: z.enum(['public_page', 'staff']),
  createdAt: z.iso.datetime({ offset: true }),
  confirmedAt: z.iso.datetime({ offset: true }).nullable(),
  unsubscribedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type SubscriberView = z.infer<typeof subscriberViewSchema>;

export const subscribersOutputSchema = z.object({ items: z.array(subscriberViewSchema) });

export const subscriberAddInputSchema = z.object({
  organisationId: idSchema,
  email: emailSchema,
  name: personNameSchema,
  /** Why staff add a contact for the customer (their request, by which channel). */
  reason: reasonSchema,
});

export const subscriberRemoveInputSchema = z.object({ id: idSchema, reason: reasonSchema });

/** The public page's form: an address, the organisation as the person names it (kept as typed). */
export const publicSubscribeInputSchema = z.object({
  email: emailSchema,
  organisation: z.string().trim().max(200, 'At most 200 characters.').optional(),
});

export const publicTokenInputSchema = z.object({
  token: z.string().trim().min(20, 'This link is incomplete.').max(200, 'This link is incomplete.'),
});

/** What the public list shows: only public fields, and only active subprocessors and upcoming changes. */
export const publicSubprocessorSchema = z.object({
  name: z.string(),
  legalName: z.string(),
  category: z.enum(subprocessorCategories),
  purpose: z.string(),
  countries: z.array(z.string()),
  mechanisms: z.array(z.enum(transferMechanisms)),
  website: z.string().nullable(),
  activeFrom: z.iso.date().nullable(),
});

export const publicUpcomingChangeSchema = z.object({
  kind: z.enum(['addition', 'replacement']),
  name: z.string(),
  legalName: z.string(),
  category: z.enum(subprocessorCategories),
  purpose: z.string(),
  countries: z.array(z.string()),
  replaces: z.string().nullable(),
  noticeOn: z.iso.date(),
  objectionDeadline: z.iso.date(),
});

export const publicRegistrySchema = z.object({
  updatedOn: z.iso.date(),
  active: z.array(publicSubprocessorSchema),
  upcoming: z.array(publicUpcomingChangeSchema),
});
export type PublicRegistry = z.infer<typeof publicRegistrySchema>;

// ---- Import ----

export const registryImportInputSchema = z.object({
  csv: z.string().max(1_000_000, 'At most 1 MB of CSV.'),
  /** Preview only: checks every row, writes nothing. */
  dryRun: z.boolean().default(true),
});

export const importRowResultSchema = z.object({
  row: z.int(),
  name: z.string().nullable(),
  action: z.enum(['create', 'update']).nullable(),
  errors: z.array(z.object({ column: z.string(), message: z.string() })),
});

export const registryImportOutputSchema = z.object({
  dryRun: z.boolean(),
  written: z.boolean(),
  rows: z.array(importRowResultSchema),
  /** Problems with the file as a whole (its header). */
  fileErrors: z.array(z.string()),
  created: z.int(),
  updated: z.int(),
});
export type RegistryImportOutput = z.infer<typeof registryImportOutputSchema>;

export const objectionDaysBounds = { min: 0, max: 180 } as const;
