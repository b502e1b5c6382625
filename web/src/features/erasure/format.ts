import type { LineAction, LineForcedBy } from '@privdesk/shared/constants';

export { formatDateTime } from '../../lib/dates';

/**
 * How long until `to`, in hours and minutes: "3 h 12 min", "12 min", "under a minute"; null once past.
 * Joined by no-break spaces, so a narrow line never leaves "3" at its end and "h 12 min" on the next.
 */
export function durationUntil(to: string, now: Date): string | null {
  const ms = Date.parse(to) - now.getTime();
  if (ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return (hours === 0 ? `${rest} min` : `${hours} h ${rest} min`).replace(/ /g, '\u00a0');
}

/** Why a line cannot change its action, for the lock's accessible name and the change dialog. */
export const forcedByLabels: Record<LineForcedBy, string> = {
  retention_rule: 'Kept by a retention rule',
  legal_hold: 'Kept by a legal hold',
};

/** The badge's colour: what erases in warm tones, what keeps in cool ones; the words carry the meaning. */
export const lineActionColors: Record<LineAction, string> = {
  delete: 'red',
  anonymise: 'orange',
  retain: 'blue',
  not_held: 'gray',
  notify: 'violet',
};

/** What each action does, beside its choice in the change dialog. */
export const lineActionDescriptions: Record<LineAction, string> = {
  delete: 'Erase this person’s data from the system.',
  anonymise: 'Keep the records, stripped of what identifies this person.',
  retain: 'Keep it, on a legal ground: a law or a legal claim requires it.',
  not_held: 'Record that the system holds nothing of this person, and how you checked.',
  notify: 'Tell a recipient of this system’s data of the erasure (GDPR Art. 19).',
};
