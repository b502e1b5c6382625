// Zod-free: the registry's CSV, one shape for the export and the import (issue 14, items 6 and 7).
import type { SubprocessorFields, SubprocessorLocation } from './registry.schemas.js';

/**
 * The columns, in order. The import takes exactly this header (what the export writes), so a file
 * exported, edited and imported again round-trips. `id` empty: a new subprocessor, proposed; `id` given:
 * an edit of that one. The lifecycle columns after `data_systems` are written by the export and ignored
 * by the import: a status moves only through its own steps (notice, window, activation), never a file.
 * Lists inside a cell are separated by `;`, parts of an item by `:` (`US:scc:module_3:eu_2021_914`).
 */
export const registryCsvColumns = [
  'id',
  'name',
  'legal_name',
  'address',
  'contact_email',
  'website',
  'category',
  'purpose',
  'services',
  'data_categories',
  'subject_categories',
  'locations',
  'dpa_signed_on',
  'dpa_url',
  'dpa_expires_on',
  'certifications',
  'replaces_id',
  'data_systems',
  'status',
  'proposed_on',
  'objection_deadline',
  'active_from',
  'retired_on',
] as const;
export type RegistryCsvColumn = (typeof registryCsvColumns)[number];

/** The columns the import reads; the rest are the export's record of the lifecycle. */
export const registryCsvImportedColumns = registryCsvColumns.slice(0, registryCsvColumns.indexOf('status'));

export function locationCell(locations: readonly SubprocessorLocation[]): string {
  return locations
    .map((l) =>
      [
        l.country,
        l.mechanism ?? '',
        ...(l.mechanism === 'scc' ? [l.sccModule ?? '', l.sccVersion ?? ''] : []),
      ]
        .join(':')
        .replace(/:+$/, ''),
    )
    .join('; ');
}

export function certificationCell(certifications: SubprocessorFields['certifications']): string {
  return certifications.map((c) => `${c.kind}:${c.expiresOn}`).join('; ');
}

export function listCell(values: readonly string[]): string {
  return values.join('; ');
}

/** A `;` list back into its items (blank items dropped). */
export function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first): the
 * export prefixes it with `'`, the import refuses it.
 */
export function isFormulaLike(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell);
}
