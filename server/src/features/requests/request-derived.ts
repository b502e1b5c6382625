import {
  clockSettingsOf,
  defaultSettings,
  deriveDueDates,
  minorTargetApplies,
  type AppSettings,
  type ClockEvent,
  type DerivedDueDates,
  type Regime,
  type RequestType,
} from '@privdesk/shared';
import type { requests } from '../../db/schema.js';

/**
 * Columns of a request derived from others. Every writer of `requests` (intake, the demo seed, the bench
 * generator) goes through these two functions, so the derived columns cannot drift from their sources.
 */

/** Longer words are indexed by their first 12 characters; a longer search word is cut the same way. */
const maxTermLength = 12;
const wordSeparators = /[\s\-'’.,_+@()]+/u;

function fold(text: string): string {
  // Strip accents so that "jose" finds "José"; lower-case so that case never matters.
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function addPrefixes(word: string, out: Set<string>): void {
  const chars = Array.from(word).slice(0, maxTermLength);
  for (let i = 2; i <= chars.length; i += 1) out.add(chars.slice(0, i).join(''));
}

/**
 * What the queue's search box matches as word starts: every prefix (2–12 characters) of each word of the
 * requester's name and email local part, of the whole local part, and the reference number (`000123`, `123`).
 */
export function searchTermsFor(input: { name: string; email: string; reference: string }): string[] {
  const out = new Set<string>();
  for (const word of fold(input.name).split(wordSeparators)) addPrefixes(word, out);
  const local = fold(input.email.split('@')[0] ?? '');
  addPrefixes(local, out);
  for (const piece of local.split(wordSeparators)) addPrefixes(piece, out);
  const number = input.reference.slice(-6);
  out.add(number);
  out.add(String(Number(number)));
  return [...out];
}

/**
 * The whole words of a name, folded, at full length: the only name search a reader without `pii:read` gets.
 * A masked name shows its first letters; matching whole words only, the search confirms a name the person
 * already knows (the caller on the line) but never tells one more letter of it.
 */
export function nameWordsOf(name: string): string[] {
  return [
    ...new Set(
      fold(name)
        .split(wordSeparators)
        .filter((w) => w.length > 0),
    ),
  ];
}

/** The search words of what a person typed, folded and cut like the stored terms; words under 2 characters are dropped. */
export function searchWordsOf(search: string): string[] {
  const words = fold(search)
    .split(wordSeparators)
    .map((w) => Array.from(w).slice(0, maxTermLength).join(''))
    .filter((w) => w.length >= 2 || /^\d$/.test(w));
  return [...new Set(words)];
}

export interface DeriveInput {
  regime: Regime;
  type: RequestType;
  receivedAt: Date;
  /** The request's minor flag: a minor's erasure also has the minors' target (setting `minorTargetHours`). */
  minor: boolean;
  /** Active ledger entries in the order recorded. */
  ledger?: readonly ClockEvent[];
  /** The admin settings; the defaults where none are stored (and in generators). */
  settings?: AppSettings;
  lenient?: { mustKeep: readonly number[] };
}

/** The server's one way to `deriveDueDates`: the settings give the regime's handling entity and the SLA. */
export function deriveFor(input: DeriveInput): DerivedDueDates {
  const settings = input.settings ?? defaultSettings;
  return deriveDueDates({
    regime: input.regime,
    type: input.type,
    receivedAt: input.receivedAt,
    handling: settings.handling[input.regime],
    settings: clockSettingsOf(settings),
    ...(input.ledger === undefined ? {} : { ledger: input.ledger }),
    ...(input.lenient === undefined ? {} : { lenient: input.lenient }),
    ...(minorTargetApplies(input) ? { minorTargetHours: settings.minorTargetHours } : {}),
  });
}

export type DueColumns = Pick<
  typeof requests.$inferInsert,
  'companyDueOn' | 'statutoryDueOn' | 'effectiveDueOn' | 'clockState'
>;

export function dueColumnsOf(dates: DerivedDueDates): Required<DueColumns> {
  return {
    companyDueOn: dates.companyDueOn,
    statutoryDueOn: dates.statutoryDueOn,
    effectiveDueOn: dates.effectiveDueOn,
    clockState: dates.clockState,
  };
}

export function dueColumnsFor(input: DeriveInput): Required<DueColumns> {
  return dueColumnsOf(deriveFor(input));
}

export function formatReference(year: number, n: number): string {
  return `DSR-${year}-${String(n).padStart(6, '0')}`;
}
