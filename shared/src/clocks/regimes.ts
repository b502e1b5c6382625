/**
 * The legal-clock regime table (product.md §4) — data only; the arithmetic lives in engine.ts.
 * This file imports nothing, so the web bundle can use it without zod or date-holidays.
 *
 * Decisions, and where product.md is silent:
 *
 * - Day of receipt never counts (Reg. 1182/71 Art. 3(1); same convention for the "days" regimes):
 *   45 days from 3 Mar is 17 Apr.
 *
 * - Roll-forward (weekend / public holiday → next working day) applies ONLY to GDPR and UK GDPR,
 *   where product.md §4 states it (Reg. 1182/71 Art. 3(4); ICO guidance), and only to the final date,
 *   never to an intermediate step. For every "days" regime product.md is silent on roll-forward, so we
 *   keep plain calendar days and do NOT roll. That is the conservative choice: the unrolled date is never
 *   late. Background, not relied on: Cal. Code Civ. Proc. §12a (CCPA), Código Civil Art. 132 §1 (LGPD),
 *   the federal Interpretation Act s.26 (PIPEDA) and Quebec's Interpretation Act s.52 may let a deadline
 *   that falls on a holiday move to the next day; none is stated for these periods in product.md, and
 *   counsel has not asked for it. The explanation says when such a date falls on a weekend or holiday.
 *
 * - Business days (CCPA acknowledgement, §7026/§7027 opt-outs): Monday–Friday less the public holidays
 *   of the request's calendar (US-CA gives California state holidays: e.g. César Chávez Day, the day
 *   after Thanksgiving). Counting starts the day after receipt.
 *
 * - Holidays: date-holidays type 'public' only (so Irish Good Friday, typed 'bank', is a working day);
 *   for GB calendars type 'bank' counts too (date-holidays 3.37 already types UK bank holidays 'public').
 *
 * - Extensions: the extended deadline is measured from the ORIGINAL receipt (GDPR: receipt + 3 months,
 *   not +2 months chained onto a clamped or rolled first-month date; CCPA/VCDPA/CPA: receipt + 90 days;
 *   PIPEDA: receipt + 60 days). Once only. The notice window is the initial period: for GDPR/UK GDPR
 *   "before the first month ends" is read as on or before the initial due date as rolled forward (the
 *   end of the first month as Art. 3(4) counts it) and, where pauses count, as shifted by them; for the
 *   day regimes, on or before receipt + 45 / 30 days.
 *
 * - Pauses: UK GDPR always (identity information, clarification, and explicit pause/resume); EU GDPR
 *   only with settings.euPauseEnabled; never elsewhere (CCPA runs "even while verifying"). A pause that
 *   begins on or before the due date as it stands (rolled) counts; one that begins after it does not.
 *   Pause days are added to the un-rolled date, except for a pause that began inside the roll-forward
 *   (after the un-rolled last day): the period had run out, so the due date becomes the day it ended.
 *
 * - Type mapping (product.md names → request types): VCDPA/CPA "access, correct, delete, portability,
 *   opt-outs" → access, correct, delete, portability, opt_out_sale (no separate targeted-advertising /
 *   profiling opt-out type exists yet); PIPEDA "access, correction" → access, correct; Quebec "access,
 *   rectification, deletion" → access, rectification, delete. GDPR "withdraw consent" → withdraw_consent.
 */

export const regimes = ['gdpr', 'uk_gdpr', 'ccpa', 'lgpd', 'vcdpa', 'cpa', 'pipeda', 'quebec'] as const;
export type Regime = (typeof regimes)[number];

export const requestTypes = [
  // GDPR rights (Arts. 15–18, 20, 21, 7(3))
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'withdraw_consent',
  // CCPA/CPRA rights
  'know',
  'delete',
  'correct',
  'opt_out_sale',
  'limit_sensitive',
  // LGPD Art. 18(I)
  'confirmation',
] as const;
export type RequestType = (typeof requestTypes)[number];

export const requestTypeLabels: Record<RequestType, string> = {
  access: 'access',
  rectification: 'rectification',
  erasure: 'erasure',
  restriction: 'restriction',
  portability: 'portability',
  objection: 'objection',
  withdraw_consent: 'withdraw consent',
  know: 'know',
  delete: 'delete',
  correct: 'correct',
  opt_out_sale: 'opt-out of sale/sharing',
  limit_sensitive: 'limit use of sensitive PI',
  confirmation: 'confirmation',
};

export type PeriodUnit = 'months' | 'calendar_days' | 'business_days';

export interface Period {
  readonly amount: number;
  readonly unit: PeriodUnit;
}

export interface ExtensionRule {
  /** The extended deadline measured from receipt (the original anchor), not added to the first period. */
  readonly totalFromReceipt: Period;
  /** What the extension adds, for people: "2 months". */
  readonly adds: string;
  /** Only one form exists today: the extension must be noticed within the initial period. */
  readonly noticeWithin: 'initial_period';
}

/** 'always': UK GDPR; 'if_enabled': EU GDPR with settings.euPauseEnabled; 'never': everything else. */
export type PauseRule = 'always' | 'if_enabled' | 'never';

export interface ClockRule {
  readonly types: readonly RequestType[];
  readonly period: Period;
  readonly extension: ExtensionRule | null;
  /** Deadline to acknowledge receipt, counted from receipt; null where the law sets none. */
  readonly acknowledge: Period | null;
  readonly pause: PauseRule;
  /** Roll a final date on a weekend / public holiday to the next working day. */
  readonly rollForward: boolean;
  /** The law forbids requiring identity verification for these requests (product.md §5). */
  readonly verificationForbidden: boolean;
  /** Short citation shown with every date this rule produces. */
  readonly citation: string;
}

export interface RegimeDefinition {
  /** Name for people: "EU GDPR". */
  readonly label: string;
  readonly rules: readonly ClockRule[];
}

const gdprTypes = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'withdraw_consent',
] as const satisfies readonly RequestType[];

const oneMonthPlusTwo: Pick<
  ClockRule,
  'period' | 'extension' | 'acknowledge' | 'rollForward' | 'verificationForbidden'
> = {
  period: { amount: 1, unit: 'months' },
  extension: {
    totalFromReceipt: { amount: 3, unit: 'months' },
    adds: '2 months',
    noticeWithin: 'initial_period',
  },
  acknowledge: null,
  rollForward: true,
  verificationForbidden: false,
};

function daysRule(
  types: readonly RequestType[],
  days: number,
  extensionDays: number | null,
  citation: string,
): ClockRule {
  return {
    types,
    period: { amount: days, unit: 'calendar_days' },
    extension:
      extensionDays === null
        ? null
        : {
            totalFromReceipt: { amount: days + extensionDays, unit: 'calendar_days' },
            adds: `${extensionDays} days`,
            noticeWithin: 'initial_period',
          },
    acknowledge: null,
    pause: 'never',
    rollForward: false,
    verificationForbidden: false,
    citation,
  };
}

export const regimeTable: Readonly<Record<Regime, RegimeDefinition>> = {
  gdpr: {
    label: 'EU GDPR',
    rules: [{ types: gdprTypes, ...oneMonthPlusTwo, pause: 'if_enabled', citation: 'GDPR Art. 12(3)' }],
  },
  uk_gdpr: {
    label: 'UK GDPR',
    rules: [{ types: gdprTypes, ...oneMonthPlusTwo, pause: 'always', citation: 'UK GDPR Art. 12(3)' }],
  },
  ccpa: {
    label: 'CCPA/CPRA',
    rules: [
      {
        ...daysRule(['know', 'delete', 'correct'], 45, 45, '11 CCR §7021'),
        acknowledge: { amount: 10, unit: 'business_days' },
      },
      {
        types: ['opt_out_sale'],
        period: { amount: 15, unit: 'business_days' },
        extension: null,
        acknowledge: null,
        pause: 'never',
        rollForward: false,
        verificationForbidden: true,
        citation: '11 CCR §7026',
      },
      {
        types: ['limit_sensitive'],
        period: { amount: 15, unit: 'business_days' },
        extension: null,
        acknowledge: null,
        pause: 'never',
        rollForward: false,
        verificationForbidden: true,
        citation: '11 CCR §7027',
      },
    ],
  },
  lgpd: { label: 'LGPD', rules: [daysRule(['confirmation', 'access'], 15, null, 'LGPD Art. 19(II)')] },
  vcdpa: {
    label: 'Virginia VCDPA',
    rules: [
      daysRule(
        ['access', 'correct', 'delete', 'portability', 'opt_out_sale'],
        45,
        45,
        'Va. Code §59.1-577(B)(1)',
      ),
    ],
  },
  cpa: {
    label: 'Colorado CPA',
    rules: [
      daysRule(['access', 'correct', 'delete', 'portability', 'opt_out_sale'], 45, 45, 'C.R.S. §6-1-1306(2)'),
    ],
  },
  pipeda: { label: 'PIPEDA', rules: [daysRule(['access', 'correct'], 30, 30, 'PIPEDA s.8(3)–(4)')] },
  quebec: {
    label: 'Quebec Law 25',
    rules: [daysRule(['access', 'rectification', 'delete'], 30, null, 'Quebec Private Sector Act s.32')],
  },
};

/** The company's own promise (product.md §2): 30 calendar days from receipt; no roll, pause or extension. */
export const companySla = { defaultDays: 30, citation: 'Company policy (privacy-policy.txt)' } as const;

function typesOf(regime: Regime): readonly RequestType[] {
  return regimeTable[regime].rules.flatMap((rule) => rule.types);
}

/** Which request types each regime covers (derived from the table). */
export const regimeTypes: Readonly<Record<Regime, readonly RequestType[]>> = {
  gdpr: typesOf('gdpr'),
  uk_gdpr: typesOf('uk_gdpr'),
  ccpa: typesOf('ccpa'),
  lgpd: typesOf('lgpd'),
  vcdpa: typesOf('vcdpa'),
  cpa: typesOf('cpa'),
  pipeda: typesOf('pipeda'),
  quebec: typesOf('quebec'),
};

export function isRegime(value: string): value is Regime {
  return (regimes as readonly string[]).includes(value);
}

export function isRequestType(value: string): value is RequestType {
  return (requestTypes as readonly string[]).includes(value);
}

/** The rule a (regime, type) pair is clocked under, or undefined when the type is not a right there. */
export function clockRuleFor(regime: Regime, type: RequestType): ClockRule | undefined {
  return regimeTable[regime].rules.find((rule) => rule.types.includes(type));
}
