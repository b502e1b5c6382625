// Zod-free and pure (issue 14): the web imports it through `@privdesk/shared/constants`.
import { hasAdequacyDecision, isEea } from './countries.js';

/** What a subprocessor does for Syncronis (the policy names the first four). */
export const subprocessorCategories = [
  'cloud_infrastructure',
  'error_monitoring',
  'analytics',
  'payment_processing',
  'customer_support',
  'email_delivery',
  'other',
] as const;
export type SubprocessorCategory = (typeof subprocessorCategories)[number];

export const subprocessorCategoryLabels: Record<SubprocessorCategory, string> = {
  cloud_infrastructure: 'Cloud infrastructure',
  error_monitoring: 'Error monitoring',
  analytics: 'Analytics',
  payment_processing: 'Payment processing',
  customer_support: 'Customer support',
  email_delivery: 'Email delivery',
  other: 'Other',
};

/** The personal data a subprocessor (or, with the erasure work, a data system) holds. */
export const dataCategories = [
  'contact_details',
  'account_credentials',
  'usage_data',
  'technical_data',
  'payment_data',
  'billing_records',
  'support_communications',
  'marketing_preferences',
  'customer_content',
] as const;
export type DataCategory = (typeof dataCategories)[number];

export const dataCategoryLabels: Record<DataCategory, string> = {
  contact_details: 'Contact details',
  account_credentials: 'Account credentials',
  usage_data: 'Usage data',
  technical_data: 'Technical data (IP addresses, devices)',
  payment_data: 'Payment data',
  billing_records: 'Billing records',
  support_communications: 'Support communications',
  marketing_preferences: 'Marketing preferences',
  customer_content: 'Customer content processed on the platform',
};

/** Whose data it is (GDPR Art. 28(3): the categories of data subjects). */
export const dataSubjectCategories = [
  'customer_users',
  'customer_administrators',
  'billing_contacts',
  'website_visitors',
  'end_users_of_customers',
] as const;
export type DataSubjectCategory = (typeof dataSubjectCategories)[number];

export const dataSubjectCategoryLabels: Record<DataSubjectCategory, string> = {
  customer_users: 'Customers’ users',
  customer_administrators: 'Customers’ administrators',
  billing_contacts: 'Billing contacts',
  website_visitors: 'Website visitors',
  end_users_of_customers: 'End users of customers’ systems',
};

/**
 * How processing in a country is lawful under GDPR Chapter V: none needed inside the EEA; an adequacy
 * decision (Art. 45); the EU–US Data Privacy Framework (the US adequacy decision of 10 July 2023, for
 * certified organisations); Standard Contractual Clauses (Commission Decision 2021/914, Art. 46(2)(c));
 * Binding Corporate Rules (Art. 47); a derogation (Art. 49, for occasional transfers only).
 */
export const transferMechanisms = ['none_needed', 'adequacy', 'dpf', 'scc', 'bcr', 'derogation'] as const;
export type TransferMechanism = (typeof transferMechanisms)[number];

export const transferMechanismLabels: Record<TransferMechanism, string> = {
  none_needed: 'None needed (within the EEA)',
  adequacy: 'Adequacy decision',
  dpf: 'EU–US Data Privacy Framework',
  scc: 'Standard Contractual Clauses',
  bcr: 'Binding Corporate Rules',
  derogation: 'Derogation (Art. 49)',
};

/** The four modules of the 2021 SCCs; a subprocessor of Syncronis (itself a processor) signs module 3. */
export const sccModules = ['module_1', 'module_2', 'module_3', 'module_4'] as const;
export type SccModule = (typeof sccModules)[number];

export const sccModuleLabels: Record<SccModule, string> = {
  module_1: 'Module 1 (controller to controller)',
  module_2: 'Module 2 (controller to processor)',
  module_3: 'Module 3 (processor to processor)',
  module_4: 'Module 4 (processor to controller)',
};

export const sccVersions = ['eu_2021_914', 'eu_2021_914_uk_addendum'] as const;
export type SccVersion = (typeof sccVersions)[number];

export const sccVersionLabels: Record<SccVersion, string> = {
  eu_2021_914: 'EU 2021/914',
  eu_2021_914_uk_addendum: 'EU 2021/914 with the UK Addendum (2022)',
};

/**
 * Why a mechanism does not fit a country, or null when it does. A location may have no mechanism yet (a
 * proposal under negotiation): that is a warning (`registryWarnings`), not a refusal.
 */
export function mechanismMisfit(country: string, mechanism: TransferMechanism): string | null {
  if (isEea(country))
    return mechanism === 'none_needed'
      ? null
      : 'Processing inside the EEA is no transfer: choose “None needed (within the EEA)”.';
  switch (mechanism) {
    case 'none_needed':
      return `${country} is outside the EEA: a transfer there needs a mechanism.`;
    case 'adequacy':
      return hasAdequacyDecision(country)
        ? null
        : `${country} has no adequacy decision${country === 'US' ? ' (for the US, choose the Data Privacy Framework)' : ''}.`;
    case 'dpf':
      return country === 'US'
        ? null
        : 'The Data Privacy Framework covers transfers to the United States only.';
    case 'scc':
    case 'bcr':
    case 'derogation':
      return null;
  }
}

export const certificationKinds = ['pci_dss', 'iso_27001', 'soc2_type2'] as const;
export type CertificationKind = (typeof certificationKinds)[number];

export const certificationLabels: Record<CertificationKind, string> = {
  pci_dss: 'PCI DSS',
  iso_27001: 'ISO/IEC 27001',
  soc2_type2: 'SOC 2 Type II',
};

/**
 * A subprocessor's lifecycle (product.md §7): proposed; the change notice sent to subscribers (its mail
 * going out); the objection window open (every notice delivered or recorded, objections taken until the
 * deadline); active; retired (kept with its history).
 */
export const subprocessorStatuses = [
  'proposed',
  'notice_sent',
  'objection_window',
  'active',
  'retired',
] as const;
export type SubprocessorStatus = (typeof subprocessorStatuses)[number];

export const subprocessorStatusLabels: Record<SubprocessorStatus, string> = {
  proposed: 'Proposed',
  notice_sent: 'Notice sent',
  objection_window: 'Objection window',
  active: 'Active',
  retired: 'Retired',
};

/** Every move the lifecycle allows, and nothing else (a move out of order is refused by name). */
export const subprocessorMoves = {
  send_notice: { from: ['proposed'], to: 'notice_sent' },
  open_window: { from: ['notice_sent'], to: 'objection_window' },
  activate: { from: ['objection_window'], to: 'active' },
  /** No objection period applies (no customer data reaches it, or the contract waives it), with a reason. */
  activate_early: { from: ['proposed', 'notice_sent', 'objection_window'], to: 'active' },
  retire: { from: ['proposed', 'notice_sent', 'objection_window', 'active'], to: 'retired' },
} as const satisfies Record<string, { from: readonly SubprocessorStatus[]; to: SubprocessorStatus }>;
export type SubprocessorMove = keyof typeof subprocessorMoves;

export function canMoveSubprocessor(move: SubprocessorMove, from: SubprocessorStatus): boolean {
  return (subprocessorMoves[move].from as readonly SubprocessorStatus[]).includes(from);
}

export const noticeChannels = ['email', 'manual'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

export const noticeChannelLabels: Record<NoticeChannel, string> = {
  email: 'Email to every confirmed subscriber',
  manual: 'Sent another way (recorded here)',
};

/**
 * What became of a customer organisation's objection (SCC Clause 9(a)): still open; withdrawn by the
 * customer; resolved (its concerns answered); the customer's data kept away from the subprocessor; the
 * customer ended the contract. Activation waits while any is open.
 */
export const objectionOutcomes = ['pending', 'withdrawn', 'resolved', 'exempted', 'terminated'] as const;
export type ObjectionOutcome = (typeof objectionOutcomes)[number];

export const objectionOutcomeLabels: Record<ObjectionOutcome, string> = {
  pending: 'Open',
  withdrawn: 'Withdrawn by the customer',
  resolved: 'Resolved: concerns answered',
  exempted: 'Customer’s data kept away from it',
  terminated: 'Customer ended the contract',
};

export const subscriberStatuses = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof subscriberStatuses)[number];

export const subscriberStatusLabels: Record<SubscriberStatus, string> = {
  pending: 'Waiting for confirmation',
  confirmed: 'Subscribed',
  unsubscribed: 'Unsubscribed',
};

/** A subscription link from the public page stays usable this long. */
export const subscriptionLinkDays = 7;

/** What a subprocessor's history records. */
export const subprocessorEventKinds = [
  'created',
  'updated',
  'moved',
  'notice_recorded',
  'objection_recorded',
  'objection_decided',
] as const;
export type SubprocessorEventKind = (typeof subprocessorEventKinds)[number];

/** The fields a person edits, in the order the history shows them. */
export const subprocessorFieldLabels = {
  name: 'Name',
  legalName: 'Legal name',
  address: 'Address',
  contactEmail: 'Contact email',
  website: 'Website',
  category: 'Category',
  purpose: 'Purpose',
  services: 'Services',
  dataCategories: 'Data categories',
  subjectCategories: 'Data subjects',
  locations: 'Processing countries and transfers',
  dpaSignedOn: 'DPA signed',
  dpaUrl: 'DPA link',
  dpaExpiresOn: 'DPA expires',
  certifications: 'Certifications',
  dataSystemIds: 'Data systems',
  replacesId: 'Replaces',
} as const;
export type SubprocessorField = keyof typeof subprocessorFieldLabels;

/** Checks that warn without refusing (issue 14, item 5). */
export const registryWarningKinds = [
  'no_mechanism',
  'derogation_only',
  'dpa_missing',
  'dpa_expired',
  'certification_expired',
  'no_data_system',
  'active_without_notice',
] as const;
export type RegistryWarningKind = (typeof registryWarningKinds)[number];

export const registryWarningLabels: Record<RegistryWarningKind, string> = {
  no_mechanism: 'Transfer without a mechanism',
  derogation_only: 'Relies on a derogation',
  dpa_missing: 'No DPA',
  dpa_expired: 'DPA expired',
  certification_expired: 'Certification expired',
  no_data_system: 'Linked to no data system',
  active_without_notice: 'Active, but its notice never went out',
};

export interface RegistryWarning {
  kind: RegistryWarningKind;
  detail: string;
}

export interface WarningFacts {
  status: SubprocessorStatus;
  locations: readonly { country: string; mechanism: TransferMechanism | null }[];
  dpaSignedOn: string | null;
  dpaExpiresOn: string | null;
  certifications: readonly { kind: CertificationKind; expiresOn: string }[];
  dataSystemCount: number;
  /** Messages of its notice accepted by a mail server, or a notice recorded as sent another way. */
  noticeWentOut: boolean;
  /** Activated with "no objection period applies": no notice was owed. */
  activatedEarly: boolean;
}

/** The warnings a subprocessor carries on a calendar day (ISO date). Retired ones carry none. */
export function registryWarnings(facts: WarningFacts, today: string): RegistryWarning[] {
  if (facts.status === 'retired') return [];
  const warnings: RegistryWarning[] = [];
  for (const location of facts.locations) {
    if (location.mechanism === null && !isEea(location.country) && !hasAdequacyDecision(location.country))
      warnings.push({
        kind: 'no_mechanism',
        detail: `${location.country}: no adequacy decision and no SCC or other mechanism recorded.`,
      });
    if (location.mechanism === 'derogation')
      warnings.push({
        kind: 'derogation_only',
        detail: `${location.country}: Art. 49 derogations cover occasional transfers, not regular processing.`,
      });
  }
  if (facts.dpaSignedOn === null)
    warnings.push({ kind: 'dpa_missing', detail: 'No signed DPA is recorded.' });
  else if (facts.dpaExpiresOn !== null && facts.dpaExpiresOn < today)
    warnings.push({ kind: 'dpa_expired', detail: `The DPA expired on ${facts.dpaExpiresOn}.` });
  for (const cert of facts.certifications)
    if (cert.expiresOn < today)
      warnings.push({
        kind: 'certification_expired',
        detail: `${certificationLabels[cert.kind]} expired on ${cert.expiresOn}.`,
      });
  if (facts.dataSystemCount === 0)
    warnings.push({ kind: 'no_data_system', detail: 'No data system says what it holds or sends there.' });
  if (facts.status === 'active' && !facts.noticeWentOut && !facts.activatedEarly)
    warnings.push({
      kind: 'active_without_notice',
      detail: 'Active, yet no change notice reached a customer.',
    });
  return warnings;
}

/** Adds calendar days to an ISO date (UTC arithmetic on dates, no time zone involved). */
export function addCalendarDays(isoDate: string, days: number): string {
  const at = new Date(`${isoDate}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Sorts of the registry table. */
export const registrySorts = ['name', 'status', 'category', 'updated', 'deadline'] as const;
export type RegistrySort = (typeof registrySorts)[number];

/** A category as a notice's sentence says it ("… as a new subprocessor for error monitoring"). */
export function categoryPhrase(category: SubprocessorCategory): string {
  return category === 'other' ? 'other services' : subprocessorCategoryLabels[category].toLowerCase();
}
