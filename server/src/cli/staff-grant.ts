import { parseArgs } from 'node:util';
import { DomainError, emailSchema, roleLabels, roles, secondAdminRoles, type Role } from '@privdesk/shared';
import { openConfigured } from '../bootstrap.js';
import { loadEnv } from '../env.js';
import { createLogger } from '../lib/logger.js';
import { operatorGrantRole } from '../features/staff/role-grants.js';

// While a deployment has a single admin there is nobody to confirm a grant of a role that reads personal
// data; whoever operates the server grants it here instead, and the audit log names this command.
const usage = `Usage: npm run staff:grant -- --email person@example.com --role ${secondAdminRoles.join('|')}\n`;
const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' } } });
const email = emailSchema.safeParse(values.email ?? '');
const role = roles.find((r) => r === values.role);
if (!email.success || !role) {
  if (!email.success) process.stderr.write(`--email: ${email.error.issues[0]?.message ?? 'invalid'}\n`);
  if (!role) process.stderr.write(`--role: one of ${roles.join(', ')}\n`);
  process.stderr.write(usage);
  process.exit(2);
}
const grantedRole: Role = role;

const env = loadEnv();
const { database } = await openConfigured(env);
try {
  await database.migrate();
  const result = await operatorGrantRole(
    {
      db: database.db,
      log: createLogger('warn'),
      now: new Date(),
      actor: null,
      requestId: 'cli:staff-grant',
    },
    { email: email.data, role: grantedRole },
  );
  process.stdout.write(
    result.changed
      ? `${roleLabels[grantedRole]} granted (${result.staffId}); roles now: ${result.roles.join(', ')}. Audited as cli:staff-grant.\n`
      : `Already held: ${result.roles.join(', ')}. Nothing changed.\n`,
  );
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
