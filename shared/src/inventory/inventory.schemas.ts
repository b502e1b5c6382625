import { z } from 'zod';
import { idSchema } from '../common/fields.js';
import { dataCategories, subprocessorStatuses } from '../registry/registry.constants.js';
import {
  internalTargets,
  inventoryWarningKinds,
  platformRetentionScopes,
  retentionGrounds,
  retentionUnits,
} from './inventory.constants.js';

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `At most ${max} characters.`);

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** scheme, credentials, host, port, rest: enough to judge a webhook address (shared has no URL class). */
const urlPattern =
  /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#\s]*)@)?(\[[0-9a-f:.]+\]|[^:/?#\s[\]]+)(?::(\d{1,5}))?([/?#]\S*)?$/i;

function urlParts(value: string) {
  const m = urlPattern.exec(value);
  if (!m) return null;
  return { scheme: (m[1] ?? '').toLowerCase(), credentials: m[2], host: (m[3] ?? '').toLowerCase() };
}

/**
 * Where erasure calls go. HTTPS, except to this machine (the demo's stand-in subprocessor answers on
 * loopback): personal identifiers travel in these bodies, so never in clear over a network.
 */
export const webhookUrlSchema = z
  .string({ message: 'Enter the webhook’s URL.' })
  .trim()
  .min(1, 'Enter the webhook’s URL.')
  .max(500, 'At most 500 characters.')
  .refine((value) => urlParts(value) !== null, 'Enter a full URL, such as https://api.example.com/erasure.')
  .refine((value) => {
    const url = urlParts(value);
    return url === null || url.scheme === 'https' || (url.scheme === 'http' && loopbackHosts.has(url.host));
  }, 'Use https:// (plain http only to this machine).')
  .refine(
    (value) => urlParts(value)?.credentials === undefined,
    'Leave credentials out of the URL: the signing secret authenticates our calls.',
  );

/** A shared signing secret, typed once and never shown again (sealed at rest, like TOTP secrets). */
export const webhookSecretSchema = z
  .string({ message: 'Enter the signing secret.' })
  .min(32, 'At least 32 characters: ask the receiver for a long random secret.')
  .max(256, 'At most 256 characters.')
  .regex(/^\S+$/, 'No spaces in a signing secret.');

export const connectorInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('internal'), target: z.enum(internalTargets) }),
    z.object({
      kind: z.literal('webhook'),
      url: webhookUrlSchema,
      /** Absent: keep the stored secret (an edit); a value: replace it. */
      secret: webhookSecretSchema.optional(),
    }),
    z.object({
      kind: z.literal('manual'),
      instructions: text('what the owner does to erase a person’s data', 2000),
    }),
  ],
  { message: 'Choose how erasures reach this system.' },
);
export type ConnectorInput = z.infer<typeof connectorInputSchema>;

export const retentionRuleSchema = z.object({
  /** What is kept, in a few words: "Invoices and their lines". */
  scope: text('what is kept', 120),
  ground: z.enum(retentionGrounds, { message: 'Choose the legal ground.' }),
  /** The law that requires it, cited: "German Fiscal Code (AO) §147; HGB §257". */
  law: text('the law that requires it', 300),
  period: z.object({
    count: z
      .number({ message: 'Enter how long.' })
      .int('Whole numbers only.')
      .min(1, 'At least 1.')
      .max(100, 'At most 100.'),
    unit: z.enum(retentionUnits, { message: 'Choose days, months or years.' }),
  }),
  /** For the internal connector: the rows of the platform database this rule keeps. */
  platformScope: z.enum(platformRetentionScopes).nullable().default(null),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;
export type RetentionRuleInput = z.input<typeof retentionRuleSchema>;

export const dataSystemFieldsSchema = z
  .object({
    name: text('a name', 120),
    description: text('what it holds and why', 1000),
    ownerId: idSchema.nullable().refine((v) => v !== null, 'Choose the staff member who owns it.'),
    dataCategories: z
      .array(z.enum(dataCategories))
      .min(1, 'Choose at least one category of personal data.')
      .max(dataCategories.length),
    connector: connectorInputSchema,
    retentionRules: z.array(retentionRuleSchema).max(10, 'At most 10 retention rules.'),
  })
  .superRefine((fields, ctx) => {
    if (new Set(fields.dataCategories).size !== fields.dataCategories.length)
      ctx.addIssue({ code: 'custom', path: ['dataCategories'], message: 'Each category once.' });
    fields.retentionRules.forEach((rule, i) => {
      if (rule.platformScope !== null && fields.connector.kind !== 'internal')
        ctx.addIssue({
          code: 'custom',
          path: ['retentionRules', i, 'platformScope'],
          message: 'Only the internal connector keeps rows by scope: leave this empty.',
        });
    });
    const scopes = fields.retentionRules.map((r) => r.platformScope).filter((s) => s !== null);
    if (new Set(scopes).size !== scopes.length)
      ctx.addIssue({
        code: 'custom',
        path: ['retentionRules'],
        message: 'Each part of the platform database is kept by one rule.',
      });
  });
export type DataSystemFields = z.infer<typeof dataSystemFieldsSchema>;
export type DataSystemFieldsInput = z.input<typeof dataSystemFieldsSchema>;

export const dataSystemCreateInputSchema = z.object({ fields: dataSystemFieldsSchema });
export const dataSystemUpdateInputSchema = z.object({
  id: idSchema,
  version: z.number().int().min(0),
  fields: dataSystemFieldsSchema,
});
export const dataSystemIdInputSchema = z.object({ id: idSchema });

/** The connector as stored beside its sealed secret (data_systems.connector). */
export const storedConnectorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('internal'), target: z.enum(internalTargets) }),
  z.object({ kind: z.literal('webhook'), url: z.string() }),
  z.object({ kind: z.literal('manual'), instructions: z.string() }),
]);
export type StoredConnector = z.infer<typeof storedConnectorSchema>;

/** The connector as shown: the secret never leaves the server, only whether and when it was set. */
export const connectorViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('internal'), target: z.enum(internalTargets) }),
  z.object({
    kind: z.literal('webhook'),
    url: z.string(),
    secretSetAt: z.iso.datetime().nullable(),
  }),
  z.object({ kind: z.literal('manual'), instructions: z.string() }),
]);
export type ConnectorView = z.infer<typeof connectorViewSchema>;

export const inventoryWarningSchema = z.object({ kind: z.enum(inventoryWarningKinds), detail: z.string() });

export const dataSystemViewSchema = z.object({
  id: idSchema,
  key: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.object({ id: idSchema, name: z.string(), active: z.boolean() }).nullable(),
  dataCategories: z.array(z.enum(dataCategories)),
  connector: connectorViewSchema,
  retentionRules: z.array(retentionRuleSchema),
  /** The subprocessors the registry links to it: the recipients an erasure notifies (Art. 19). */
  subprocessors: z.array(z.object({ id: idSchema, name: z.string(), status: z.enum(subprocessorStatuses) })),
  warnings: z.array(inventoryWarningSchema),
  version: z.number().int().min(0),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().nullable(),
});
export type DataSystemView = z.infer<typeof dataSystemViewSchema>;

export const inventoryListOutputSchema = z.object({ items: z.array(dataSystemViewSchema) });
export type InventoryList = z.infer<typeof inventoryListOutputSchema>;

/** Who may own a system: active staff, by name. */
export const inventoryChoicesOutputSchema = z.object({
  owners: z.array(z.object({ id: idSchema, name: z.string() })),
});
export type InventoryChoices = z.infer<typeof inventoryChoicesOutputSchema>;
