import { and, asc, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
import {
  maskedNameMatchCap,
  type CustomerMatchKind,
  type CustomerSearchItem,
  type CustomerSearchOutput,
  type customerSearchInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { customers, organisations } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import {
  customerColumns,
  presentCustomer,
  selectCustomers,
  type CustomerWithOrganisation,
} from './customers.service.js';
import { escapeLike } from '../../lib/like-pattern.js';

/** Where a name's words end, as the masked rules and the letter-by-letter test split them. */
const separators = /[\s\-'’.,_+@()]+/u;
/**
 * The trigram similarity a typed name needs to match a name (`%`): pg_trgm's default. A misspelt whole name
 * ("Jonh Smiht", 0.29 against "John Smith") is found by its words instead (closeToWord, as for masked
 * readers): at a million accounts a threshold low enough for such typos made the index hand over tens of
 * thousands of names sharing a few trigrams ("jo", "sm") to be scored, some 120 ms a search.
 */
const nameSimilarity = 0.3;
/** The word similarity a part of a name needs (`<%`, "hallor" in "Freya Halloran"): pg_trgm's default. */
const wordSimilarity = 0.6;
/**
 * What a name scores when every typed word is a whole word of it, the same or within a letter, and it has no
 * other word; each other word takes a share of the last tenth off ("John Smith" 1.0, "John A. Smith" 0.967,
 * "Hannah de Jong-Smith" 0.95 for "Jonh Smiht").
 */
const closeNameScore = 0.9;
/**
 * How many candidates a search by close words reads at a time, for each match it wants, before its closeness
 * rule picks the matches: the patterns already hold every typed word close to a word of the name, so nearly
 * every candidate is a match (what the rule adds is a different word for each typed one). Reading 200 whole
 * rows at a time for a page of 11 was a third of a misspelt name's search at a million accounts.
 */
const candidatesPerMatch = 2;

export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(separators)
    .filter((w) => w.length > 0);
}

/**
 * Whether a typed word is close to a word of a name, as masked readers may match (issue 9, item 1): the
 * same word, or — for four letters or more — the same length with one letter changed or two neighbours
 * swapped ("jonh" for "john", "smiht" for "smith"). Never a prefix: typing a name one letter at a time
 * finds nothing until a whole word is typed, so no answer teaches a letter the mask hides.
 */
export function closeToWord(typed: string, word: string): boolean {
  if (typed === word) return true;
  if (typed.length < 4 || typed.length !== word.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < typed.length; i += 1) {
    if (typed[i] !== word[i]) {
      diff.push(i);
      if (diff.length > 2) return false;
    }
  }
  if (diff.length === 1) return true;
  const [a, b] = diff;
  return a !== undefined && b === a + 1 && typed[a] === word[b] && typed[b] === word[a];
}

/** Every typed word close to a different word of the name. */
export function nameIsClose(typedWords: readonly string[], name: string): boolean {
  const left = wordsOf(name);
  for (const typed of typedWords) {
    const at = left.findIndex((w) => closeToWord(typed, w));
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}

interface Hit {
  row: CustomerWithOrganisation;
  score: number;
  matchedBy: CustomerMatchKind;
}

/** pg_trgm's thresholds for `%` and `<%`, for the caller's transaction only. */
async function setNameThresholds(tx: DbOrTx, similarity: number, word: number): Promise<void> {
  await tx.execute(
    sql`select set_config('pg_trgm.similarity_threshold', ${String(similarity)}, true),
      set_config('pg_trgm.word_similarity_threshold', ${String(word)}, true)`,
  );
}

/**
 * The first `want` names matching by one trigram rule — similar as a whole (`%`) or holding a similar part
 * (`<%`), under the thresholds set — best score first (the greater of similarity and word similarity), then
 * by name. One rule a statement: the index's candidates are checked once each.
 */
function trigramNames(tx: DbOrTx, t: string, rule: 'similar' | 'part', want: number) {
  const score = trigramScore(t);
  return (
    tx
      .select({ ...customerColumns, score: score.as('score') })
      .from(customers)
      .leftJoin(organisations, eq(organisations.id, customers.organisationId))
      .where(rule === 'similar' ? sql`${customers.name} % ${t}` : sql`${t} <% ${customers.name}`)
      // By the output column: the score is worked out once a row.
      .orderBy(desc(sql.identifier('score')), asc(customers.name), asc(customers.id))
      .limit(want)
  );
}

/** LIKE patterns of a typed word and every word close to it (`closeToWord`), each a whole word of `name_words`. */
function closeWordPatterns(typed: string): string[] {
  const letters = Array.from(typed);
  const whole = (ls: readonly string[]) => `% ${ls.map(escapeLike).join('')} %`;
  // Shorter than four (as closeToWord counts): the word itself only.
  if (typed.length < 4) return [whole(letters)];
  const patterns = new Set<string>();
  // The same word or one letter changed: `_` is any one letter.
  for (let i = 0; i < letters.length; i += 1)
    patterns.add(
      `% ${escapeLike(letters.slice(0, i).join(''))}_${escapeLike(letters.slice(i + 1).join(''))} %`,
    );
  // Two neighbours swapped.
  for (let i = 0; i + 1 < letters.length; i += 1) {
    if (letters[i] === letters[i + 1]) continue;
    const swapped = [...letters];
    [swapped[i], swapped[i + 1]] = [letters[i + 1] ?? '', letters[i] ?? ''];
    patterns.add(whole(swapped));
  }
  return [...patterns];
}

/** A name's trigram score against the term: the greater of its similarity and its word similarity. */
function trigramScore(t: string) {
  return sql<number>`greatest(similarity(${customers.name}, ${t}), word_similarity(${t}, ${customers.name}))`;
}

/**
 * Accounts whose name has, for every typed word, a whole word equal or close to it (the trigram index on
 * `name_words` reads the patterns), in account-number order (masked readers) or best first (officers: by
 * the share of the name's words typed, see closeNameScore, then name), read a page of candidates at a time until the
 * closeness rule (`nameIsClose`, which also wants a different word for each typed one) has found `enough`,
 * or there are no more.
 */
async function closeNames(
  db: DbOrTx,
  typed: readonly string[],
  order: 'account' | 'score',
  enough: number,
): Promise<(CustomerWithOrganisation & { score: number })[]> {
  // A word without a letter or digit ("&") gives the trigram index nothing to read: it is left to nameIsClose.
  const indexed = typed.filter((w) => /[\p{L}\p{N}]/u.test(w));
  const each = (indexed.length > 0 ? indexed : typed).map((w) =>
    or(...closeWordPatterns(w).map((p) => like(customers.nameWords, p))),
  );
  // Closer when the name has fewer words besides the typed ones; in float8, so that the next page starts
  // exactly where this one ended.
  const score =
    order === 'score'
      ? sql<number>`(${closeNameScore}::float8 + ${typed.length}::float8 / 10
          / greatest(1, regexp_count(${customers.nameWords}, '[^ ]+')))`
      : sql<number>`${closeNameScore}::float8`;
  // Sorted by expressions no index gives (in the same order): the planner cannot guess how many names the
  // patterns match, and at a million accounts it walked the account-number index expecting to meet 200 of
  // 12,000 early, for 128 matches, through every row (4 s). The patterns' index, then a sort, it is.
  const account = sql`(${customers.accountNumber} || '')`;
  const name = sql`(${customers.name} || '')`;
  const close: (CustomerWithOrganisation & { score: number })[] = [];
  const candidates = Math.max(20, enough * candidatesPerMatch);
  let last: (CustomerWithOrganisation & { score: number }) | undefined;
  for (;;) {
    const after = !last
      ? undefined
      : order === 'account'
        ? sql`${account} > ${last.accountNumber}`
        : sql`(${score} < ${last.score} or (${score} = ${last.score} and (${name}, ${customers.id}) > (${last.name}, ${last.id})))`;
    const page = await db
      .select({ ...customerColumns, score: sql<number>`${score}`.mapWith(Number).as('score') })
      .from(customers)
      .leftJoin(organisations, eq(organisations.id, customers.organisationId))
      .where(and(...each, after))
      .orderBy(
        ...(order === 'account' ? [account] : [desc(sql.identifier('score')), name, asc(customers.id)]),
      )
      .limit(candidates);
    close.push(...page.filter((r) => nameIsClose(typed, r.name)));
    last = page.at(-1);
    if (close.length >= enough || page.length < candidates || !last) return close;
  }
}

/**
 * Accounts with a word of their name starting with the term (`% emma%` on `name_words`, its trigram index),
 * by name: the names of a one-word term that also starts an address.
 */
function wordPrefixNames(db: DbOrTx, t: string, want: number) {
  return selectCustomers(db)
    .where(like(customers.nameWords, `% ${escapeLike(t)}%`))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(want);
}

/** The account number typed in any of the ways people say it: `SYN-104233`, `syn104233`, `104233`. */
function accountDigits(q: string): string | null {
  const m = /^(?:syn)?[\s-]?(\d{1,6})$/i.exec(q);
  return m?.[1] ?? null;
}

/**
 * One search for customers (issue 12, item 2): an account number (prefix), an email, an organisation, or a
 * name that may be misspelt, ranked by how well it matches and paged. Every branch reads an index (the
 * account number's and the email's pattern indexes, the trigram indexes of the name, of its words and of the
 * organisation's name) and is bounded by the page it serves, so no term scans the directory.
 *
 * For readers in clear a name matches when it is similar to the term (trigram similarity ≥ 0.3), holds a
 * part similar to it (word similarity ≥ 0.6), or — for two typed words or more — has every typed word as a
 * whole word, the same or within a letter (`closeToWord`, scored 0.9); ranked by score, then name. A branch
 * is skipped when what it can still score cannot reach the page (bench/RESULTS.md, issue 12).
 *
 * What masking hides is never an oracle (issue 9, item 1): a reader without `pii:read` matches an email only
 * in full, and a name only when every typed word is close to a whole word of it (`closeToWord`); those
 * matches are capped and ordered by account number, never by score. Account numbers and organisation names
 * are shown in clear to every reader, so they match in part for everyone.
 */
export async function searchCustomers(
  deps: ActorDeps,
  input: z.output<typeof customerSearchInputSchema>,
): Promise<CustomerSearchOutput> {
  const q = input.q.normalize('NFC').trim();
  const clear = deps.actor.can.seeClearPii;
  if (Array.from(q).length < 2) {
    return {
      items: [],
      hasMore: false,
      capped: false,
      guidance: clear
        ? 'Type at least two characters: an email, an account number (SYN-…), a name or an organisation.'
        : 'Type at least two characters: a full email, an account number (SYN-…), a name or an organisation.',
    };
  }
  const t = q.toLowerCase();
  const want = input.offset + input.limit + 1;
  const hits = new Map<string, Hit>();
  const add = <R extends CustomerWithOrganisation>(
    rows: readonly R[],
    matchedBy: CustomerMatchKind,
    score: (r: R) => number,
  ) => {
    for (const row of rows) {
      const s = score(row);
      const had = hits.get(row.id);
      if (!had || had.score < s) hits.set(row.id, { row, score: s, matchedBy });
    }
  };
  const byAccount = asc(customers.accountNumber);
  // A prefix in the order of its pattern index (byte order): the index reads the prefix's range in order and
  // stops at the page. In the collation's order the planner may instead walk the whole unique index and
  // filter (at a million accounts "SYN-7262" read 726,200 rows), or sort every match ("mar": 30,000).
  // Account numbers and emails are ASCII, where byte order is the order of the C and C.UTF-8 collations.
  const byPrefix = (column: typeof customers.accountNumber | typeof customers.email) =>
    sql`${column} using ~<~`;
  const db = deps.db;
  let capped = false;

  const digits = accountDigits(q);
  if (digits !== null) {
    const exact = `SYN-${digits}`;
    const rows = await selectCustomers(db)
      .where(like(customers.accountNumber, `${exact}%`))
      .orderBy(byPrefix(customers.accountNumber))
      .limit(want);
    add(rows, 'account', (r) => (r.accountNumber === exact ? 3 : 2));
  } else if (t.includes('@')) {
    const rows = clear
      ? await selectCustomers(db)
          .where(like(customers.email, `${escapeLike(t)}%`))
          .orderBy(byPrefix(customers.email), asc(customers.id))
          .limit(want)
      : await selectCustomers(db).where(eq(customers.email, t)).orderBy(byAccount).limit(want);
    add(rows, 'email', (r) => (r.email === t ? 3 : 2));
  } else {
    const typed = wordsOf(t);
    // Organisations are shown to every reader: part of a name matches (three letters reach its trigram index).
    const orgMatches = () =>
      selectCustomers(db)
        .where(
          inArray(
            customers.organisationId,
            db
              .select({ id: organisations.id })
              .from(organisations)
              .where(sql`${organisations.name} ilike ${`%${escapeLike(t)}%`}`),
          ),
        )
        .orderBy(...(clear ? [asc(customers.name), asc(customers.id)] : [byAccount]))
        .limit(want);

    if (clear) {
      // An email typed without its domain ("amara.novak"): a prefix of the address.
      const emailRows =
        !/\s/.test(t) && t.length >= 3
          ? await selectCustomers(db)
              .where(like(customers.email, `${escapeLike(t)}%`))
              .orderBy(byPrefix(customers.email), asc(customers.id))
              .limit(want)
          : [];
      // An email match outranks every other kind (1.5 against at most 1): when they fill the page, nothing
      // else can change it, so nothing else is asked.
      const emailsFill = emailRows.length >= want;
      add(emailsFill ? [] : await orgMatches(), 'organisation', () => 0.3);
      add(emailRows, 'email', () => 1.5);
      // A term shaped like an address — one word holding a dot, underscore, plus or digit ("laura.xav",
      // "jsmith42") — is the start of an email, not a name: searched as a name too, a rare prefix made the
      // ranked name search score every "laura" (bench/RESULTS.md, customers search). So is one word that
      // starts an address ("sigridalva", "emmasoto"): its names are only those with a word starting with it
      // ("emma" finds Emma Soto beside emmasoto@…), never the thousands of Emmas a similarity ranks.
      const oneWord = !/\s/.test(t);
      const addressShaped = oneWord && (/[._+\d]/.test(t) || emailRows.length > 0);
      if (oneWord && !emailsFill && emailRows.length > 0 && !/[._+\d]/.test(t))
        add(await wordPrefixNames(db, t, want), 'name', () => closeNameScore);
      if (t.length >= 3 && !emailsFill && !addressShaped) {
        // Names, ranked: a whole name misspelt ("Jonh Smiht", by its words), similar ("john smyth", similarity)
        // or in part ("valdiv", word similarity). Each kind scores within a band, and a match scoring under
        // the page's last row cannot reach the page: the weaker kinds are asked only while they still can.
        const scored = (r: { score: number }) => Number(r.score);
        const last = () =>
          hits.size < want
            ? -1
            : ([...hits.values()].map((h) => h.score).sort((a, b) => b - a)[want - 1] ?? -1);
        await db.transaction(async (tx) => {
          // Everything scoring 0.6 or more: holding a similar part. A name similar as a whole is one of them
          // (word similarity is never below similarity: the whole name is one of the parts it weighs), so
          // `%` at 0.6 would find nothing more; it was one statement more, 9 ms at a million accounts.
          await setNameThresholds(tx, wordSimilarity, wordSimilarity);
          add(await trigramNames(tx, t, 'part', want), 'name', scored);
          if (typed.length >= 2 && last() <= 1)
            add(await closeNames(tx, typed, 'score', want), 'name', (r) => r.score);
          if (last() < wordSimilarity) {
            await setNameThresholds(tx, nameSimilarity, wordSimilarity);
            add(await trigramNames(tx, t, 'similar', want), 'name', scored);
          }
        });
      }
    } else {
      add(await orgMatches(), 'organisation', () => 0.3);
      if (typed.length > 0) {
        // Every typed word a whole word of the name, the same or within a letter (closeToWord).
        const close = await closeNames(db, typed, 'account', maskedNameMatchCap + 1);
        capped = close.length > maskedNameMatchCap;
        add(close.slice(0, maskedNameMatchCap), 'name', () => 1);
      }
    }
  }

  const ranked = [...hits.values()].sort(
    clear
      ? (a, b) =>
          b.score - a.score ||
          // Account numbers typed in part list in their own order; everything else by name.
          (a.matchedBy === 'account' && b.matchedBy === 'account'
            ? 0
            : a.row.name.localeCompare(b.row.name)) ||
          a.row.accountNumber.localeCompare(b.row.accountNumber)
      : (a, b) => a.row.accountNumber.localeCompare(b.row.accountNumber),
  );
  const page = ranked.slice(input.offset, input.offset + input.limit);
  const items: CustomerSearchItem[] = page.map((h) => ({
    ...presentCustomer(h.row, deps.actor.can, deps.now),
    matchedBy: h.matchedBy,
  }));
  return { items, hasMore: ranked.length > input.offset + input.limit, guidance: null, capped };
}
