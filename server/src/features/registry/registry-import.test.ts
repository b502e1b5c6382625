import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubprocessorFieldsInput } from '@privdesk/shared';
import {
  auditEvents,
  dataSystems,
  subprocessorDataSystems,
  subprocessorEvents,
  subprocessors,
} from '../../db/schema.js';
import { expectTrpcError } from '../../testing/expect-error.js';
import { createTestApp, type Caller, type TestApp } from '../../testing/test-app.js';

// Everyone's clock: 20 February 2027, 10:00 UTC (the same calendar day in the registry's EU time zone).
const now = new Date('2027-02-20T10:00:00.000Z');
const at = { now: () => now };
let app: TestApp;
let officer: Caller;
let admin: Caller;
let support: Caller;
const systemIds: Record<string, string> = {};

/** The header the export writes, spelt out here so a change to the file's shape fails a test. */
const header =
  'id,name,legal_name,address,contact_email,website,category,purpose,services,data_categories,subject_categories,' +
  'locations,dpa_signed_on,dpa_url,dpa_expires_on,certifications,replaces_id,data_systems,status,proposed_on,' +
  'objection_deadline,active_from,retired_on';
const columns = header.split(',');

type Cells = Record<string, string>;

/** A row that imports cleanly, under a name of its own; tests change the cells they are about. */
function goodRow(name: string, cells: Cells = {}): Cells {
  return {
    name,
    legal_name: `${name} Ltd.`,
    address: '1 Harbour Road, Dublin, Ireland',
    contact_email: `privacy@${name.toLowerCase().replace(/\W/g, '')}.example`,
    website: `https://${name.toLowerCase().replace(/\W/g, '')}.example`,
    category: 'cloud_infrastructure',
    purpose: 'Hosts the platform and its databases.',
    services: 'Compute, managed PostgreSQL, object storage.',
    data_categories: 'contact_details; usage_data',
    subject_categories: 'customer_users; customer_administrators',
    locations: 'DE:none_needed; US:scc:module_3:eu_2021_914',
    dpa_signed_on: '2026-11-02',
    dpa_url: '',
    dpa_expires_on: '',
    certifications: 'iso_27001:2028-06-30',
    replaces_id: '',
    data_systems: 'platform_db; payments',
    ...cells,
  };
}

const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csvOf = (rows: Cells[], head = header) =>
  [head, ...rows.map((r) => columns.map((c) => quoted(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';

function fieldsOf(name: string, over: Partial<SubprocessorFieldsInput> = {}): SubprocessorFieldsInput {
  return {
    name,
    legalName: `${name} GmbH`,
    address: 'Friedrichstraße 1, 10117 Berlin, Germany',
    contactEmail: 'dpo@vendor.example',
    category: 'error_monitoring',
    purpose: 'Collects errors from the platform.',
    services: 'Error tracking.',
    dataCategories: ['technical_data'],
    subjectCategories: ['customer_users'],
    locations: [{ country: 'DE', mechanism: 'none_needed' }],
    ...over,
  };
}

async function countByName(...names: string[]): Promise<number> {
  return (
    await app.database.db
      .select({ id: subprocessors.id })
      .from(subprocessors)
      .where(inArray(subprocessors.name, names))
  ).length;
}

async function importEvents(): Promise<number> {
  return (
    await app.database.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registry.imported'))
  ).length;
}

beforeAll(async () => {
  app = await createTestApp();
  ({ caller: officer } = await app.callerAs(['privacy_officer'], at));
  ({ caller: admin } = await app.callerAs(['admin'], at));
  ({ caller: support } = await app.callerAs(['support_agent'], at));
  const systems = await app.database.db
    .insert(dataSystems)
    .values([
      {
        key: 'platform_db',
        name: 'Platform database',
        description: 'Accounts and usage.',
        dataCategories: ['contact_details'],
      },
      { key: 'payments', name: 'Payments', description: 'Card payments.', dataCategories: ['payment_data'] },
    ])
    .returning({ id: dataSystems.id, key: dataSystems.key });
  for (const s of systems) systemIds[s.key] = s.id;
}, 60_000);
afterAll(() => app.close());

describe('registry.importCsv', () => {
  it('checks a good file in a dry run without writing, then writes it all with one audit event', async () => {
    const file =
      '\ufeff' +
      csvOf([
        goodRow('Cloudway', { services: "'+ managed backups" }),
        goodRow('Mailpost', {
          category: 'email_delivery',
          locations: 'IE:none_needed; gb:adequacy',
          certifications: '',
          data_systems: 'platform_db',
          // The lifecycle columns are the export's record: the import ignores them.
          status: 'active',
          active_from: '2026-01-01',
        }),
      ]);

    const preview = await officer.registry.importCsv({ csv: file, dryRun: true });
    expect(preview).toEqual({
      dryRun: true,
      written: false,
      fileErrors: [],
      created: 2,
      updated: 0,
      rows: [
        { row: 2, name: 'Cloudway', action: 'create', errors: [] },
        { row: 3, name: 'Mailpost', action: 'create', errors: [] },
      ],
    });
    expect(await countByName('Cloudway', 'Mailpost')).toBe(0);
    expect(await importEvents()).toBe(0);

    const done = await officer.registry.importCsv({ csv: file, dryRun: false });
    expect(done).toMatchObject({ dryRun: false, written: true, fileErrors: [], created: 2, updated: 0 });

    const rows = await app.database.db
      .select()
      .from(subprocessors)
      .where(inArray(subprocessors.name, ['Cloudway', 'Mailpost']))
      .orderBy(asc(subprocessors.name));
    expect(rows.map((r) => [r.name, r.status, r.version, r.proposedOn])).toEqual([
      ['Cloudway', 'proposed', 1, '2027-02-20'],
      ['Mailpost', 'proposed', 1, '2027-02-20'],
    ]);
    const [cloudway, mailpost] = rows;
    expect(cloudway?.fields).toMatchObject({
      legalName: 'Cloudway Ltd.',
      website: 'https://cloudway.example',
      // The export's `'` in front of a formula-like cell is its escape, not part of the value.
      services: '+ managed backups',
      dataCategories: ['contact_details', 'usage_data'],
      locations: [
        { country: 'DE', mechanism: 'none_needed', sccModule: null, sccVersion: null },
        { country: 'US', mechanism: 'scc', sccModule: 'module_3', sccVersion: 'eu_2021_914' },
      ],
      dpaSignedOn: '2026-11-02',
      certifications: [{ kind: 'iso_27001', expiresOn: '2028-06-30' }],
      dataSystemIds: [systemIds.platform_db, systemIds.payments],
    });
    expect(mailpost?.fields.locations).toEqual([
      { country: 'IE', mechanism: 'none_needed', sccModule: null, sccVersion: null },
      { country: 'GB', mechanism: 'adequacy', sccModule: null, sccVersion: null },
    ]);
    const links = await app.database.db
      .select()
      .from(subprocessorDataSystems)
      .where(eq(subprocessorDataSystems.subprocessorId, cloudway?.id ?? ''));
    expect(links).toHaveLength(2);

    const [event] = await app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registry.imported'));
    expect(event?.after).toEqual({
      rows: 2,
      created: 2,
      updated: 0,
      subprocessorIds: [cloudway?.id, mailpost?.id],
    });
    expect(event?.entityType).toBe('subprocessor');
    // Each row also went through the one way a subprocessor is created: its own history and audit event.
    const created = await app.database.db
      .select({ entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'registry.created'),
          inArray(auditEvents.entityId, [cloudway?.id ?? '', mailpost?.id ?? '']),
        ),
      );
    expect(created).toHaveLength(2);
  });

  it('writes nothing when one row fails, and names its row and column', async () => {
    const file = csvOf([
      goodRow('Trackwise'),
      goodRow('Pagerly', { locations: 'DE:none_needed; XX:scc:module_3:eu_2021_914' }),
    ]);
    const out = await admin.registry.importCsv({ csv: file, dryRun: false });
    expect(out).toEqual({
      dryRun: false,
      written: false,
      fileErrors: [],
      created: 1,
      updated: 0,
      rows: [
        { row: 2, name: 'Trackwise', action: 'create', errors: [] },
        {
          row: 3,
          name: 'Pagerly',
          action: 'create',
          errors: [
            {
              column: 'locations',
              message:
                '2nd location (XX:scc:module_3:eu_2021_914): Not an ISO 3166 country code (two letters, such as DE or US).',
            },
          ],
        },
      ],
    });
    expect(await countByName('Trackwise', 'Pagerly')).toBe(0);
    expect(await importEvents()).toBe(1);
  });

  it('refuses a file whose header is not the export’s, naming the columns', async () => {
    const renamed = header.replace('legal_name', 'legal name').replace(',website', '');
    const out = await officer.registry.importCsv({
      csv: `${renamed}\n,Headerless Inc.,x\n`,
      dryRun: false,
    });
    expect(out).toEqual({
      dryRun: false,
      written: false,
      rows: [],
      created: 0,
      updated: 0,
      fileErrors: ['Missing columns: legal_name, website.', 'Unexpected column: legal name.'],
    });

    const swapped = header.replace('name,legal_name', 'legal_name,name');
    const misordered = await officer.registry.importCsv({
      csv: csvOf([goodRow('Swapco')], swapped),
      dryRun: true,
    });
    expect(misordered.fileErrors).toEqual([
      expect.stringMatching(
        /^The columns are out of order: column 2 is legal_name, where the export has name\./,
      ),
    ]);

    const empty = await officer.registry.importCsv({ csv: '', dryRun: true });
    expect(empty.fileErrors).toEqual([
      'The file is empty: it needs the header row the export writes, then one row per subprocessor.',
    ]);
    const unclosed = await officer.registry.importCsv({ csv: `${header}\n,"Open quote,x\n`, dryRun: true });
    expect(unclosed.fileErrors).toEqual([
      expect.stringMatching(/^The file is not readable as CSV near line 2: /),
    ]);
    expect(await countByName('Headerless Inc.', 'Swapco')).toBe(0);
  });

  it('takes the empty columns a spreadsheet leaves on the right, and refuses a row that runs past the header', async () => {
    const lines = csvOf([goodRow('Widecell'), goodRow('Overflow', { purpose: 'Hosts, stores' })]).split(
      '\r\n',
    );
    const wide = [`${lines[0] ?? ''},,`, `${lines[1] ?? ''},,`, ''].join('\r\n');
    expect((await officer.registry.importCsv({ csv: wide, dryRun: true })).rows).toEqual([
      { row: 2, name: 'Widecell', action: 'create', errors: [] },
    ]);
    // The purpose's comma without quotes: the row splits into one cell more than the header has.
    const file = [lines[0], lines[1], (lines[2] ?? '').replace('"Hosts, stores"', 'Hosts, stores'), ''].join(
      '\r\n',
    );
    const out = await officer.registry.importCsv({ csv: file, dryRun: true });
    expect(out.fileErrors).toEqual([]);
    expect(out.rows).toEqual([
      { row: 2, name: 'Widecell', action: 'create', errors: [] },
      {
        row: 3,
        name: 'Overflow',
        action: null,
        errors: [
          {
            column: 'retired_on',
            message:
              'The row goes on for 1 more cell after this, the header’s last column: a comma outside quotes splits a cell in two.',
          },
        ],
      },
    ]);
  });

  it('refuses a file of more rows than an import takes', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => goodRow(`Vendor ${i}`));
    const out = await officer.registry.importCsv({ csv: csvOf(rows), dryRun: true });
    expect(out.fileErrors).toEqual([
      'The file has 1001 rows; an import takes at most 1000. Split it into smaller files.',
    ]);
    expect(out.rows).toEqual([]);
  });

  it('names each bad cell: a formula, a DPA signed in the future, a mechanism that does not fit, an unknown key', async () => {
    const file = `${csvOf([
      goodRow('Formulaic', { purpose: '=HYPERLINK("https://evil.example","Click")' }),
      goodRow('Futuresign', { dpa_signed_on: '2027-03-01' }),
      goodRow('Misfit', { locations: 'US:adequacy' }),
      goodRow('Keyless', { data_systems: 'platform_db; crm' }),
      goodRow('Choosy', { category: 'hosting', contact_email: 'not-an-email' }),
      goodRow('Cloudway'),
      goodRow('formulaic'),
      // A row cut short, as a hand edit leaves it.
    ])}${',Shortrow,Shortrow Ltd.\r\n'}`;
    const out = await officer.registry.importCsv({ csv: file, dryRun: true });
    expect(out.written).toBe(false);
    expect(out.rows.map((r) => [r.row, r.name, r.errors])).toEqual([
      [
        2,
        'Formulaic',
        [
          {
            column: 'purpose',
            message:
              "Starts with “=”, which a spreadsheet runs as a formula: the import refuses it. Remove it, or put ' in front to keep it as text.",
          },
        ],
      ],
      [
        3,
        'Futuresign',
        [{ column: 'dpa_signed_on', message: 'A DPA is signed on or before today (2027-02-20).' }],
      ],
      [
        4,
        'Misfit',
        [
          {
            column: 'locations',
            message:
              '1st location (US:adequacy): US has no adequacy decision (for the US, choose the Data Privacy Framework).',
          },
        ],
      ],
      [
        5,
        'Keyless',
        [
          {
            column: 'data_systems',
            message: '2nd data system (crm): no data system has this key; known keys: payments, platform_db.',
          },
        ],
      ],
      [
        6,
        'Choosy',
        [
          { column: 'contact_email', message: 'Enter a valid email address.' },
          {
            column: 'category',
            message:
              'Choose a category: use one of cloud_infrastructure, error_monitoring, analytics, payment_processing, customer_support, email_delivery, other.',
          },
        ],
      ],
      [
        7,
        'Cloudway',
        [
          {
            column: 'name',
            message: 'Another subprocessor in the registry has this name (retired ones aside).',
          },
        ],
      ],
      [8, 'formulaic', [{ column: 'name', message: 'Row 2 already has this name.' }]],
      [
        9,
        'Shortrow',
        [{ column: 'address', message: 'The row ends before this column: it has 3 of 23 cells.' }],
      ],
    ]);
    expect(await countByName('Formulaic', 'Futuresign', 'Misfit', 'Keyless', 'Choosy', 'Shortrow')).toBe(0);
  });

  it('keeps checking the rows after one the database refused (each row in its own savepoint)', async () => {
    // Row 2's name is taken: the unique index refuses its insert, a database error inside the transaction.
    // Row 4 repeats row 3's DPA problem: that both are reported shows the transaction stayed usable.
    const file = csvOf([
      goodRow('Cloudway'),
      goodRow('Afterwards'),
      goodRow('Afterwards Two', { dpa_signed_on: '2027-12-31' }),
    ]);
    const out = await officer.registry.importCsv({ csv: file, dryRun: false });
    expect(out.rows).toEqual([
      {
        row: 2,
        name: 'Cloudway',
        action: 'create',
        errors: [
          {
            column: 'name',
            message: 'Another subprocessor in the registry has this name (retired ones aside).',
          },
        ],
      },
      { row: 3, name: 'Afterwards', action: 'create', errors: [] },
      {
        row: 4,
        name: 'Afterwards Two',
        action: 'create',
        errors: [{ column: 'dpa_signed_on', message: 'A DPA is signed on or before today (2027-02-20).' }],
      },
    ]);
    expect(out.written).toBe(false);
    expect(await countByName('Afterwards', 'Afterwards Two')).toBe(0);
  });

  it('edits a subprocessor by its id (with a history entry), leaves an unchanged one alone, refuses a retired one', async () => {
    const edited = await officer.registry.create({ fields: fieldsOf('Bugsnatch') });
    const same = await officer.registry.create({
      fields: fieldsOf('Stillsame', {
        category: 'analytics',
        dataSystemIds: [systemIds.platform_db ?? '', systemIds.payments ?? ''],
      }),
    });
    const gone = await officer.registry.create({ fields: fieldsOf('Oldvendor') });
    await officer.registry.retire({
      id: gone.id,
      version: gone.version,
      reason: 'Contract ended in January.',
    });

    const row = (id: string, name: string, cells: Cells = {}) =>
      goodRow(name, {
        id,
        legal_name: `${name} GmbH`,
        address: 'Friedrichstraße 1, 10117 Berlin, Germany',
        contact_email: 'dpo@vendor.example',
        website: '',
        category: 'error_monitoring',
        purpose: 'Collects errors from the platform.',
        services: 'Error tracking.',
        data_categories: 'technical_data',
        subject_categories: 'customer_users',
        locations: 'DE:none_needed',
        dpa_signed_on: '',
        certifications: '',
        data_systems: '',
        ...cells,
      });
    const retiredFile = csvOf([row(gone.id, 'Oldvendor', { purpose: 'Back again.' })]);
    const refused = await officer.registry.importCsv({ csv: retiredFile, dryRun: true });
    expect(refused.rows).toEqual([
      {
        row: 2,
        name: 'Oldvendor',
        action: null,
        errors: [
          {
            column: 'id',
            message:
              'This subprocessor was retired on 2027-02-20 and is kept as it was: it cannot be edited. Leave id empty to propose it anew.',
          },
        ],
      },
    ]);

    const file = csvOf([
      row(edited.id, 'Bugsnatch', {
        purpose: 'Collects errors and crash reports.',
        locations: 'DE:none_needed; US:dpf',
      }),
      // The export lists data systems alphabetically by key: another order than the stored one is no change.
      row(same.id.toUpperCase(), 'Stillsame', {
        category: 'analytics',
        data_systems: 'payments; platform_db',
      }),
      // A retired one's row as the export wrote it passes unchanged: only an edit of it is refused.
      row(gone.id, 'Oldvendor'),
    ]);
    const preview = await officer.registry.importCsv({ csv: file, dryRun: true });
    expect(preview.rows).toEqual([
      { row: 2, name: 'Bugsnatch', action: 'update', errors: [] },
      { row: 3, name: 'Stillsame', action: null, errors: [] },
      { row: 4, name: 'Oldvendor', action: null, errors: [] },
    ]);
    expect(preview).toMatchObject({ created: 0, updated: 1, written: false });

    const done = await officer.registry.importCsv({ csv: file, dryRun: false });
    expect(done).toMatchObject({ written: true, created: 0, updated: 1 });
    const after = await officer.registry.get({ id: edited.id });
    expect(after.version).toBe(2);
    expect(after.fields.purpose).toBe('Collects errors and crash reports.');
    expect(after.fields.locations.map((l) => `${l.country}:${l.mechanism ?? ''}`)).toEqual([
      'DE:none_needed',
      'US:dpf',
    ]);
    expect(after.history[0]).toMatchObject({
      kind: 'updated',
      version: 2,
      reason: 'Imported from a CSV file.',
      changes: [
        expect.objectContaining({ field: 'purpose' }),
        expect.objectContaining({ field: 'locations' }),
      ],
    });
    const untouched = await app.database.db
      .select({ version: subprocessors.version })
      .from(subprocessors)
      .where(eq(subprocessors.id, same.id));
    expect(untouched).toEqual([{ version: 1 }]);
    const events = await app.database.db
      .select({ kind: subprocessorEvents.kind })
      .from(subprocessorEvents)
      .where(eq(subprocessorEvents.subprocessorId, edited.id));
    expect(events.map((e) => e.kind)).toEqual(['created', 'updated']);
    const [imported] = await app.database.db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registry.imported'))
      .orderBy(asc(auditEvents.seq))
      .offset(1);
    expect(imported?.after).toEqual({ rows: 3, created: 0, updated: 1, subprocessorIds: [edited.id] });
  });

  it('refuses a caller who may not manage the registry, and input over the size limit', async () => {
    await expectTrpcError(
      support.registry.importCsv({ csv: csvOf([goodRow('Sneaky')]), dryRun: false }),
      'FORBIDDEN',
    );
    expect(await countByName('Sneaky')).toBe(0);
    const error = await expectTrpcError(
      officer.registry.importCsv({ csv: 'x'.repeat(1_000_001), dryRun: true }),
      'BAD_REQUEST',
    );
    expect(error.message).toMatch(/At most 1 MB of CSV\./);
  });
});
