export const clockErrorCodes = [
  'UNKNOWN_REGIME',
  'UNKNOWN_TYPE',
  'TYPE_NOT_COVERED',
  'UNKNOWN_CALENDAR',
  'INVALID_DATE',
  'INVALID_EVENT',
  'INVALID_SETTINGS',
  'REASON_REQUIRED',
  'EVENT_BEFORE_RECEIPT',
  'RESUME_WITHOUT_PAUSE',
  'ALREADY_PAUSED',
  'EXTENSION_TWICE',
  'EXTENSION_TOO_LATE',
  'EXTENSION_NOT_AVAILABLE',
] as const;
export type ClockErrorCode = (typeof clockErrorCodes)[number];

/**
 * Thrown by the clock engine for an input or ledger it refuses. `message` is meant for a privacy officer
 * and names the rule; `path` points at the offending input field (e.g. `['events', 2, 'on']`, the index
 * being the event's position in the caller's array, not in date order) so a form can show it in place.
 */
export class ClockError extends Error {
  readonly code: ClockErrorCode;
  readonly path: readonly (string | number)[];

  constructor(code: ClockErrorCode, message: string, path: readonly (string | number)[] = []) {
    super(message);
    this.name = 'ClockError';
    this.code = code;
    this.path = path;
  }
}
