import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { platformCatalog, platformTableNames } from './platform-catalog.js';
import * as platformSchema from './platform.schema.js';

const tables = [
  platformSchema.accounts,
  platformSchema.organisationMemberships,
  platformSchema.apiKeys,
  platformSchema.usageEvents,
  platformSchema.invoices,
  platformSchema.invoiceLines,
  platformSchema.supportTickets,
].map((table) => getTableConfig(table));

describe('the platform catalog', () => {
  it('lists every table of the platform schema, in the report order', () => {
    expect(tables.map((t) => t.name)).toEqual([...platformTableNames]);
    expect(tables.every((t) => t.schema === 'platform')).toBe(true);
    expect(Object.keys(platformCatalog).sort()).toEqual([...platformTableNames].sort());
  });

  it('describes every column of every table, and no column that is not there', () => {
    for (const table of tables) {
      const name = table.name as keyof typeof platformCatalog;
      expect({ table: name, columns: Object.keys(platformCatalog[name].columns).sort() }).toEqual({
        table: name,
        columns: table.columns.map((c) => c.name).sort(),
      });
    }
  });

  it('strips only columns that exist and may be null', () => {
    for (const table of tables) {
      const name = table.name as keyof typeof platformCatalog;
      for (const column of platformCatalog[name].strippedWhenRetained) {
        expect({
          table: name,
          column,
          notNull: table.columns.find((c) => c.name === column)?.notNull,
        }).toEqual({
          table: name,
          column,
          notNull: false,
        });
      }
    }
  });

  it('marks the two credentials as secrets, and nothing else', () => {
    const secrets = Object.entries(platformCatalog).flatMap(([table, description]) =>
      Object.entries(description.columns)
        .filter(([, column]) => column.source === 'secret')
        .map(([column]) => `${table}.${column}`),
    );
    expect(secrets).toEqual(['accounts.password_hash', 'api_keys.secret_hash']);
  });
});
