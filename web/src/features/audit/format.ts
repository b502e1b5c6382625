import { pad, partsIn } from '../../lib/zoned-time';

/** Audit times are shown in UTC, like the date filter that selects them: one clock on the whole page. */
export function formatUtc(iso: string): string {
  const p = partsIn(Date.parse(iso), 'UTC');
  return `${String(p.year)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}
