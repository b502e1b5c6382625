// Zod-free: the web's inventory page and the erasure plan read these labels without pulling zod.

/**
 * How a data system is reached when an erasure runs (issue 15, item 1): our own connector into a database we
 * run (`internal`), a signed webhook to a subprocessor's API, or a task for the system's owner.
 */
export const connectorKinds = ['internal', 'webhook', 'manual'] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

export const connectorKindLabels: Record<ConnectorKind, string> = {
  internal: 'Internal connector',
  webhook: 'Signed webhook',
  manual: 'Manual task for the owner',
};

/** The databases an internal connector can reach: the platform's own (PLATFORM_DATABASE_URL). */
export const internalTargets = ['platform'] as const;
export type InternalTarget = (typeof internalTargets)[number];

export const internalTargetLabels: Record<InternalTarget, string> = {
  platform: 'Syncronis platform database',
};

/**
 * Why data may be kept although its subject asked for erasure: GDPR Art. 17(3) (a)–(e), and an active legal
 * hold (a case of (e), named apart because an officer sets it on the account and it forces the retain).
 * CCPA §1798.105(d) has matching exceptions (legal obligation, legal claims).
 */
export const retentionGrounds = [
  'legal_obligation',
  'legal_claims',
  'legal_hold',
  'freedom_of_expression',
  'public_health',
  'archiving_research',
] as const;
export type RetentionGround = (typeof retentionGrounds)[number];

export const retentionGroundLabels: Record<RetentionGround, string> = {
  legal_obligation: 'Legal obligation — GDPR Art. 17(3)(b)',
  legal_claims: 'Legal claims — GDPR Art. 17(3)(e)',
  legal_hold: 'Active legal hold — GDPR Art. 17(3)(e)',
  freedom_of_expression: 'Freedom of expression — GDPR Art. 17(3)(a)',
  public_health: 'Public health — GDPR Art. 17(3)(c)',
  archiving_research: 'Archiving, research or statistics — GDPR Art. 17(3)(d)',
};

export const retentionUnits = ['days', 'months', 'years'] as const;
export type RetentionUnit = (typeof retentionUnits)[number];

/**
 * What part of the platform database a retention rule keeps, where the internal connector erases: the
 * connector keeps those rows with what the law does not need stripped (platform-connector.ts).
 */
export const platformRetentionScopes = ['invoices', 'support_tickets'] as const;
export type PlatformRetentionScope = (typeof platformRetentionScopes)[number];

export const platformRetentionScopeLabels: Record<PlatformRetentionScope, string> = {
  invoices: 'Invoices and their lines',
  support_tickets: 'Support tickets',
};

/** What the inventory page warns about: each is something an erasure would trip over. */
export const inventoryWarningKinds = ['no_owner', 'owner_inactive', 'webhook_without_secret'] as const;
export type InventoryWarningKind = (typeof inventoryWarningKinds)[number];

export const inventoryWarningLabels: Record<InventoryWarningKind, string> = {
  no_owner: 'No owner: nobody would receive its manual tasks or answer for it.',
  owner_inactive: 'Its owner can no longer sign in: choose another owner.',
  webhook_without_secret: 'Webhook without a signing secret: erasures cannot be sent to it.',
};

/** The field labels of a data system, for the history of changes and for field-level errors. */
export const dataSystemFieldLabels = {
  name: 'Name',
  description: 'Description',
  ownerId: 'Owner',
  dataCategories: 'Data categories',
  connector: 'Connector',
  retentionRules: 'Retention rules',
} as const;

/** The phrase for a retention period: "10 years". */
export function retentionPeriodPhrase(period: { count: number; unit: RetentionUnit }): string {
  const unit = period.count === 1 ? period.unit.slice(0, -1) : period.unit;
  return `${period.count} ${unit}`;
}
