import { paths } from '../config/paths';

/**
 * The `?next=` target after signing in. Only a path inside this app is accepted: anything that would
 * leave the origin (`//evil.example`, `https://…`, `/\evil`) or loop back to sign-in is dropped.
 */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  const base = 'http://privdesk.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  if (url.pathname === paths.signIn.pattern) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The path and query of a location, as the `next` of a sign-in redirect. */
export function currentPathOf(location: { pathname: string; search: string }): string {
  return `${location.pathname}${location.search}`;
}
