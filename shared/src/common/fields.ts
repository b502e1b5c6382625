import { z } from 'zod';

export const idSchema = z.uuid({ message: 'Must be a valid id.' });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email({ message: 'Enter a valid email address.' }));

export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(200, 'A name has at most 200 characters.');

export const reasonSchema = z
  .string()
  .trim()
  .min(3, 'Give a reason of at least 3 characters.')
  .max(500, 'A reason has at most 500 characters.');

/** Words people type to get past a reason field; a reason that is only one of them says nothing. */
const placeholderReasons = new Set([
  'test',
  'testing',
  'tests',
  'asdf',
  'asdfgh',
  'qwerty',
  'xxx',
  'reason',
  'reasons',
  'none',
  'na',
  'ok',
  'because',
  'needed',
  'need',
  'check',
  'checking',
  'lookup',
  'look',
  'see',
  'view',
  'reveal',
  'please',
  'abc',
  'aaa',
  'foo',
  'bar',
  'whatever',
  'nothing',
  'something',
  'work',
  'job',
]);

/**
 * Why a reveal of personal data was needed, as a person would write it: at least 10 characters, more than a
 * placeholder word ("test", "asdf", "reason") or a key held down. Null when the reason will do.
 */
export function revealReasonProblem(value: string): string | null {
  const reason = value.trim();
  if (reason.length < 10) return 'Say why in a sentence: at least 10 characters.';
  if (reason.length > 500) return 'A reason has at most 500 characters.';
  const words = reason
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const letters = new Set(reason.toLowerCase().replace(/[^\p{L}]/gu, ''));
  if (letters.size < 5 || words.every((w) => placeholderReasons.has(w))) {
    return 'Say why in a sentence, such as “The requester is on the phone and must be identified.”';
  }
  return null;
}

export const revealReasonSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = revealReasonProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * The years a date in this product can mean: a filter, a ledger day, a receipt (receipts have their own,
 * narrower rule: from 2000 to now). Bounded here, not by what PostgreSQL stores, so `0000-01-01` or
 * `9999-12-31` is a field message instead of a database error.
 */
export const productYears = { min: 1900, max: 2100 } as const;

export function isWithinProductYears(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= productYears.min && year <= productYears.max;
}

const yearsMessage = `Use a date between ${productYears.min} and ${productYears.max}.`;

export const isoInstantSchema = z.iso
  .datetime({ offset: true, message: 'Must be a date and time.' })
  .refine(isWithinProductYears, { message: yearsMessage });

/** A calendar day someone typed or picked: `2026-01-31`, within the product's years. */
export const calendarDateFieldSchema = z.iso
  .date({ message: 'Use a date like 2026-01-31.' })
  .refine(isWithinProductYears, { message: yearsMessage });
