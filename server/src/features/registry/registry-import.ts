import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { inArray, sql } from 'drizzle-orm';
import {
  DomainError,
  isFormulaLike,
  registryCsvColumns,
  registryCsvImportedColumns,
  splitList,
  subprocessorFieldsSchema,
  subprocessorStatusLabels,
  type RegistryImportOutput,
  type SubprocessorField,
  type SubprocessorFields,
  type SubprocessorStatus,
  type registryImportInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { dataSystems, subprocessors } from '../../db/schema.js';
import type { ActorDeps } from '../../lib/service.js';
import { recordAudit } from '../audit/audit.writer.js';
import { changedFields, createInTx, updateInTx } from './registry.service.js';
import { originOfActor } from './subprocessor-change.js';

/** Rows a file may hold: a registry is tens of vendors; a thousand is a mistake, not a registry. */
export const registryImportRowLimit = 1000;

/** What an edit made by the import says in the subprocessor's history. */
const importReason = 'Imported from a CSV file.';

type RowResult = RegistryImportOutput['rows'][number];
type RowError = RowResult['errors'][number];
type ImportedColumn = (typeof registryCsvImportedColumns)[number];

/** Where each field lives in the file: the key a schema issue or a DomainError names, back to its column. */
const columnOfField: Record<SubprocessorField, ImportedColumn> = {
  name: 'name',
  legalName: 'legal_name',
  address: 'address',
  contactEmail: 'contact_email',
  website: 'website',
  category: 'category',
  purpose: 'purpose',
  services: 'services',
  dataCategories: 'data_categories',
  subjectCategories: 'subject_categories',
  locations: 'locations',
  dpaSignedOn: 'dpa_signed_on',
  dpaUrl: 'dpa_url',
  dpaExpiresOn: 'dpa_expires_on',
  certifications: 'certifications',
  dataSystemIds: 'data_systems',
  replacesId: 'replaces_id',
};

/** How an item of a list cell is named in a message ("2nd location (US:adequacy): …"). */
const itemNoun: Partial<Record<ImportedColumn, string>> = {
  data_categories: 'data category',
  subject_categories: 'data subject category',
  locations: 'location',
  certifications: 'certification',
  data_systems: 'data system',
};

function isField(key: string): key is SubprocessorField {
  return Object.hasOwn(columnOfField, key);
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A column and the message for a field key (`locations.1.mechanism`), naming the list item it is about. */
function errorAt(
  path: readonly PropertyKey[],
  message: string,
  items: ReadonlyMap<ImportedColumn, string[]>,
): RowError {
  const [head, index] = path;
  const column = typeof head === 'string' && isField(head) ? columnOfField[head] : 'id';
  const noun = itemNoun[column];
  if (noun && typeof index === 'number') {
    const raw = items.get(column)?.[index];
    return { column, message: `${ordinal(index + 1)} ${noun}${raw ? ` (${raw})` : ''}: ${message}` };
  }
  return { column, message };
}

/** An enum's own message says "Choose …", which suits a form; a file's author needs the values it takes. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && issue.values.length > 0 && issue.values.length <= 12)
    return `${issue.message.replace(/\.$/, '')}: use one of ${issue.values.map(String).join(', ')}.`;
  return issue.message;
}

/** The header's problems, each named: missing, unexpected, repeated, or in another order than the export's. */
function headerErrors(header: readonly string[]): string[] {
  const expected: readonly string[] = registryCsvColumns;
  const errors: string[] = [];
  const missing = expected.filter((c) => !header.includes(c));
  const unexpected = header.filter((c) => !expected.includes(c));
  const repeated = [...new Set(header.filter((c, i) => header.indexOf(c) !== i))];
  const list = (cs: readonly string[]) => cs.map((c) => (c === '' ? '(an empty header cell)' : c)).join(', ');
  if (missing.length > 0) errors.push(`Missing column${missing.length > 1 ? 's' : ''}: ${list(missing)}.`);
  if (unexpected.length > 0)
    errors.push(`Unexpected column${unexpected.length > 1 ? 's' : ''}: ${list(unexpected)}.`);
  if (repeated.length > 0)
    errors.push(`Column${repeated.length > 1 ? 's' : ''} named twice: ${list(repeated)}.`);
  if (errors.length === 0) {
    const at = header.findIndex((c, i) => c !== expected[i]);
    if (at >= 0)
      errors.push(
        `The columns are out of order: column ${at + 1} is ${header[at] ?? ''}, where the export has ${expected[at] ?? ''}. Use the export's order: ${expected.join(', ')}.`,
      );
  }
  return errors;
}

/** The character that makes a cell a formula, as a message names it. */
function formulaStart(cell: string): string {
  const first = isFormulaLike(cell) ? cell.charAt(0) : cell.trimStart().charAt(0);
  return first === '\t' ? 'a tab' : first === '\r' ? 'a line break' : `“${first}”`;
}

/**
 * A cell as the file means it. The export writes a cell that would start a formula with a `'` in front
 * (`'=…`); that quote is its escape, not part of the value, so a file exported and imported again round-trips.
 */
function unescapeCell(cell: string): string {
  return cell.startsWith("'") && isFormulaLike(cell.slice(1)) ? cell.slice(1) : cell;
}

interface ParsedFile {
  fileErrors: string[];
  /** Data rows by their spreadsheet number (the header is row 1); blank rows are left out. */
  rows: { row: number; cells: string[] }[];
  /** The header's cells, with the empty ones a spreadsheet may leave right of the table. */
  width: number;
}

function readFile(csv: string): ParsedFile {
  let records: string[][];
  try {
    records = parseCsv(csv, {
      bom: true,
      // A row with too few or too many cells is that row's error, not the whole file's.
      relax_column_count: true,
      // Spreadsheets write CRLF, editors LF, old Macs CR; a file that mixes them is still one table.
      record_delimiter: ['\r\n', '\n', '\r'],
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? ` near line ${error.lines}` : '';
      return {
        fileErrors: [`The file is not readable as CSV${line}: ${error.message.replace(/\.$/, '')}.`],
        rows: [],
        width: 0,
      };
    }
    throw error;
  }
  const [header, ...body] = records;
  if (!header || (header.length === 1 && header[0]?.trim() === ''))
    return {
      fileErrors: [
        'The file is empty: it needs the header row the export writes, then one row per subprocessor.',
      ],
      rows: [],
      width: 0,
    };
  const names = header.map((c) => c.trim());
  // Spreadsheets keep the empty columns right of a table as trailing commas: no column, nothing to report.
  while (names.length > registryCsvColumns.length && names.at(-1) === '') names.pop();
  const fileErrors = headerErrors(names);
  const rows = body
    .map((cells, i) => ({ row: i + 2, cells }))
    // A spreadsheet saves the empty rows below a table as lines of commas; they are nobody's subprocessor.
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (fileErrors.length === 0 && rows.length === 0)
    fileErrors.push('The file has its header but no subprocessor rows below it.');
  if (rows.length > registryImportRowLimit)
    fileErrors.push(
      `The file has ${rows.length} rows; an import takes at most ${registryImportRowLimit}. Split it into smaller files.`,
    );
  return { fileErrors, rows, width: header.length };
}

/** What the database knows that decoding a row needs: data systems by key, and the subprocessors rows edit. */
interface Lookups {
  systemIdOfKey: ReadonlyMap<string, string>;
  existing: ReadonlyMap<
    string,
    { version: number; status: SubprocessorStatus; retiredOn: string | null; fields: SubprocessorFields }
  >;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function lookups(tx: Tx, rows: ParsedFile['rows']): Promise<Lookups> {
  const idColumn = registryCsvColumns.indexOf('id');
  const ids = [
    ...new Set(
      rows.map((r) => (r.cells[idColumn] ?? '').trim().toLowerCase()).filter((id) => uuidPattern.test(id)),
    ),
  ];
  const systems = await tx.select({ id: dataSystems.id, key: dataSystems.key }).from(dataSystems);
  const found =
    ids.length === 0
      ? []
      : await tx
          .select({
            id: subprocessors.id,
            version: subprocessors.version,
            status: subprocessors.status,
            retiredOn: subprocessors.retiredOn,
            fields: subprocessors.fields,
          })
          .from(subprocessors)
          .where(inArray(subprocessors.id, ids));
  return {
    systemIdOfKey: new Map(systems.map((s) => [s.key, s.id])),
    existing: new Map(found.map(({ id, ...rest }) => [id, rest])),
  };
}

/** A row decoded and checked by itself: its fields when they parse, and every error found so far. */
interface CheckedRow {
  result: RowResult;
  /** The subprocessor an edit row changes, with the version it is at. */
  target: { id: string; version: number; fields: SubprocessorFields } | null;
  /** What to write: null when the row has errors, or says what the registry already holds. */
  fields: SubprocessorFields | null;
  items: Map<ImportedColumn, string[]>;
  /** The existing subprocessor the row names, edited or not (a file names each one once). */
  id: string | null;
}

function checkRow(row: ParsedFile['rows'][number], headerWidth: number, known: Lookups): CheckedRow {
  const errors: RowError[] = [];
  const items = new Map<ImportedColumn, string[]>();
  const nameCell = row.cells[registryCsvColumns.indexOf('name')]?.trim() ?? '';
  const result: RowResult = { row: row.row, name: nameCell === '' ? null : nameCell, action: null, errors };
  const done = (): CheckedRow => ({ result, target: null, fields: null, items, id: null });

  const width = registryCsvColumns.length;
  if (row.cells.length < width) {
    const column = registryCsvColumns[row.cells.length] ?? 'id';
    errors.push({
      column,
      message: `The row ends before this column: it has ${row.cells.length} of ${width} cells.`,
    });
    return done();
  }
  // Empty cells under the header's own empty columns are the spreadsheet's; any other cell past the last
  // column means the row's cells moved (a comma outside quotes), and every cell after it is misread.
  const extra = row.cells.slice(width);
  if (row.cells.length > headerWidth || extra.some((c) => c.trim() !== '')) {
    errors.push({
      column: registryCsvColumns[width - 1] ?? 'id',
      message: `The row goes on for ${plural(extra.length, 'more cell')} after this, the header’s last column: a comma outside quotes splits a cell in two.`,
    });
    return done();
  }

  const cell = {} as Record<ImportedColumn, string>;
  const blocked = new Set<ImportedColumn>();
  registryCsvImportedColumns.forEach((column, i) => {
    const raw = row.cells[i] ?? '';
    if (isFormulaLike(raw) || isFormulaLike(raw.trimStart())) {
      errors.push({
        column,
        message: `Starts with ${formulaStart(raw)}, which a spreadsheet runs as a formula: the import refuses it. Remove it, or put ' in front to keep it as text.`,
      });
      blocked.add(column);
    }
    cell[column] = unescapeCell(raw.trim());
  });
  const optional = (column: ImportedColumn) => (cell[column] === '' ? null : cell[column]);
  const list = (column: ImportedColumn) => {
    const values = splitList(cell[column]);
    items.set(column, values);
    return values;
  };

  let target: CheckedRow['target'] = null;
  let retired: { id: string; retiredOn: string | null; fields: SubprocessorFields } | null = null;
  if (!blocked.has('id') && cell.id !== '') {
    const id = cell.id.toLowerCase();
    const current = uuidPattern.test(id) ? known.existing.get(id) : undefined;
    if (!uuidPattern.test(id))
      errors.push({
        column: 'id',
        message: 'Not an id: leave it empty for a new subprocessor, or keep the id the export wrote.',
      });
    else if (!current) errors.push({ column: 'id', message: 'No subprocessor in the registry has this id.' });
    else if (current.status === 'retired')
      retired = { id, retiredOn: current.retiredOn, fields: current.fields };
    else target = { id, version: current.version, fields: current.fields };
    if (!target && !retired) blocked.add('id');
  }
  result.action = cell.id === '' && !blocked.has('id') ? 'create' : target ? 'update' : null;

  const dataSystemIds: string[] = [];
  for (const [i, key] of list('data_systems').entries()) {
    const id = known.systemIdOfKey.get(key);
    if (id) {
      if (!dataSystemIds.includes(id)) dataSystemIds.push(id);
    } else {
      const keys = [...known.systemIdOfKey.keys()].sort();
      errors.push({
        column: 'data_systems',
        message: `${ordinal(i + 1)} data system (${key}): no data system has this key${keys.length > 0 ? `; known keys: ${keys.join(', ')}` : ''}.`,
      });
      blocked.add('data_systems');
    }
  }

  const parsed = subprocessorFieldsSchema.safeParse({
    name: cell.name,
    legalName: cell.legal_name,
    address: cell.address,
    contactEmail: cell.contact_email,
    website: optional('website'),
    category: cell.category,
    purpose: cell.purpose,
    services: cell.services,
    dataCategories: list('data_categories'),
    subjectCategories: list('subject_categories'),
    locations: list('locations').map((item) => {
      const [country = '', mechanism = '', sccModule = '', sccVersion = ''] = item
        .split(':')
        .map((p) => p.trim());
      return {
        country,
        mechanism: mechanism === '' ? null : mechanism,
        sccModule: sccModule === '' ? null : sccModule,
        sccVersion: sccVersion === '' ? null : sccVersion,
      };
    }),
    dpaSignedOn: optional('dpa_signed_on'),
    dpaUrl: optional('dpa_url'),
    dpaExpiresOn: optional('dpa_expires_on'),
    certifications: list('certifications').map((item) => {
      const [kind = '', expiresOn = ''] = item.split(':').map((p) => p.trim());
      return { kind, expiresOn };
    }),
    dataSystemIds,
    replacesId: optional('replaces_id'),
  });
  for (const [i, item] of (items.get('locations') ?? []).entries())
    if (item.split(':').length > 4)
      errors.push({
        column: 'locations',
        message: `${ordinal(i + 1)} location (${item}): write country:mechanism, and for SCCs country:scc:module:version.`,
      });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const error = errorAt(issue.path, issueMessage(issue), items);
      // A refused cell's own error says it all: its decoded value's complaints would only repeat it.
      if (!blocked.has(error.column as ImportedColumn)) errors.push(error);
    }
  }
  let fields = parsed.success ? parsed.data : null;
  const stored = target?.fields ?? retired?.fields;
  // The export lists a subprocessor's data systems by key, alphabetically: the same systems in another
  // order are no change, and the stored order stays.
  if (fields && stored && sameMembers(fields.dataSystemIds, stored.dataSystemIds))
    fields = { ...fields, dataSystemIds: stored.dataSystemIds };
  const unchanged = fields !== null && stored !== undefined && changedFields(stored, fields).length === 0;
  if (unchanged) result.action = null;
  // A retired subprocessor is kept as it was: its row in an exported file passes unchanged, an edit is refused.
  if (retired && !unchanged)
    errors.unshift({
      column: 'id',
      message: `This subprocessor was ${subprocessorStatusLabels.retired.toLowerCase()} on ${retired.retiredOn ?? 'an earlier day'} and is kept as it was: it cannot be edited. Leave id empty to propose it anew.`,
    });
  return {
    result,
    target: unchanged ? null : target,
    fields: unchanged ? null : fields,
    items,
    id: target?.id ?? retired?.id ?? null,
  };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
}

/** Two rows for one subprocessor (its id, or its name as the registry compares names) cannot both apply. */
function checkDuplicates(checked: readonly CheckedRow[]): void {
  const rowOfId = new Map<string, number>();
  const rowOfName = new Map<string, number>();
  for (const { result, id } of checked) {
    if (id !== null) {
      const first = rowOfId.get(id);
      if (first === undefined) rowOfId.set(id, result.row);
      else result.errors.push({ column: 'id', message: `Row ${first} already edits this subprocessor.` });
    }
    if (result.name !== null) {
      const name = result.name.toLowerCase();
      const first = rowOfName.get(name);
      if (first === undefined) rowOfName.set(name, result.row);
      else result.errors.push({ column: 'name', message: `Row ${first} already has this name.` });
    }
  }
}

/** A DomainError from the service, as the row's errors: its field keys (`fields.dpaSignedOn`) back to columns. */
function domainErrors(error: DomainError, items: ReadonlyMap<ImportedColumn, string[]>): RowError[] {
  const entries = Object.entries(error.fieldErrors ?? {});
  if (entries.length === 0) return [{ column: 'id', message: error.message }];
  return entries.flatMap(([key, messages]) => {
    const path = key
      .replace(/^fields\./, '')
      .split('.')
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    return messages.map((message) => errorAt(path, message, items));
  });
}

/** Thrown inside the transaction to undo everything it wrote (a dry run, or any row refused). */
class RollBack extends Error {
  constructor(readonly output: RegistryImportOutput) {
    super('registry import rolled back');
  }
}

/**
 * The registry from a CSV file (issue 14, item 7): every row checked and reported by row and column, then
 * every row written through the same create and update rules a person's edits go through, in one
 * transaction. A dry run, or any refused row or file problem, rolls the whole transaction back: nothing is
 * written unless everything is. Each row runs in its own savepoint, so a row the database refuses (a taken
 * name) does not abort the transaction, and later rows are still checked against what earlier rows did.
 */
export async function importRegistryCsv(
  deps: ActorDeps,
  input: z.output<typeof registryImportInputSchema>,
): Promise<RegistryImportOutput> {
  const file = readFile(input.csv);
  const empty = { dryRun: input.dryRun, written: false, created: 0, updated: 0 };
  if (file.fileErrors.length > 0) return { ...empty, rows: [], fileErrors: file.fileErrors };

  try {
    return await deps.db.transaction(async (tx) => {
      const known = await lookups(tx, file.rows);
      const checked = file.rows.map((row) => checkRow(row, file.width, known));
      checkDuplicates(checked);

      const subprocessorIds: string[] = [];
      let created = 0;
      let updated = 0;
      for (const { result, target, fields, items } of checked) {
        // A row with errors is reported, not run; an unchanged one has nothing to do and nothing wrong.
        if (result.errors.length > 0 || !fields) continue;
        await tx.execute(sql`savepoint registry_import_row`);
        try {
          const row = target
            ? await updateInTx(tx, deps, {
                id: target.id,
                version: target.version,
                fields,
                reason: importReason,
              })
            : await createInTx(tx, deps, fields);
          await tx.execute(sql`release savepoint registry_import_row`);
          subprocessorIds.push(row.id);
          if (target) updated += 1;
          else created += 1;
        } catch (error) {
          await tx.execute(sql`rollback to savepoint registry_import_row`);
          if (!(error instanceof DomainError)) throw error;
          result.errors.push(...domainErrors(error, items));
        }
      }

      const rows = checked.map((c) => c.result);
      const failed = rows.some((r) => r.errors.length > 0);
      const output: RegistryImportOutput = { ...empty, rows, fileErrors: [], created, updated };
      if (failed || input.dryRun || created + updated === 0) throw new RollBack(output);
      await recordAudit(
        tx,
        originOfActor(deps.actor),
        {
          action: 'registry.imported',
          entityType: 'subprocessor',
          entityId: null,
          after: { rows: rows.length, created, updated, subprocessorIds },
        },
        deps.now,
      );
      deps.log.info({ staffId: deps.actor.staffId, created, updated }, 'registry imported');
      return { ...output, written: true };
    });
  } catch (error) {
    if (error instanceof RollBack) {
      const { output } = error;
      deps.log.info(
        { staffId: deps.actor.staffId, rows: output.rows.length, dryRun: input.dryRun },
        'registry import checked, nothing written',
      );
      return output;
    }
    throw error;
  }
}
