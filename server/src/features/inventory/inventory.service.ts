import { and, eq, ne, sql } from 'drizzle-orm';
import {
  DomainError,
  fieldError,
  hasPermission,
  type DataSystemFields,
  type StoredConnector,
  type dataSystemFieldLabels,
  type dataSystemUpdateInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client.js';
import { dataSystems, staff } from '../../db/schema.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { ActorDeps } from '../../lib/service.js';
import type { SecretBox } from '../../lib/tokens.js';
import { recordAudit } from '../audit/audit.writer.js';
import { originOfActor } from '../registry/subprocessor-change.js';
import { writeDataSystemChange, type DataSystemRecord } from './data-system-change.js';

type Deps = Pick<ActorDeps, 'actor' | 'now'> & { secretBox: SecretBox };
type DataSystemField = keyof typeof dataSystemFieldLabels;

const nameTaken = () => fieldError('fields.name', 'Another data system in the inventory has this name.');

/** The stored form of the connector: its secret apart (sealed), the rest as shown. */
export function storedConnectorOf(connector: DataSystemFields['connector']): StoredConnector {
  switch (connector.kind) {
    case 'internal':
      return { kind: 'internal', target: connector.target };
    case 'webhook':
      return { kind: 'webhook', url: connector.url };
    case 'manual':
      return { kind: 'manual', instructions: connector.instructions };
  }
}

/** What the schema cannot know: that the owner is active staff, and that a name is free. */
async function checkFields(db: DbOrTx, fields: DataSystemFields, self: string | null): Promise<string> {
  if (fields.ownerId === null) throw fieldError('fields.ownerId', 'Choose the staff member who owns it.');
  const [owner] = await db
    .select({ id: staff.id, disabledAt: staff.disabledAt, roles: staff.roles })
    .from(staff)
    .where(eq(staff.id, fields.ownerId));
  if (!owner) throw fieldError('fields.ownerId', 'No staff member with this id.');
  if (owner.disabledAt !== null)
    throw fieldError('fields.ownerId', 'This staff member can no longer sign in: choose someone who can.');
  // The owner closes the system's erasure tasks: an auditor, who changes nothing of the record, cannot.
  if (!hasPermission(owner.roles, 'erasure:tasks'))
    throw fieldError(
      'fields.ownerId',
      'An auditor cannot own a system: its erasure tasks change the record.',
    );
  const [taken] = await db
    .select({ id: dataSystems.id })
    .from(dataSystems)
    .where(
      and(
        sql`lower(${dataSystems.name}) = lower(${fields.name})`,
        self === null ? undefined : ne(dataSystems.id, self),
      ),
    );
  if (taken) throw nameTaken();
  return owner.id;
}

/** A stable key for the connectors and the seed: the name in lower-case words (`support_desk`). */
async function freeKey(db: DbOrTx, name: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'system';
  const rows = await db
    .select({ key: dataSystems.key })
    .from(dataSystems)
    .where(sql`${dataSystems.key} = ${base} or ${dataSystems.key} like ${`${base}\\_%`}`);
  const used = new Set(rows.map((r) => r.key));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

function secretColumns(
  deps: Deps,
  connector: DataSystemFields['connector'],
  current: Pick<DataSystemRecord, 'webhookSecretSealed' | 'webhookSecretSetAt'> | null,
) {
  if (connector.kind !== 'webhook') return { webhookSecretSealed: null, webhookSecretSetAt: null };
  if (connector.secret !== undefined)
    return { webhookSecretSealed: deps.secretBox.seal(connector.secret), webhookSecretSetAt: deps.now };
  return {
    webhookSecretSealed: current?.webhookSecretSealed ?? null,
    webhookSecretSetAt: current?.webhookSecretSetAt ?? null,
  };
}

export async function createDataSystemInTx(
  tx: Tx,
  deps: Deps,
  fields: DataSystemFields,
  options: { key?: string } = {},
): Promise<DataSystemRecord> {
  const ownerId = await checkFields(tx, fields, null);
  const key = options.key ?? (await freeKey(tx, fields.name));
  let row: DataSystemRecord | undefined;
  try {
    await tx.execute(sql`savepoint data_system_create`);
    [row] = await tx
      .insert(dataSystems)
      .values({
        key,
        name: fields.name,
        description: fields.description,
        ownerId,
        dataCategories: [...fields.dataCategories],
        connectorKind: fields.connector.kind,
        connector: storedConnectorOf(fields.connector),
        ...secretColumns(deps, fields.connector, null),
        retentionRules: fields.retentionRules,
        createdAt: deps.now,
        version: 1,
        updatedAt: deps.now,
        updatedBy: 'system' in deps.actor ? null : deps.actor.staffId,
      })
      .returning();
    await tx.execute(sql`release savepoint data_system_create`);
  } catch (error) {
    // Two people adding one name at once: the index decides, and the loser hears it beside the name.
    await tx.execute(sql`rollback to savepoint data_system_create`);
    if (isUniqueViolation(error, 'data_systems_name_key')) throw nameTaken();
    throw error;
  }
  if (!row) throw new Error('data system insert returned nothing');
  await recordAudit(
    tx,
    originOfActor(deps.actor),
    {
      action: 'inventory.created',
      entityType: 'data_system',
      entityId: row.id,
      before: null,
      after: { version: row.version, key: row.key, connectorKind: row.connectorKind },
    },
    deps.now,
  );
  return row;
}

export async function createDataSystem(deps: ActorDeps & { secretBox: SecretBox }, fields: DataSystemFields) {
  return deps.db.transaction((tx) => createDataSystemInTx(tx, deps, fields));
}

/** JSON with object keys sorted: jsonb keeps keys in its own order, so plain JSON would differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Which of the person's fields differ from the stored ones (a replaced secret is counted apart). */
export function changedDataSystemFields(
  current: DataSystemRecord,
  next: DataSystemFields,
): DataSystemField[] {
  const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
  const changed: DataSystemField[] = [];
  if (current.name !== next.name) changed.push('name');
  if (current.description !== next.description) changed.push('description');
  if (current.ownerId !== next.ownerId) changed.push('ownerId');
  if (!same([...current.dataCategories].sort(), [...next.dataCategories].sort()))
    changed.push('dataCategories');
  if (!same(current.connector, storedConnectorOf(next.connector))) changed.push('connector');
  if (!same(current.retentionRules, next.retentionRules)) changed.push('retentionRules');
  return changed;
}

export async function updateDataSystem(
  deps: ActorDeps & { secretBox: SecretBox },
  input: z.output<typeof dataSystemUpdateInputSchema>,
): Promise<DataSystemRecord> {
  return deps.db.transaction(async (tx) => {
    try {
      await tx.execute(sql`savepoint data_system_update`);
      const row = await writeDataSystemChange(tx, deps, input, async (current) => {
        const ownerId = await checkFields(tx, input.fields, current.id);
        const fields = changedDataSystemFields(current, input.fields);
        const secretReplaced =
          input.fields.connector.kind === 'webhook' && input.fields.connector.secret !== undefined;
        if (fields.length === 0 && !secretReplaced) throw new DomainError('BAD_REQUEST', 'Nothing changed.');
        // The audit names a secret change by itself: the fields list says `connector` only when the URL moved.
        return {
          set: {
            name: input.fields.name,
            description: input.fields.description,
            ownerId,
            dataCategories: [...input.fields.dataCategories],
            connectorKind: input.fields.connector.kind,
            connector: storedConnectorOf(input.fields.connector),
            ...secretColumns(deps, input.fields.connector, current),
            retentionRules: input.fields.retentionRules,
          },
          audit: (updated) => ({
            action: 'inventory.updated',
            entityType: 'data_system',
            entityId: updated.id,
            before: { version: current.version },
            after: {
              version: updated.version,
              fields: fields.length > 0 ? fields : ['connector'],
              secretReplaced,
            },
          }),
        };
      });
      await tx.execute(sql`release savepoint data_system_update`);
      return row;
    } catch (error) {
      await tx.execute(sql`rollback to savepoint data_system_update`);
      if (isUniqueViolation(error, 'data_systems_name_key')) throw nameTaken();
      throw error;
    }
  });
}
