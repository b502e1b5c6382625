/** What the erasure benchmark's parent and its worker processes agree on. */
export const benchSecret = 'bench-secret-bench-secret-bench-secret-00';
export const benchMailFrom = 'Syncronis Privacy <privacy@syncronis.net>';
export const publicOrigin = 'https://desk.bench.invalid';
/** The workers' (and the receiver's) clock: past the default 4 h grace period of plans approved at setup. */
export const clockShiftMs = 5 * 3_600_000;
