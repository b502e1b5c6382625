// Zod-free and pure (product.md §5, issue 13): the web imports it through `@privdesk/shared/constants`.
import { clockRuleFor, regimes, requestTypes, type Regime, type RequestType } from '../clocks/regimes.js';
import { isErasureType, type RequestChannel } from '../requests/requests.constants.js';

/** How sure we must be that the requester is the person the request is about. */
export const verificationLevels = ['none', 'standard', 'high'] as const;
export type VerificationLevel = (typeof verificationLevels)[number];

export const verificationLevelLabels: Record<VerificationLevel, string> = {
  none: 'None',
  standard: 'Standard',
  high: 'High',
};

const rank: Record<VerificationLevel, number> = { none: 0, standard: 1, high: 2 };
export function levelAtLeast(have: VerificationLevel, need: VerificationLevel): boolean {
  return rank[have] >= rank[need];
}

/** A CCPA "know" request asks for categories of information or for the specific pieces (11 CCR §7062). */
export const knowScopes = ['categories', 'specific_pieces'] as const;
export type KnowScope = (typeof knowScopes)[number];
export const knowScopeLabels: Record<KnowScope, string> = {
  categories: 'Categories of personal information',
  specific_pieces: 'Specific pieces of personal information',
};

/**
 * Pairs where the law forbids asking for verification: the level is `none` and no setting can raise it.
 * CCPA opt-out of sale/sharing (11 CCR §7026(d)) and the limit on sensitive information (§7027(e)).
 */
export function isVerificationForbidden(regime: Regime, type: RequestType): boolean {
  return regime === 'ccpa' && (type === 'opt_out_sale' || type === 'limit_sensitive');
}

/** Per regime, the level each of its request types needs before work starts (the settings value). */
export type VerificationLevelTable = Record<Regime, Partial<Record<RequestType, VerificationLevel>>>;

/**
 * The lawful defaults: none where the law forbids verification, and for the Virginia and Colorado opt-outs
 * (neither act lets a controller require authentication of an opt-out); standard for everything else.
 * The raised levels (specific pieces, deletion of sensitive data) are rules on top, not table entries.
 */
export function defaultVerificationLevels(): VerificationLevelTable {
  const table = {} as VerificationLevelTable;
  for (const regime of regimes) {
    const row: Partial<Record<RequestType, VerificationLevel>> = {};
    for (const type of requestTypes) {
      if (!clockRuleFor(regime, type)) continue;
      row[type] =
        isVerificationForbidden(regime, type) ||
        ((regime === 'vcdpa' || regime === 'cpa') && type === 'opt_out_sale')
          ? 'none'
          : 'standard';
    }
    table[regime] = row;
  }
  return table;
}

/** What the required level of one request is worked out from. */
export interface VerificationSubject {
  regime: Regime;
  type: RequestType;
  /** CCPA "know" only; null elsewhere or not yet recorded (then: categories). */
  knowScope: KnowScope | null;
  /** The officer's flag: a deletion that reaches sensitive (special-category) data. */
  sensitiveData: boolean;
}

export interface RequiredLevel {
  level: VerificationLevel;
  /** Why, in a sentence a person understands. */
  why: string;
}

/** The level a request needs before work starts, and why. */
export function requiredLevelFor(table: VerificationLevelTable, s: VerificationSubject): RequiredLevel {
  if (isVerificationForbidden(s.regime, s.type)) {
    return {
      level: 'none',
      why:
        s.type === 'opt_out_sale'
          ? 'None: the CCPA forbids verifying an opt-out of sale or sharing (11 CCR §7026(d)).'
          : 'None: the CCPA forbids verifying a request to limit sensitive information (11 CCR §7027(e)).',
    };
  }
  const base = table[s.regime]?.[s.type] ?? 'standard';
  if (s.regime === 'ccpa' && s.type === 'know' && s.knowScope === 'specific_pieces' && base !== 'high') {
    return {
      level: 'high',
      why: 'High: a CCPA request for specific pieces of information (11 CCR §7062(c)).',
    };
  }
  if (s.sensitiveData && isErasureType(s.type) && base !== 'high') {
    return { level: 'high', why: 'High: the deletion reaches sensitive data (flagged by an officer).' };
  }
  return {
    level: base,
    why:
      base === 'none'
        ? 'None: set in the settings for this regime and type.'
        : `${verificationLevelLabels[base]}: the setting for this regime and type.`,
  };
}

/** How identity was checked (product.md §5). */
export const verificationMethods = [
  'account_match',
  'email_link',
  'one_time_code',
  'data_points',
  'document_review',
  'authorised_agent',
] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

export const verificationMethodLabels: Record<VerificationMethod, string> = {
  account_match: 'Account match',
  email_link: 'Email verification link',
  one_time_code: 'One-time code',
  data_points: 'Data points matched',
  document_review: 'Document review',
  authorised_agent: 'Authorised agent',
};

/** What the requester may be asked for and compared with the account record. */
export const dataPointFields = [
  'name',
  'email',
  'account_number',
  'organisation',
  'country',
  'plan',
  'birth_year',
  'signup_month',
] as const;
export type DataPointField = (typeof dataPointFields)[number];

export const dataPointLabels: Record<DataPointField, string> = {
  name: 'Full name',
  email: 'Account email',
  account_number: 'Account number',
  organisation: 'Organisation',
  country: 'Country',
  plan: 'Plan',
  birth_year: 'Year of birth',
  signup_month: 'Month they signed up',
};

/** Identity documents an officer may record having seen (never the document itself). */
export const documentTypes = [
  'passport',
  'national_id',
  'driving_licence',
  'residence_permit',
  'other',
] as const;
export type DocumentType = (typeof documentTypes)[number];
export const documentTypeLabels: Record<DocumentType, string> = {
  passport: 'Passport',
  national_id: 'National identity card',
  driving_licence: 'Driving licence',
  residence_permit: 'Residence permit',
  other: 'Other official document',
};

export const verificationOutcomes = ['passed', 'failed'] as const;
export type VerificationOutcome = (typeof verificationOutcomes)[number];

/** One attempt as stored: the facts only, never what the requester supplied or the document. */
export interface VerificationEvidence {
  method: VerificationMethod;
  outcome: VerificationOutcome;
  /** email_link, one_time_code, account_match: the address proven is the linked account's email. */
  toAccountEmail: boolean;
  /** data_points: which fields matched the account record (a set; never their values). */
  matchedPoints: readonly DataPointField[];
  /** data_points: how many fields were compared. */
  comparedPoints: number;
  /** The requester signed the declaration (under penalty of perjury, 11 CCR §7062(c)). */
  declarationSigned: boolean;
  /** authorised_agent: the subject confirmed directly that the agent acts for them. */
  subjectConfirmed: boolean;
}

export interface VerificationAssessment {
  /** The highest level the passed evidence meets. */
  met: VerificationLevel;
  /** Whether the required level is met (and, for an agent's request, the agent's authority shown). */
  satisfied: boolean;
  /** The distinct data points proven (fields matched, and the email for a confirmed address). */
  points: DataPointField[];
  declarationSigned: boolean;
  documentSeen: boolean;
  agentConfirmed: boolean;
  /** What is still missing, in a sentence; null when satisfied. */
  missing: string | null;
}

/**
 * What the evidence recorded so far proves (product.md §5): standard — two matched data points, an account
 * match, or control of the account's own email (link or code); high — three data points plus a signed
 * declaration, or a document reviewed by an officer. Proving control of another address is one data point.
 * A request an agent filed also needs the agent's permission with the subject's own confirmation.
 */
export function assessVerification(
  required: VerificationLevel,
  channel: RequestChannel,
  evidence: readonly VerificationEvidence[],
): VerificationAssessment {
  const points = new Set<DataPointField>();
  let byControl = false;
  let declarationSigned = false;
  let documentSeen = false;
  let agentConfirmed = false;
  for (const e of evidence) {
    if (e.outcome !== 'passed') continue;
    if (e.declarationSigned) declarationSigned = true;
    switch (e.method) {
      case 'account_match':
      case 'email_link':
      case 'one_time_code':
        points.add('email');
        if (e.toAccountEmail) byControl = true;
        break;
      case 'data_points':
        for (const p of e.matchedPoints) points.add(p);
        break;
      case 'document_review':
        documentSeen = true;
        break;
      case 'authorised_agent':
        if (e.subjectConfirmed) agentConfirmed = true;
        break;
    }
  }
  const met: VerificationLevel =
    documentSeen || (points.size >= 3 && declarationSigned)
      ? 'high'
      : byControl || points.size >= 2
        ? 'standard'
        : 'none';
  const needsAgent = channel === 'authorised_agent' && required !== 'none';
  const levelMet = levelAtLeast(met, required);
  const satisfied = levelMet && (!needsAgent || agentConfirmed);
  let missing: string | null = null;
  if (!levelMet) {
    const have = `${points.size} data point${points.size === 1 ? '' : 's'} so far`;
    missing =
      required === 'high'
        ? `High needs three matched data points and a signed declaration${
            points.size >= 3 ? ' (the declaration is missing)' : ` (${have})`
          }, or a document reviewed by an officer.`
        : `Standard needs two matched data points (${have}), an account match, or a link or code confirmed at the account’s own email.`;
  }
  if (needsAgent && !agentConfirmed) {
    const agent =
      'The agent’s signed permission, with the subject confirming directly that the agent acts for them.';
    missing = missing === null ? agent : `${missing} ${agent}`;
  }
  return {
    met,
    satisfied,
    points: dataPointFields.filter((p) => points.has(p)),
    declarationSigned,
    documentSeen,
    agentConfirmed,
    missing,
  };
}

/**
 * The statuses past verification: a request enters one only when its required level is met, on every path
 * (a move by hand or in bulk, a resume, an approval, a system step).
 */
export const statusesPastVerification = [
  'in_progress',
  'awaiting_approval',
  'approved',
  'fulfilling',
  'completed',
] as const;
export function isPastVerification(status: string): boolean {
  return (statusesPastVerification as readonly string[]).includes(status);
}
