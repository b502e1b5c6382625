import { describe, expect, it } from 'vitest';
import { retentionPeriodPhrase } from './inventory.constants.js';
import { dataSystemFieldsSchema, webhookUrlSchema } from './inventory.schemas.js';

const errorOf = (value: string) => webhookUrlSchema.safeParse(value).error?.issues[0]?.message ?? null;

describe('a webhook address', () => {
  it('is https, or plain http to this machine only', () => {
    expect(errorOf('https://api.example.com/erasure')).toBeNull();
    expect(errorOf('https://api.example.com:8443/v1/erase?tenant=7')).toBeNull();
    expect(errorOf('http://127.0.0.1:3000/stand-in/payments/erasure')).toBeNull();
    expect(errorOf('http://localhost:4010/erasure')).toBeNull();
    expect(errorOf('http://[::1]:4010/erasure')).toBeNull();
    expect(errorOf('http://api.example.com/erasure')).toBe('Use https:// (plain http only to this machine).');
    expect(errorOf('http://127.0.0.1.example.com/erasure')).toBe(
      'Use https:// (plain http only to this machine).',
    );
    expect(errorOf('ftp://files.example.com/')).toBe('Use https:// (plain http only to this machine).');
  });

  it('is a whole URL without credentials in it', () => {
    expect(errorOf('api.example.com/erasure')).toBe(
      'Enter a full URL, such as https://api.example.com/erasure.',
    );
    expect(errorOf('https://user:pass@api.example.com/erasure')).toBe(
      'Leave credentials out of the URL: the signing secret authenticates our calls.',
    );
  });
});

describe('a data system’s fields', () => {
  const base = {
    name: 'Platform database',
    description: 'Accounts',
    ownerId: '3b0a3c1e-1111-4a4a-8a8a-000000000001',
    dataCategories: ['contact_details'],
    connector: { kind: 'internal', target: 'platform' },
    retentionRules: [],
  };
  const invoices = {
    scope: 'Invoices',
    ground: 'legal_obligation',
    law: 'AO §147',
    period: { count: 10, unit: 'years' },
    platformScope: 'invoices',
  };

  it('keeps platform rows by scope only through the internal connector, each scope by one rule', () => {
    expect(dataSystemFieldsSchema.safeParse({ ...base, retentionRules: [invoices] }).success).toBe(true);
    const manual = dataSystemFieldsSchema.safeParse({
      ...base,
      connector: { kind: 'manual', instructions: 'By hand.' },
      retentionRules: [invoices],
    });
    expect(manual.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'retentionRules.0.platformScope',
        'Only the internal connector keeps rows by scope: leave this empty.',
      ],
    ]);
    const twice = dataSystemFieldsSchema.safeParse({ ...base, retentionRules: [invoices, invoices] });
    expect(twice.error?.issues.map((i) => i.message)).toEqual([
      'Each part of the platform database is kept by one rule.',
    ]);
  });

  it('needs an owner and a category', () => {
    const empty = dataSystemFieldsSchema.safeParse({ ...base, ownerId: null, dataCategories: [] });
    expect(empty.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['ownerId', 'Choose the staff member who owns it.'],
      ['dataCategories', 'Choose at least one category of personal data.'],
    ]);
  });
});

describe('a retention period in words', () => {
  it('is singular for one', () => {
    expect(retentionPeriodPhrase({ count: 1, unit: 'years' })).toBe('1 year');
    expect(retentionPeriodPhrase({ count: 10, unit: 'years' })).toBe('10 years');
    expect(retentionPeriodPhrase({ count: 35, unit: 'days' })).toBe('35 days');
  });
});
