/**
 * The clock of a server under test (TEST_CLOCK): real time plus an offset that only grows, so a journey
 * that spans days (an objection window, a grace period) runs in one session. Never built in production:
 * env.ts refuses TEST_CLOCK there, and main.ts passes the real clock otherwise.
 */
export interface MovableClock {
  now(): Date;
  /** Moves the clock forward; a negative or absurd step is refused. Returns the new now. */
  advance(ms: number): Date;
}

/** At most a year at a time: enough for any window, and a typo cannot send the server to year 3000. */
const maxStepMs = 366 * 86_400_000;

export function movableClock(): MovableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0 || ms > maxStepMs)
        throw new RangeError('The test clock moves forward only, by at most a year at a time.');
      offsetMs += ms;
      return new Date(Date.now() + offsetMs);
    },
  };
}
