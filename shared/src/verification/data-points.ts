// Zod-free and pure: how what a requester supplied is compared with the account record (issue 13, item 2).
import type { DataPointField } from './verification.constants.js';

/** The account record's side of the comparison. */
export interface AccountRecordPoints {
  name: string;
  email: string;
  accountNumber: string;
  organisation: string | null;
  country: string;
  plan: string;
  birthYear: number | null;
  signupAt: Date;
}

/** Lower case, no accents, punctuation as spaces, one space between words: "Zoë  O'Brien" → "zoe o brien". */
export function normaliseText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Legal forms an organisation's name may be given with or without. */
const legalForms = new Set([
  'ltd',
  'limited',
  'gmbh',
  'sa',
  'sas',
  'bv',
  'nv',
  'ag',
  'inc',
  'llc',
  'plc',
  'srl',
  'spa',
  'ab',
  'as',
  'oy',
  'co',
]);

function normaliseOrganisation(value: string): string {
  return normaliseText(value)
    .split(' ')
    .filter((w) => !legalForms.has(w))
    .join(' ');
}

/** The account number's digits, however it was said ("SYN-104233", "syn 104233", "104233"). */
function accountDigits(value: string): string | null {
  const m = /^(?:syn)?\s*-?\s*(\d{1,6})$/i.exec(value.trim());
  return m?.[1]?.padStart(6, '0') ?? null;
}

/** "2024-02", "02/2024", "Feb 2024", "February 2024" → "2024-02". */
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export function normaliseMonth(value: string): string | null {
  const v = value.trim().toLowerCase();
  let m = /^(\d{4})[-/.](\d{1,2})$/.exec(v);
  if (m?.[1] && m[2]) return `${m[1]}-${m[2].padStart(2, '0')}`;
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(v);
  if (m?.[1] && m[2]) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^([a-z]+)\.?\s+(\d{4})$/.exec(v);
  if (m?.[1] && m[2]) {
    const at = months.indexOf(m[1].slice(0, 3));
    if (at >= 0 && (m[1].length === 3 || m[1].startsWith(months[at] ?? ''))) {
      return `${m[2]}-${String(at + 1).padStart(2, '0')}`;
    }
  }
  return null;
}

function same(field: DataPointField, supplied: string, record: AccountRecordPoints): boolean {
  switch (field) {
    case 'name':
      return normaliseText(supplied) === normaliseText(record.name);
    case 'email':
      return supplied.trim().toLowerCase() === record.email.trim().toLowerCase();
    case 'account_number': {
      const a = accountDigits(supplied);
      return a !== null && a === accountDigits(record.accountNumber);
    }
    case 'organisation':
      return (
        record.organisation !== null &&
        normaliseOrganisation(supplied) !== '' &&
        normaliseOrganisation(supplied) === normaliseOrganisation(record.organisation)
      );
    case 'country':
      return supplied.trim().toUpperCase() === record.country.toUpperCase();
    case 'plan':
      return normaliseText(supplied) === normaliseText(record.plan);
    case 'birth_year':
      return record.birthYear !== null && supplied.trim() === String(record.birthYear);
    case 'signup_month':
      return normaliseMonth(supplied) === record.signupAt.toISOString().slice(0, 7);
  }
}

/**
 * The fields whose supplied value matches the account record once normalised (case, accents, spacing,
 * legal forms, the ways an account number or a month is written). Empty values are not compared.
 */
export function matchDataPoints(
  supplied: Partial<Record<DataPointField, string>>,
  record: AccountRecordPoints,
): { compared: DataPointField[]; matched: DataPointField[] } {
  const compared: DataPointField[] = [];
  const matched: DataPointField[] = [];
  for (const [field, value] of Object.entries(supplied) as [DataPointField, string | undefined][]) {
    if (value === undefined || value.trim() === '') continue;
    compared.push(field);
    if (same(field, value, record)) matched.push(field);
  }
  return { compared, matched };
}
