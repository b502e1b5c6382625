import { regimeTable, type Regime } from '@privdesk/shared/constants';

export function regimeLabel(regime: Regime): string {
  return regimeTable[regime].label;
}

/**
 * What a regime's holiday calendar changes (shared/src/clocks/regimes.ts): only GDPR and UK GDPR move a
 * final date off a weekend or holiday; CCPA counts business days; the other regimes count plain days.
 */
export const holidayEffect: Record<Regime, string> = {
  gdpr: 'A due date on a weekend or public holiday moves to the next working day.',
  uk_gdpr: 'A due date on a weekend or bank holiday moves to the next working day.',
  ccpa: 'Holidays are skipped when counting business days.',
  lgpd: 'Plain calendar days: a holiday is noted, never skipped.',
  vcdpa: 'Plain calendar days: a holiday is noted, never skipped.',
  cpa: 'Plain calendar days: a holiday is noted, never skipped.',
  pipeda: 'Plain calendar days: a holiday is noted, never skipped.',
  quebec: 'Plain calendar days: a holiday is noted, never skipped.',
};

// Intl names countries, not their states or provinces: these are the subdivisions the suggestions use.
const subdivisionNames: Record<string, string> = {
  'GB-ENG': 'England',
  'GB-SCT': 'Scotland',
  'GB-WLS': 'Wales',
  'GB-NIR': 'Northern Ireland',
  'US-CA': 'California',
  'US-VA': 'Virginia',
  'US-CO': 'Colorado',
  'BR-SP': 'São Paulo',
  'CA-ON': 'Ontario',
  'CA-BC': 'British Columbia',
  'CA-AB': 'Alberta',
  'CA-QC': 'Quebec',
};

const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'none' });

function countryName(code: string): string | undefined {
  try {
    return regionNames.of(code);
  } catch {
    return undefined;
  }
}

/** "England (GB-ENG)", "Ireland (IE)", "Germany, region BY (DE-BY)"; an unknown code as itself. */
export function calendarLabel(code: string): string {
  const known = subdivisionNames[code];
  if (known) return `${known} (${code})`;
  const [country, ...rest] = code.split('-');
  const name = country && /^[A-Z]{2}$/.test(country) ? countryName(country) : undefined;
  if (!name) return code;
  return rest.length === 0 ? `${name} (${code})` : `${name}, region ${rest.join('-')} (${code})`;
}

/** A calendar code's shape (country, then up to two region parts), as date-holidays writes them. */
export const calendarCodePattern = /^[A-Z]{2}(?:-[A-Z0-9]{1,4}){0,2}$/;

/** What a person typed, as a calendar code when it looks like one: " de-by " → "DE-BY". */
export function calendarCodeOf(text: string): string | null {
  const code = text.trim().toUpperCase();
  return calendarCodePattern.test(code) ? code : null;
}

export { formatDateTime } from '../../lib/dates';
