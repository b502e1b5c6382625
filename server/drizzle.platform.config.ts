import { defineConfig } from 'drizzle-kit';

// The stand-in Syncronis platform's tables (src/platform): their own migrations, applied with their own
// bookkeeping table (platform.__platform_migrations), so that they can share the app's database or not.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/platform/platform.schema.ts',
  out: './drizzle-platform',
  schemaFilter: ['platform'],
});
