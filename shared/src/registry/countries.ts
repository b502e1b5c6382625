// Zod-free: the web names countries with Intl.DisplayNames and checks codes against this list.

/** ISO 3166-1 alpha-2: every officially assigned code (249), in the standard's order. */
export const iso3166Alpha2 = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
  'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
  'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN ' +
  'IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
  'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
  'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
  'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE ' +
  'YT ZA ZM ZW'
).split(' ');

const knownCodes = new Set(iso3166Alpha2);

export function isIsoCountry(code: string): boolean {
  return knownCodes.has(code);
}

/**
 * The European Economic Area: the EU's 27 and Iceland, Liechtenstein and Norway. Processing here is no
 * transfer under GDPR Chapter V, so it needs no mechanism.
 */
export const eeaCountries: readonly string[] =
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' ');

/**
 * Countries with a European Commission adequacy decision (GDPR Art. 45) as of 2026: Andorra, Argentina,
 * Canada (commercial organisations under PIPEDA), the Faroe Islands, Guernsey, Israel, the Isle of Man,
 * Japan, Jersey, New Zealand, the Republic of Korea, Switzerland, the United Kingdom and Uruguay. The United
 * States is adequate only for organisations certified under the EU–US Data Privacy Framework, which is its
 * own mechanism here, so it is not in this list.
 */
export const adequateCountries: readonly string[] = 'AD AR CA FO GG IL IM JP JE NZ KR CH GB UY'.split(' ');

export function isEea(code: string): boolean {
  return eeaCountries.includes(code);
}

export function hasAdequacyDecision(code: string): boolean {
  return adequateCountries.includes(code);
}
