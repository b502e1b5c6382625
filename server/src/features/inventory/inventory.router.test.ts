import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSystemFieldsInput } from '@privdesk/shared';
import { auditEvents, dataSystems, staff } from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

const clock = new Date('2027-03-01T10:00:00.000Z');
const at = { now: () => clock };
let app: TestApp;
let officer: Caller;
let admin: Caller;
let support: Caller;
let manager: Caller;
let officerId: string;
let adminId: string;

const secret = 'whsec_0123456789abcdefghijklmnopqrstuv';

function fields(overrides: Partial<DataSystemFieldsInput> = {}): DataSystemFieldsInput {
  return {
    name: 'Support desk',
    description: 'Tickets and conversations with customers’ users.',
    ownerId: officerId,
    dataCategories: ['contact_details', 'support_communications'],
    connector: { kind: 'manual', instructions: 'Delete the person’s tickets in the help-desk admin.' },
    retentionRules: [],
    ...overrides,
  };
}

beforeAll(async () => {
  app = await createTestApp();
  let person;
  ({ caller: officer, staff: person } = await app.callerAs(['privacy_officer'], at));
  officerId = person.id;
  ({ caller: admin, staff: person } = await app.callerAs(['admin'], at));
  adminId = person.id;
  ({ caller: support } = await app.callerAs(['support_agent'], at));
  ({ caller: manager } = await app.callerAs(['manager'], at));
});

afterAll(async () => {
  await app.close();
});

async function auditOf(entityId: string) {
  return app.database.db
    .select({ action: auditEvents.action, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'data_system'), eq(auditEvents.entityId, entityId)))
    .orderBy(asc(auditEvents.seq));
}

describe('the data inventory', () => {
  it('adds a system with a key from its name, an owner and the audit event', async () => {
    const made = await officer.inventory.create({ fields: fields() });
    expect(made).toMatchObject({
      key: 'support_desk',
      name: 'Support desk',
      owner: { id: officerId, active: true },
      connector: { kind: 'manual', instructions: 'Delete the person’s tickets in the help-desk admin.' },
      version: 1,
      warnings: [],
      subprocessors: [],
    });
    expect(await auditOf(made.id)).toEqual([
      {
        action: 'inventory.created',
        before: null,
        after: { version: 1, key: 'support_desk', connectorKind: 'manual' },
      },
    ]);
    const list = await support.inventory.list();
    expect(list.items.map((s) => s.name)).toContain('Support desk');
  });

  it('seals a webhook’s secret: never returned, stored unreadable, kept across edits, replaced on request', async () => {
    const made = await admin.inventory.create({
      fields: fields({
        name: 'Payments',
        ownerId: adminId,
        dataCategories: ['payment_data', 'billing_records'],
        connector: { kind: 'webhook', url: 'https://api.payments.example/erasure', secret },
        retentionRules: [
          {
            scope: 'Invoices and payment records',
            ground: 'legal_obligation',
            law: 'Irish Taxes Consolidation Act 1997 s.886',
            period: { count: 6, unit: 'years' },
          },
        ],
      }),
    });
    expect(made.connector).toEqual({
      kind: 'webhook',
      url: 'https://api.payments.example/erasure',
      secretSetAt: '2027-03-01T10:00:00.000Z',
    });
    expect(JSON.stringify(made)).not.toContain(secret);
    const [stored] = await app.database.db.select().from(dataSystems).where(eq(dataSystems.id, made.id));
    expect(stored?.webhookSecretSealed).toMatch(/^v1\./);
    expect(stored?.webhookSecretSealed).not.toContain(secret);
    expect(app.config.secretBox.open(stored?.webhookSecretSealed ?? '')).toBe(secret);

    // An edit without a secret keeps the stored one.
    const edited = await admin.inventory.update({
      id: made.id,
      version: 1,
      fields: fields({
        name: 'Payments',
        ownerId: officerId,
        dataCategories: ['payment_data', 'billing_records'],
        connector: { kind: 'webhook', url: 'https://api.payments.example/v2/erasure' },
        retentionRules: made.retentionRules,
      }),
    });
    expect(edited.version).toBe(2);
    expect(edited.connector).toMatchObject({ secretSetAt: '2027-03-01T10:00:00.000Z' });
    const [kept] = await app.database.db.select().from(dataSystems).where(eq(dataSystems.id, made.id));
    expect(app.config.secretBox.open(kept?.webhookSecretSealed ?? '')).toBe(secret);

    // Only a new secret: the audit says so, and no field.
    await admin.inventory.update({
      id: made.id,
      version: 2,
      fields: fields({
        name: 'Payments',
        ownerId: officerId,
        dataCategories: ['payment_data', 'billing_records'],
        connector: {
          kind: 'webhook',
          url: 'https://api.payments.example/v2/erasure',
          secret: 'whsec_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210',
        },
        retentionRules: made.retentionRules,
      }),
    });
    expect((await auditOf(made.id)).slice(1)).toEqual([
      {
        action: 'inventory.updated',
        before: { version: 1 },
        after: { version: 2, fields: ['ownerId', 'connector'], secretReplaced: false },
      },
      {
        action: 'inventory.updated',
        before: { version: 2 },
        after: { version: 3, fields: ['connector'], secretReplaced: true },
      },
    ]);

    // Moving to a manual task drops the secret.
    const manual = await admin.inventory.update({
      id: made.id,
      version: 3,
      fields: fields({
        name: 'Payments',
        ownerId: officerId,
        dataCategories: ['payment_data', 'billing_records'],
        connector: { kind: 'manual', instructions: 'Ask the vendor’s support to delete the customer.' },
        retentionRules: made.retentionRules,
      }),
    });
    expect(manual.connector.kind).toBe('manual');
    const [dropped] = await app.database.db.select().from(dataSystems).where(eq(dataSystems.id, made.id));
    expect(dropped?.webhookSecretSealed).toBeNull();
    expect(dropped?.webhookSecretSetAt).toBeNull();
  });

  it('warns of a webhook without a secret', async () => {
    const made = await officer.inventory.create({
      fields: fields({
        name: 'Error monitoring',
        connector: { kind: 'webhook', url: 'http://127.0.0.1:4010/erasure' },
      }),
    });
    expect(made.warnings.map((w) => w.kind)).toEqual(['webhook_without_secret']);
  });

  it('refuses a stale version, an unknown or disabled owner, a taken name and an empty change, changing nothing', async () => {
    const made = await officer.inventory.create({ fields: fields({ name: 'Marketing email' }) });
    await expectTrpcError(
      officer.inventory.update({ id: made.id, version: 0, fields: fields({ name: 'Marketing email' }) }),
      'CONFLICT',
      /Marketing email was changed by .* reload/,
    );
    const stranger = await officer.inventory
      .update({
        id: made.id,
        version: 1,
        fields: fields({ name: 'Marketing email', ownerId: '00000000-0000-4000-8000-000000000000' }),
      })
      .catch((e: unknown) => e);
    expect(stranger).toMatchObject({ code: 'BAD_REQUEST' });
    const leaver = await app.addStaff(['support_agent']);
    await app.database.db.update(staff).set({ disabledAt: clock }).where(eq(staff.id, leaver.id));
    await expectTrpcError(
      officer.inventory.update({
        id: made.id,
        version: 1,
        fields: fields({ name: 'Marketing email', ownerId: leaver.id }),
      }),
      'BAD_REQUEST',
      /can no longer sign in/,
    );
    const auditorStaff = await app.addStaff(['auditor']);
    await expectTrpcError(
      officer.inventory.update({
        id: made.id,
        version: 1,
        fields: fields({ name: 'Marketing email', ownerId: auditorStaff.id }),
      }),
      'BAD_REQUEST',
      /An auditor cannot own a system/,
    );
    expect((await admin.inventory.choices()).owners.map((o) => o.id)).not.toContain(auditorStaff.id);
    await expectTrpcError(
      officer.inventory.update({ id: made.id, version: 1, fields: fields({ name: 'SUPPORT DESK' }) }),
      'BAD_REQUEST',
      /Another data system in the inventory has this name/,
    );
    await expectTrpcError(
      officer.inventory.update({ id: made.id, version: 1, fields: fields({ name: 'Marketing email' }) }),
      'BAD_REQUEST',
      /Nothing changed/,
    );
    const after = await officer.inventory.get({ id: made.id });
    expect(after.version).toBe(1);
    expect(await auditOf(made.id)).toHaveLength(1);
  });

  it('refuses bad input field by field', async () => {
    const error = await expectTrpcError(
      officer.inventory.create({
        fields: fields({
          name: ' ',
          dataCategories: [],
          connector: { kind: 'webhook', url: 'http://api.example.com/erase', secret: 'short' },
          retentionRules: [
            {
              scope: 'Invoices',
              ground: 'legal_obligation',
              law: 'Tax law',
              period: { count: 0, unit: 'years' },
              platformScope: 'invoices',
            },
          ],
        }),
      }),
      'BAD_REQUEST',
    );
    const fieldErrors = (error.cause as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
    expect(fieldErrors ?? JSON.parse(error.message)).toBeTruthy();
    const text = JSON.stringify(error.cause ?? error.message);
    expect(text).toContain('Enter a name.');
    expect(text).toContain('Choose at least one category of personal data.');
    expect(text).toContain('Use https:// (plain http only to this machine).');
    expect(text).toContain('At least 32 characters');
    expect(text).toContain('At least 1.');
    expect(text).toContain('Only the internal connector keeps rows by scope');
    const names = await app.database.db.select({ name: dataSystems.name }).from(dataSystems);
    expect(names.map((n) => n.name)).not.toContain(' ');
  });

  it('is kept by officers and admins only', async () => {
    await expectTrpcError(support.inventory.create({ fields: fields({ name: 'Shadow IT' }) }), 'FORBIDDEN');
    await expectTrpcError(manager.inventory.choices(), 'FORBIDDEN');
    const choices = await admin.inventory.choices();
    expect(choices.owners.map((o) => o.id)).toContain(officerId);
  });
});
