import type { Db } from '../client.js';
import { staff } from '../schema.js';
import { hashPassword } from '../../lib/passwords.js';
import type { SecretBox } from '../../lib/tokens.js';
import { recordAudit } from '../../features/audit/audit.writer.js';
import { demoPassword, demoStaff } from './demo-staff.js';

/** Seeds the demo on an empty database; one transaction, so a crash leaves it empty and it reseeds next start. */
export async function seedDemo(db: Db, secretBox: SecretBox, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    for (const person of demoStaff) {
      const [row] = await tx
        .insert(staff)
        .values({
          email: person.email,
          name: person.name,
          roles: person.roles,
          passwordHash,
          totpSecret: secretBox.seal(person.totpSecret),
          totpEnrolledAt: now,
          isDemo: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: staff.id });
      if (!row) throw new Error('demo staff insert returned nothing');
      await recordAudit(tx, { actorId: null, ip: null, requestId: null }, {
        action: 'staff.created',
        entityType: 'staff',
        entityId: row.id,
        reason: 'demo data',
        after: { roles: person.roles, demo: true },
      }, now);
    }
  });
}
