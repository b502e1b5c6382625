import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.js';

describe('loadEnv', () => {
  it('defaults to the embedded database with demo data on port 3000', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      databaseKind: 'pglite',
      seedDemo: true,
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      JOBS_ENABLED: true,
      JOBS_POLL_SECONDS: 15,
    });
    expect(loadEnv({ JOBS_ENABLED: 'false' }).JOBS_ENABLED).toBe(false);
  });

  it('turns demo data off by default on PostgreSQL, and on when asked', () => {
    expect(loadEnv({ DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
      databaseKind: 'postgres',
      seedDemo: false,
    });
    expect(loadEnv({ DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadEnv({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('refuses a movable clock in production, and allows it elsewhere', () => {
    expect(loadEnv({}).TEST_CLOCK).toBe(false);
    expect(() => loadEnv({ TEST_CLOCK: 'true' })).toThrow(
      /TEST_CLOCK: a movable clock is refused when NODE_ENV is production/,
    );
    expect(() => loadEnv({ TEST_CLOCK: 'true', NODE_ENV: 'production' })).toThrow(/TEST_CLOCK/);
    expect(loadEnv({ TEST_CLOCK: 'true', NODE_ENV: 'test' }).TEST_CLOCK).toBe(true);
  });

  it('names every bad setting', () => {
    expect(() => loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', APP_SECRET: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: DATABASE_URL must be a postgres:\/\/ URL\.[\s\S]*APP_SECRET: APP_SECRET needs at least 32 characters\./,
    );
  });
});
