import type { OutputOf } from '../../testing/trpc-msw';

// Answers of the inventory's procedures for the web tests: three systems (one of each connector) and the
// form's choices.

type Detail = OutputOf<'inventory.get'>;

export const olivia = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Olivia Okafor' };
export const ada = { id: '00000000-0000-4000-8000-0000000000a2', name: 'Ada Admin' };
export const stripe = {
  id: '00000000-0000-4000-8000-00000000e101',
  name: 'Stripe',
  status: 'active' as const,
};

export const platformId = '00000000-0000-4000-8000-00000000d101';
export const paymentsId = '00000000-0000-4000-8000-00000000d102';
export const supportDeskId = '00000000-0000-4000-8000-00000000d103';

export function platformDatabase(overrides: Partial<Detail> = {}): Detail {
  return {
    id: platformId,
    key: 'platform_db',
    name: 'Platform database',
    description: 'The platform’s own database: accounts, usage, invoices.',
    owner: { ...ada, active: true },
    dataCategories: ['contact_details', 'billing_records'],
    connector: { kind: 'internal', target: 'platform' },
    retentionRules: [
      {
        scope: 'Invoices and their lines',
        ground: 'legal_obligation',
        law: 'German Fiscal Code (AO) §147',
        period: { count: 10, unit: 'years' },
        platformScope: 'invoices',
      },
    ],
    subprocessors: [],
    warnings: [],
    version: 1,
    updatedAt: '2026-03-02T09:15:00.000Z',
    updatedBy: 'Ada Admin',
    ...overrides,
  };
}

export function payments(overrides: Partial<Detail> = {}): Detail {
  return {
    id: paymentsId,
    key: 'payments',
    name: 'Payments',
    description: 'Card payments and invoices for paid plans.',
    owner: { ...olivia, active: true },
    dataCategories: ['payment_data', 'contact_details'],
    connector: {
      kind: 'webhook',
      url: 'https://payments.example/erasure',
      secretSetAt: '2026-03-01T10:00:00.000Z',
    },
    retentionRules: [
      {
        scope: 'Payment records',
        ground: 'legal_obligation',
        law: 'EU Directive 2015/849 Art. 40',
        period: { count: 5, unit: 'years' },
        platformScope: null,
      },
    ],
    subprocessors: [stripe],
    warnings: [],
    version: 4,
    updatedAt: '2026-03-05T14:30:00.000Z',
    updatedBy: 'Olivia Okafor',
    ...overrides,
  };
}

export function supportDesk(overrides: Partial<Detail> = {}): Detail {
  return {
    id: supportDeskId,
    key: 'support_desk',
    name: 'Support desk',
    description: 'Tickets and conversations with customers’ users.',
    owner: null,
    dataCategories: ['support_communications'],
    connector: { kind: 'manual', instructions: 'Delete the person’s profile and their tickets.' },
    retentionRules: [],
    subprocessors: [],
    warnings: [
      { kind: 'no_owner', detail: 'No owner: nobody would receive its manual tasks or answer for it.' },
    ],
    version: 2,
    updatedAt: '2026-02-20T08:00:00.000Z',
    updatedBy: null,
    ...overrides,
  };
}

export const choices: OutputOf<'inventory.choices'> = { owners: [ada, olivia] };
