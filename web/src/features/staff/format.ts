export { formatDateTime } from '../../lib/dates';

/** The one-time link as a person can paste it: this app's origin plus the server's path. */
export function absoluteLink(path: string): string {
  return new URL(path, window.location.origin).toString();
}
