/** Where a name's words end: the separators the search splits on. */
const separator = /[\s\-'’.,_+@()]/u;

/**
 * The masking oracle, as the attacker ran it: type what the mask hides one character at a time into a
 * search or compare surface and watch whether the target stays among the results. Returns every prefix,
 * short of the whole secret, that found the target — except, where `wholeWords` is set (names), a prefix
 * that ends exactly on a word: a whole-word match may confirm a word the person already knows, never teach
 * one more letter (an email's local part is made of words too, and may match a name's). A surface that refuses a term (bad input, a rate limit) has told nothing.
 *
 * Every search surface that later work adds runs through this (see masking-oracle.test.ts).
 */
export async function letterByLetter(opts: {
  secret: string;
  targetId: string;
  search: (term: string) => Promise<readonly string[]>;
  wholeWords: boolean;
}): Promise<string[]> {
  const leaks: string[] = [];
  const chars = Array.from(opts.secret);
  for (let i = 1; i < chars.length; i += 1) {
    const prefix = chars.slice(0, i).join('');
    const next = chars[i] ?? '';
    const last = chars[i - 1] ?? '';
    // "gustavo" and "gustavo." both end on the word: whole words may be confirmed.
    if (opts.wholeWords && (separator.test(next) || separator.test(last))) continue;
    const found = await opts.search(prefix).then(
      (ids) => ids.includes(opts.targetId),
      () => false,
    );
    if (found) leaks.push(prefix);
  }
  return leaks;
}
