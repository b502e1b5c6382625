import { parseArgs } from 'node:util';
import { arrayContains } from 'drizzle-orm';
import { staffCreateInputSchema } from '@privdesk/shared';
import { openConfigured } from '../bootstrap.js';
import { staff } from '../db/schema.js';
import { loadEnv } from '../env.js';
import { createLogger } from '../lib/logger.js';
import { createStaff } from '../features/staff/staff.service.js';

// One-time bootstrap of a fresh deployment: makes the first admin and prints their set-password link.
const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const parsed = staffCreateInputSchema.safeParse({
  email: values.email ?? '',
  name: values.name ?? '',
  roles: ['admin'],
});
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    process.stderr.write(`--${issue.path.join('.')}: ${issue.message}\n`);
  process.stderr.write('Usage: npm run admin:create -- --email you@example.com --name "Your Name"\n');
  process.exit(2);
}

const env = loadEnv();
const { database } = await openConfigured(env);
try {
  await database.migrate();
  const admins = await database.db
    .select({ id: staff.id })
    .from(staff)
    .where(arrayContains(staff.roles, ['admin']))
    .limit(1);
  if (admins.length > 0) {
    process.stderr.write(
      'An admin already exists; further staff are created by an admin in the Staff page.\n',
    );
    process.exitCode = 1;
  } else {
    const created = await createStaff(
      {
        db: database.db,
        log: createLogger('warn'),
        now: new Date(),
        actor: null,
        requestId: 'cli:admin-create',
      },
      parsed.data,
    );
    const base = env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`;
    process.stdout.write(
      `Admin created (${created.staff.id}).\nOpen this link once to set a password (valid until ${created.setPasswordLink.expiresAt}):\n  ${base}${created.setPasswordLink.path}\nThen sign in and enrol MFA.\n`,
    );
  }
} finally {
  await database.close();
}
