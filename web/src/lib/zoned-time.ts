/**
 * Wall-clock times in a named time zone (the handling entity's), for the native date-time field: what an
 * instant reads as there, and which instant a wall time there is. Pure Intl, no date library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields (year … second, as numbers) of an instant in `timeZone`. */
export function partsIn(instant: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

export const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** "2026-07-01T10:00": the wall time of an ISO instant in `timeZone`, to the minute (a datetime-local value). */
export function wallTimeIn(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const p = partsIn(instant, timeZone);
  return `${String(p.year)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant (ISO) a wall time ("2026-07-01T10:00") in `timeZone` stands for, or null when it is not a
 * wall time. A time skipped by a clock change (spring forward) is read as the same time before the change.
 */
export function instantOfWallTime(wall: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, Number.isNaN(s) ? 0 : (s ?? 0));
  let instant = asUtc - offsetAt(asUtc, timeZone);
  // The offset can differ at the instant found (near a clock change): one more step settles it.
  const settled = asUtc - offsetAt(instant, timeZone);
  if (settled !== instant) instant = settled;
  return new Date(instant).toISOString();
}
