import type { Db } from '../client.js';
import { staff } from '../schema.js';
import { hashPassword } from '../../lib/passwords.js';
import type { SecretBox } from '../../lib/tokens.js';
import { recordAudit } from '../../features/audit/audit.writer.js';
import { sendDailyReminders } from '../../jobs/reminders-daily.job.js';
import { demoPassword, demoStaff } from './demo-staff.js';
import { insertDataset } from './request-dataset.js';

/** A few hundred requests over every type, regime, channel and status (product.md §10). */
export const demoRequestCount = 300;
export const demoCustomerCount = 150;

/** Seeds the demo on an empty database; one transaction, so a crash leaves it empty and it reseeds next start. */
export async function seedDemo(db: Db, secretBox: SecretBox, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    const officerIds: string[] = [];
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
      if (person.roles.includes('privacy_officer')) officerIds.push(row.id);
      await recordAudit(
        tx,
        { actorId: null, ip: null, requestId: null },
        {
          action: 'staff.created',
          entityType: 'staff',
          entityId: row.id,
          reason: 'demo data',
          after: { roles: person.roles, demo: true },
        },
        now,
      );
    }
    // Deterministic spread (seeded), dated relative to today so that some are due soon and some overdue.
    const counts = await insertDataset(tx, {
      seed: 2026,
      customers: demoCustomerCount,
      requests: demoRequestCount,
      now,
      spanDays: 240,
      officerIds,
      timeline: 'full',
    });
    // One event for the whole demo load: demo data is not anyone's change, and 450 chained events would slow start-up.
    await recordAudit(
      tx,
      { actorId: null, ip: null, requestId: null },
      {
        action: 'requests.created',
        entityType: 'request',
        reason: 'demo data',
        after: { requests: counts.requests, customers: counts.customers, demo: true },
      },
      now,
    );
    // Today's reminders, made by the daily job's own code, so a fresh demo shows the bell with something in
    // it instead of waiting for the next 07:00 UTC run (a run later the same day adds nothing: same dedupe keys).
    await sendDailyReminders(tx, now, { requestId: 'demo-seed' });
  });
}
