import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The API server in development; the SPA calls it through this proxy so cookies stay same-origin.
const apiTarget = 'http://127.0.0.1:3000';
// changeOrigin stays false: the server's CSRF check compares Origin with Host, so Host must stay ours.
const proxied = { target: apiTarget, changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    // /export: the CSV downloads, plain routes beside tRPC (the queue's "Export CSV" is a link to one).
    proxy: { '/trpc': proxied, '/export': proxied, '/healthz': proxied, '/readyz': proxied },
  },
  preview: {
    proxy: { '/trpc': proxied, '/export': proxied, '/healthz': proxied, '/readyz': proxied },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Lets scripts/bundle-report.ts follow each route's chunk graph.
    manifest: true,
    rollupOptions: {
      output: {
        // The libraries every page needs, in a few chunks that change only when a version does (cached for a
        // year across our releases), instead of dozens of small shared chunks on the critical path.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'vendor-react';
          if (/node_modules\/@mantine\//.test(id)) return 'vendor-mantine';
          if (/node_modules\/(@tanstack|@trpc)\//.test(id)) return 'vendor-data';
          if (/node_modules\/zod\//.test(id)) return 'vendor-zod';
          return undefined;
        },
      },
    },
  },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['./src/testing/setup.ts'],
    restoreMocks: true,
    // A form filled through user-event takes 1–3 s idle and 5 s+ when CI runs every project at once on two
    // cores (two tests timed out at the 5 s default there): the limit is for hangs, not for speed.
    testTimeout: 20_000,
  },
});
