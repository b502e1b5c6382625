import { asc, eq, inArray } from 'drizzle-orm';
import {
  certificationCell,
  listCell,
  locationCell,
  registryCsvColumns,
  registryFindInputSchema,
  type FieldErrors,
  type RegistryCsvColumn,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { dataSystems, subprocessorDataSystems, subprocessors } from '../../db/schema.js';
import { parseJsonQuery } from '../../lib/json-query.js';
import { originOf, type ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { csvCell } from '../requests/requests.export.js';
import { orderOf, registryWhere } from './registry.queries.js';

export type RegistryExportFormat = 'csv' | 'json';
export type RegistryExportFilters = z.output<typeof registryFindInputSchema>;

/**
 * The filters of the registry's table from the query string (`?input=<json>`, as the other downloads take
 * theirs), with field-level messages when refused. Paging is ignored: an export is every matching row.
 */
export function parseRegistryExportInput(
  raw: unknown,
): { ok: true; filters: RegistryExportFilters } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = parseJsonQuery(raw, registryFindInputSchema);
  return parsed.ok ? { ok: true, filters: parsed.value } : parsed;
}

type SubprocessorRow = typeof subprocessors.$inferSelect;

/** Each subprocessor's linked data systems, by their stable keys (what the import reads back). */
async function dataSystemKeys(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string[]>> {
  const keys = new Map<string, string[]>();
  if (ids.length === 0) return keys;
  const links = await db
    .select({ subprocessorId: subprocessorDataSystems.subprocessorId, key: dataSystems.key })
    .from(subprocessorDataSystems)
    .innerJoin(dataSystems, eq(dataSystems.id, subprocessorDataSystems.dataSystemId))
    .where(inArray(subprocessorDataSystems.subprocessorId, [...ids]))
    .orderBy(asc(dataSystems.key));
  for (const link of links) {
    const list = keys.get(link.subprocessorId) ?? [];
    list.push(link.key);
    keys.set(link.subprocessorId, list);
  }
  return keys;
}

/** One row as the CSV's columns say it: the import's columns first, then the lifecycle's record. */
function csvCellsOf(row: SubprocessorRow, systems: readonly string[]): Record<RegistryCsvColumn, string> {
  const f = row.fields;
  return {
    id: row.id,
    name: f.name,
    legal_name: f.legalName,
    address: f.address,
    contact_email: f.contactEmail,
    website: f.website ?? '',
    category: f.category,
    purpose: f.purpose,
    services: f.services,
    data_categories: listCell(f.dataCategories),
    subject_categories: listCell(f.subjectCategories),
    locations: locationCell(f.locations),
    dpa_signed_on: f.dpaSignedOn ?? '',
    dpa_url: f.dpaUrl ?? '',
    dpa_expires_on: f.dpaExpiresOn ?? '',
    certifications: certificationCell(f.certifications),
    replaces_id: row.replacesId ?? '',
    data_systems: listCell(systems),
    status: row.status,
    proposed_on: row.proposedOn,
    objection_deadline: row.objectionDeadline ?? '',
    active_from: row.activeFrom ?? '',
    retired_on: row.retiredOn ?? '',
  };
}

function jsonOf(row: SubprocessorRow, systems: readonly string[]) {
  const f = row.fields;
  return {
    id: row.id,
    name: f.name,
    legalName: f.legalName,
    address: f.address,
    contactEmail: f.contactEmail,
    website: f.website ?? null,
    category: f.category,
    purpose: f.purpose,
    services: f.services,
    dataCategories: f.dataCategories,
    subjectCategories: f.subjectCategories,
    locations: f.locations.map((l) => ({
      country: l.country,
      mechanism: l.mechanism,
      sccModule: l.sccModule ?? null,
      sccVersion: l.sccVersion ?? null,
    })),
    dpaSignedOn: f.dpaSignedOn ?? null,
    dpaUrl: f.dpaUrl ?? null,
    dpaExpiresOn: f.dpaExpiresOn ?? null,
    certifications: f.certifications,
    replacesId: row.replacesId,
    dataSystems: systems,
    status: row.status,
    proposedOn: row.proposedOn,
    objectionDeadline: row.objectionDeadline,
    activeFrom: row.activeFrom,
    activatedEarlyReason: row.activatedEarlyReason,
    retiredOn: row.retiredOn,
    retiredReason: row.retiredReason,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Every subprocessor under the table's filters, in the table's order, as CSV (exactly `registryCsvColumns`,
 * the import's format, formula-like cells defused) or JSON (the same rows, lists as lists). The registry is
 * a few hundred rows at most, so it is read whole; the read and its `registry.exported` audit event share
 * one transaction: the file either leaves with its record or not at all.
 */
export async function exportRegistry(
  deps: Pick<ActorDeps, 'db' | 'actor' | 'now'>,
  filters: RegistryExportFilters,
  format: RegistryExportFormat,
): Promise<{ body: string; rows: number }> {
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(subprocessors)
      .where(registryWhere(filters))
      .orderBy(...orderOf(filters));
    const systems = await dataSystemKeys(
      tx,
      rows.map((r) => r.id),
    );
    const body =
      format === 'csv'
        ? // A byte-order mark: spreadsheets then read the file as UTF-8 (vendor names carry accents).
          `\uFEFF${[
            registryCsvColumns.join(','),
            ...rows.map((r) => {
              const cells = csvCellsOf(r, systems.get(r.id) ?? []);
              return registryCsvColumns.map((column) => csvCell(cells[column])).join(',');
            }),
          ].join('\r\n')}\r\n`
        : `${JSON.stringify(
            rows.map((r) => jsonOf(r, systems.get(r.id) ?? [])),
            null,
            2,
          )}\n`;
    await recordAudit(
      tx,
      originOf(deps.actor),
      { action: 'registry.exported', entityType: 'registry', after: { format, rows: rows.length } },
      deps.now,
    );
    return { body, rows: rows.length };
  });
}
