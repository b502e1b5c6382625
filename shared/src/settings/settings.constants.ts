// Zod-free on purpose: the web's settings form imports these through `@privdesk/shared/constants`.
import type { Regime } from '../clocks/regimes.js';
import { defaultRegimeHandling, type RegimeHandling } from '../requests/requests.constants.js';
import { minimumRetentionMonths } from '../requests/retention.js';
import {
  defaultVerificationLevels,
  type VerificationLevelTable,
} from '../verification/verification.constants.js';

/** Bounds the settings form and the server both enforce. */
export const settingsBounds = {
  companySlaDays: { min: 1, max: 90 },
  minorTargetHours: { min: 1, max: 720 },
  unverifiedCloseDays: { min: 1, max: 365 },
  registryObjectionDays: { min: 1, max: 180 },
  erasureGraceHours: { min: 1, max: 72 },
  // At least the 24 months CCPA §7101 has the request log kept; at most ten years.
  requestRetentionMonths: { min: minimumRetentionMonths, max: 120 },
} as const;

/** The admin settings (product.md §1, §2, §4, §5). Stored as one jsonb value under `settingsKey`. */
export interface AppSettings {
  /** The handling entity of each regime: its holiday calendar (date-holidays code) and time zone (IANA). */
  handling: Record<Regime, RegimeHandling>;
  /** The company's promise, in calendar days from receipt (privacy-policy.txt: 30). */
  companySlaDays: number;
  /** Counsel's switch: EU GDPR clocks stop while awaiting the requester (UK GDPR always do). */
  euPauseEnabled: boolean;
  /** Internal target for minors' erasures (product.md §2). Not used by any clock yet. */
  minorTargetHours: number;
  /** Unverified requests close after this many days from receipt (product.md §5): the daily close_unverified job. */
  unverifiedCloseDays: number;
  /** Customers may object to a new subprocessor for this many days from its notice (contractual; issue 14). */
  registryObjectionDays: number;
  /** Hours between an erasure plan's approval and its first line running, while an officer may cancel (issue 15). */
  erasureGraceHours: number;
  /**
   * Months a closed request keeps its requester's personal data (issue 18): after them the daily
   * `requests.retention_scrub` job removes it, keeping the request log's fields and the figures.
   */
  requestRetentionMonths: number;
  /** The verification level each regime's request types need before work starts (issue 13, item 1). */
  verificationLevels: VerificationLevelTable;
}

export const settingsKey = 'app';

/** What a fresh deployment runs with: today's handling entities and the policy's 30 days. */
export const defaultSettings: AppSettings = {
  handling: { ...defaultRegimeHandling },
  companySlaDays: 30,
  euPauseEnabled: false,
  minorTargetHours: 72,
  unverifiedCloseDays: 21,
  registryObjectionDays: 30,
  erasureGraceHours: 4,
  requestRetentionMonths: 36,
  verificationLevels: defaultVerificationLevels(),
};

/** Calendars an admin is likely to want per regime; any code date-holidays knows is accepted. */
export const suggestedCalendars: Readonly<Record<Regime, readonly string[]>> = {
  gdpr: ['IE', 'DE', 'FR', 'NL', 'ES', 'IT', 'BE', 'LU'],
  uk_gdpr: ['GB-ENG', 'GB-SCT', 'GB-WLS', 'GB-NIR'],
  ccpa: ['US-CA'],
  lgpd: ['BR', 'BR-SP'],
  vcdpa: ['US-VA'],
  cpa: ['US-CO'],
  pipeda: ['CA-ON', 'CA-BC', 'CA-AB'],
  quebec: ['CA-QC'],
};

// Names such as Europe/Dublin, UTC or Etc/GMT+1; offsets (+01:00) are not zones and are refused, even where
// a newer Intl would accept them, because a fixed offset ignores daylight saving.
const zoneNamePattern = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const zoneValidity = new Map<string, boolean>();

/** Whether this is an IANA time-zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid = zoneNamePattern.test(zone);
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    } catch {
      valid = false;
    }
  }
  if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  return valid;
}

/** The part of the settings the clock engine reads (the handling entity is passed per regime). */
export function clockSettingsOf(settings: AppSettings): { companySlaDays: number; euPauseEnabled: boolean } {
  return { companySlaDays: settings.companySlaDays, euPauseEnabled: settings.euPauseEnabled };
}
