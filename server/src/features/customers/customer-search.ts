import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
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

/** Where a name's words end, as the masked rules and the letter-by-letter test split them. */
const separators = /[\s\-'’.,_+@()]+/u;
/**
 * The trigram similarity a whole typed name needs to be a candidate: "Jonh Smiht" shares 5 of 17 trigrams
 * with "John Smith" (0.29), under pg_trgm's default of 0.3; 0.25 still leaves most strangers out.
 */
const nameSimilarity = 0.25;
/** How many candidates a masked name search reads before its closeness rule picks the matches. */
const maskedCandidates = 200;

export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function escapeRegex(word: string): string {
  return word.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}

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

/** A name's trigram candidates, under this search's similarity threshold (set for its transaction only). */
async function withNameThreshold<T>(db: DbOrTx, run: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(nameSimilarity)}, true)`);
    return run(tx);
  });
}

/** The account number typed in any of the ways people say it: `SYN-104233`, `syn104233`, `104233`. */
function accountDigits(q: string): string | null {
  const m = /^(?:syn)?[\s-]?(\d{1,6})$/i.exec(q);
  return m?.[1] ?? null;
}

/**
 * One search for customers (issue 12, item 2): an account number (prefix), an email, an organisation, or a
 * name that may be misspelt, ranked by how well it matches and paged. Every branch reads an index (the
 * account number's and the email's pattern indexes, the name's and the organisation's trigram indexes) and
 * is bounded by the page it serves, so no term scans the directory.
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
  const add = (
    rows: readonly CustomerWithOrganisation[],
    matchedBy: CustomerMatchKind,
    score: (r: CustomerWithOrganisation) => number,
  ) => {
    for (const row of rows) {
      const s = score(row);
      const had = hits.get(row.id);
      if (!had || had.score < s) hits.set(row.id, { row, score: s, matchedBy });
    }
  };
  const byAccount = asc(customers.accountNumber);
  const db = deps.db;
  let capped = false;

  const digits = accountDigits(q);
  if (digits !== null) {
    const exact = `SYN-${digits}`;
    const rows = await selectCustomers(db)
      .where(like(customers.accountNumber, `${exact}%`))
      .orderBy(byAccount)
      .limit(want);
    add(rows, 'account', (r) => (r.accountNumber === exact ? 3 : 2));
  } else if (t.includes('@')) {
    const rows = clear
      ? await selectCustomers(db)
          .where(like(customers.email, `${escapeLike(t)}%`))
          .orderBy(asc(customers.email), asc(customers.id))
          .limit(want)
      : await selectCustomers(db).where(eq(customers.email, t)).orderBy(byAccount).limit(want);
    add(rows, 'email', (r) => (r.email === t ? 3 : 2));
  } else {
    const typed = wordsOf(t);
    // Organisations are shown to every reader: part of a name matches (three letters reach its trigram index).
    const orgIds = db
      .select({ id: organisations.id })
      .from(organisations)
      .where(sql`${organisations.name} ilike ${`%${escapeLike(t)}%`}`);
    const orgRows = await selectCustomers(db)
      .where(inArray(customers.organisationId, orgIds))
      .orderBy(...(clear ? [asc(customers.name), asc(customers.id)] : [byAccount]))
      .limit(want);
    add(orgRows, 'organisation', () => 0.3);

    if (clear) {
      // An email typed without its domain ("amara.novak"): a prefix of the address.
      if (!/\s/.test(t) && t.length >= 3) {
        const rows = await selectCustomers(db)
          .where(like(customers.email, `${escapeLike(t)}%`))
          .orderBy(asc(customers.email), asc(customers.id))
          .limit(want);
        add(rows, 'email', () => 1.5);
      }
      if (t.length >= 3) {
        // A misspelt whole name ("Jonh Smiht", similarity) or part of one ("valdiv", word similarity), ranked.
        const score = sql<number>`greatest(similarity(${customers.name}, ${t}), word_similarity(${t}, ${customers.name}))`;
        const rows = await withNameThreshold(db, (tx) =>
          tx
            .select({ ...customerColumns, score })
            .from(customers)
            .leftJoin(organisations, eq(organisations.id, customers.organisationId))
            .where(or(sql`${customers.name} % ${t}`, sql`${t} <% ${customers.name}`))
            .orderBy(desc(score), asc(customers.name), asc(customers.id))
            .limit(want),
        );
        add(rows, 'name', (r) => Number((r as unknown as { score: number }).score));
      }
    } else if (typed.length > 0) {
      // Whole words exactly (the trigram index reads the regex), or the whole name within a letter or two a word.
      const whole: SQL[] = typed.map((w) => sql`${customers.name} ~* ${`\\m${escapeRegex(w)}\\M`}`);
      const candidates = await withNameThreshold(db, (tx) =>
        selectCustomers(tx)
          .where(or(and(...whole), t.length >= 3 ? sql`${customers.name} % ${t}` : sql`false`))
          .orderBy(byAccount)
          .limit(maskedCandidates),
      );
      const close = candidates.filter((r) => nameIsClose(typed, r.name));
      capped = close.length > maskedNameMatchCap;
      add(close.slice(0, maskedNameMatchCap), 'name', () => 1);
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
