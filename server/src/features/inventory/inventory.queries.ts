import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  DomainError,
  inventoryWarningLabels,
  type DataSystemView,
  type InventoryChoices,
  type InventoryList,
  type InventoryWarningKind,
} from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { dataSystems, staff, subprocessorDataSystems, subprocessors } from '../../db/schema.js';
import type { ServiceDeps } from '../../lib/service.js';
import type { DataSystemRecord } from './data-system-change.js';

type Reader = Pick<ServiceDeps, 'db'>;

function warningsOf(row: DataSystemRecord, owner: { active: boolean } | null) {
  const kinds: InventoryWarningKind[] = [];
  if (row.ownerId === null || owner === null) kinds.push('no_owner');
  else if (!owner.active) kinds.push('owner_inactive');
  if (row.connectorKind === 'webhook' && row.webhookSecretSealed === null)
    kinds.push('webhook_without_secret');
  return kinds.map((kind) => ({ kind, detail: inventoryWarningLabels[kind] }));
}

async function present(db: DbOrTx, rows: DataSystemRecord[]): Promise<DataSystemView[]> {
  if (rows.length === 0) return [];
  const staffIds = [
    ...new Set(rows.flatMap((r) => [r.ownerId, r.updatedBy]).filter((v): v is string => v !== null)),
  ];
  const people = staffIds.length
    ? await db
        .select({ id: staff.id, name: staff.name, disabledAt: staff.disabledAt })
        .from(staff)
        .where(inArray(staff.id, staffIds))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const links = await db
    .select({
      dataSystemId: subprocessorDataSystems.dataSystemId,
      id: subprocessors.id,
      name: subprocessors.name,
      status: subprocessors.status,
    })
    .from(subprocessorDataSystems)
    .innerJoin(subprocessors, eq(subprocessors.id, subprocessorDataSystems.subprocessorId))
    .where(
      inArray(
        subprocessorDataSystems.dataSystemId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(subprocessors.name));
  return rows.map((row) => {
    const person = row.ownerId ? byId.get(row.ownerId) : undefined;
    const owner = person ? { id: person.id, name: person.name, active: person.disabledAt === null } : null;
    const connector = row.connector;
    return {
      id: row.id,
      key: row.key,
      name: row.name,
      description: row.description,
      owner,
      dataCategories: row.dataCategories,
      connector:
        connector.kind === 'webhook'
          ? {
              kind: 'webhook' as const,
              url: connector.url,
              secretSetAt: row.webhookSecretSetAt?.toISOString() ?? null,
            }
          : connector,
      retentionRules: row.retentionRules,
      subprocessors: links
        .filter((l) => l.dataSystemId === row.id)
        .map(({ id, name, status }) => ({ id, name, status })),
      warnings: warningsOf(row, owner),
      version: row.version,
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: row.updatedBy ? (byId.get(row.updatedBy)?.name ?? null) : null,
    };
  });
}

/** The whole inventory, by name: a handful of systems, so one page. */
export async function listDataSystems(deps: Reader): Promise<InventoryList> {
  const rows = await deps.db.select().from(dataSystems).orderBy(asc(dataSystems.name));
  return { items: await present(deps.db, rows) };
}

export async function getDataSystem(deps: Reader, id: string): Promise<DataSystemView> {
  const rows = await deps.db.select().from(dataSystems).where(eq(dataSystems.id, id));
  const [view] = await present(deps.db, rows);
  if (!view) throw new DomainError('NOT_FOUND', 'No data system with this id.');
  return view;
}

/** The staff who may own a system: everyone who can still sign in. */
export async function inventoryChoices(deps: Reader): Promise<InventoryChoices> {
  const owners = await deps.db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(and(isNull(staff.disabledAt), sql`not (${staff.roles} <@ array['auditor']::text[])`))
    .orderBy(asc(staff.name));
  return { owners };
}
