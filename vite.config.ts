import { defineConfig } from 'vitest/config';

// One Vitest run over every package; each package keeps its own config (environment, setup files).
export default defineConfig({
  test: {
    projects: ['shared/vitest.config.ts', 'server/vitest.config.ts', 'web/vite.config.ts'],
  },
});
