import { defineConfig, type TestProjectConfiguration } from 'vitest/config';

// One Vitest run over every package. Server tests run on embedded PGlite, and again on PostgreSQL
// when TEST_DATABASE_URL names a server (as in CI).
const postgresUrl = process.env.TEST_DATABASE_URL;

const serverOn = (kind: 'pglite' | 'postgres'): TestProjectConfiguration => ({
  extends: './server/vitest.config.ts',
  test: { name: `server:${kind}`, env: { PRIVDESK_TEST_DB: kind } },
});

export default defineConfig({
  test: {
    projects: [
      './shared/vitest.config.ts',
      serverOn('pglite'),
      ...(postgresUrl ? [serverOn('postgres')] : []),
      './web/vite.config.ts',
    ],
  },
});
