import { createSecretBox } from '../../server/src/lib/tokens.js';
import type { AppConfig } from '../../server/src/trpc/context.js';

/** The key of the benchmark databases' sealed values (the server needs it as APP_SECRET there). */
export const benchSecret = 'bench-secret-bench-secret-bench-secret-00';

/** The server's settings in the request benchmarks: an hour's sessions, no rate limit on masked searches. */
export function benchAppConfig(): AppConfig {
  return {
    sessionIdleMs: 3_600_000,
    sessionMaxMs: 12 * 3_600_000,
    secretBox: createSecretBox(benchSecret),
    allowDemoSignIn: false,
    maskedSearchesPerMinute: 1_000_000,
    auditCheckpointFile: null,
    slowDown: () => Promise.resolve(),
  };
}
