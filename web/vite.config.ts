import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

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
    rolldownOptions: {
      // The staff app, and the public pages (the requester's confirmation page, the subprocessor list): each
      // its own entry, none of the app's code.
      input: {
        main: page('index.html'),
        verify: page('verify.html'),
        subprocessors: page('subprocessors.html'),
      },
      output: {
        // The libraries every page needs, in a few chunks that change only when a version does (cached for a
        // year across our releases), and our own code in a handful too: what the pages share, and one chunk
        // per feature — instead of forty small files. A browser opens six connections to a host over
        // HTTP/1.1: forty files queued the session check and the first page's data behind them.
        // Higher priority captures first; a group also takes the modules its members import (Rolldown's
        // default), so the libraries are claimed before our code can pull them into its chunks.
        codeSplitting: {
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 60,
            },
            // Mantine but its charts: those come with recharts, for the dashboard alone (below).
            { name: 'vendor-mantine', test: /node_modules[\\/]@mantine[\\/](?!charts[\\/])/, priority: 50 },
            { name: 'vendor-data', test: /node_modules[\\/](@tanstack|@trpc)[\\/]/, priority: 40 },
            // The dashboard's charts and what they draw with (recharts, d3): loaded only when a chart is drawn.
            // Below the libraries every page loads, so what recharts shares with them (use-sync-external-store
            // with TanStack) stays in their chunks rather than every page loading this one; the chart module
            // imports nothing of the app but types, so none of our code is pulled in here either.
            {
              name: 'dashboard-charts',
              test: /node_modules[\\/](@mantine[\\/]charts|recharts)[\\/]|[\\/]web[\\/]src[\\/]features[\\/]dashboard[\\/]components[\\/]dashboard-charts\.tsx$/,
              priority: 38,
            },
            // The registry's labels, used by the staff app and the public subprocessor page alike: a chunk of
            // their own, so the public page loads none of the app's code with them.
            {
              name: 'registry-labels',
              test: /[\\/]shared[\\/](dist|src)[\\/]registry[\\/](registry\.constants|countries)\.[jt]s$/,
              priority: 35,
            },
            { name: 'vendor-zod', test: /node_modules[\\/]zod[\\/]/, priority: 30 },
            { name: 'vendor-icons', test: /node_modules[\\/]@tabler[\\/]icons-react[\\/]/, priority: 25 },
            // With them, what more than one feature uses but no feature owns: the shared "today" of the queue
            // (the queue and the dashboard) and Vite's preload helper (the router's and the dashboard's lazy
            // imports). Left to the feature groups, the first feature to import one took it, and every page
            // then loaded that feature's chunk.
            {
              name: 'app-common',
              test: /[\\/]web[\\/]src[\\/](components|lib|config)[\\/]|[\\/]shared[\\/](dist|src)[\\/]requests[\\/]calendar-today\.[jt]s$|vite[\\/]preload-helper/,
              priority: 20,
            },
            {
              name: (id) => {
                const feature = /[\\/]web[\\/]src[\\/]features[\\/]([^/\\]+)[\\/]/.exec(id);
                return feature ? `feature-${feature[1]}` : null;
              },
              test: /[\\/]web[\\/]src[\\/]features[\\/]/,
              priority: 10,
            },
          ],
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
