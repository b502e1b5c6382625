import {
  iso3166Alpha2,
  messageStatusLabels,
  messageStatuses,
  type MessageStatus,
} from '@privdesk/shared/constants';

export {
  formatCalendarDate,
  formatCompactDateTime,
  formatDateTime,
  formatShortCalendarDate,
} from '../../lib/dates';

// English names for the ISO codes the server stores. `Intl.DisplayNames` knows every assigned code; the
// code itself stands in should a runtime not.
const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'code' });

/** "DE" → "Germany". */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    // A malformed code (never from our server, but history values are untyped).
    return code;
  }
}

/** Every ISO 3166 country as a select option, sorted by name, its code searchable beside it. */
export const countryOptions: { value: string; label: string }[] = iso3166Alpha2
  .map((code) => ({ value: code, label: `${countryName(code)} (${code})` }))
  .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));

/** Whole calendar days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`);
  return Math.round(ms / 86_400_000);
}

/** The browser's calendar date, for labels only (the server's `today` decides anything that counts). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** "3 sent, 1 waiting to send": the deliveries of a notice by status, the empty ones left out. */
export function deliverySummary(deliveries: Partial<Record<MessageStatus, number>>): string {
  const parts = messageStatuses
    .map((status) => ({ status, n: deliveries[status] ?? 0 }))
    .filter((d) => d.n > 0)
    .map((d) => `${d.n.toLocaleString('en-GB')} ${messageStatusLabels[d.status].toLowerCase()}`);
  return parts.length > 0 ? parts.join(', ') : 'No message';
}
