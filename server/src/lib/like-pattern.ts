/**
 * A term for a LIKE pattern, matched literally: `%`, `_` and the escape character itself are escaped, so a
 * search for "100%" or "juice_co" finds exactly those characters (PostgreSQL's default escape is `\`).
 */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
