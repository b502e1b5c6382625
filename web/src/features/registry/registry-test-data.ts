import type { OutputOf } from '../../testing/trpc-msw';

// Answers of the registry's procedures for the web tests: one subprocessor, its form's choices.

type Detail = OutputOf<'registry.get'>;

export const subprocessorId = '00000000-0000-4000-8000-00000000f001';
export const crm = { id: '00000000-0000-4000-8000-00000000d001', name: 'CRM' };
export const acme = { id: '00000000-0000-4000-8000-00000000c001', name: 'Acme GmbH', country: 'DE' };
export const olivia = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Olivia Okafor' };

export function detail(overrides: Partial<Detail> = {}): Detail {
  return {
    id: subprocessorId,
    version: 3,
    status: 'proposed',
    fields: {
      name: 'Sentry',
      legalName: 'Functional Software, Inc.',
      address: '45 Fremont Street, San Francisco, CA 94105, USA',
      contactEmail: 'privacy@sentry.io',
      website: 'https://sentry.io',
      category: 'error_monitoring',
      purpose: 'Error monitoring of the web app',
      services: 'Crash reports and performance traces',
      dataCategories: ['technical_data'],
      subjectCategories: ['customer_users'],
      locations: [{ country: 'US', mechanism: 'dpf', sccModule: null, sccVersion: null }],
      dpaSignedOn: '2026-01-15',
      dpaUrl: null,
      dpaExpiresOn: null,
      certifications: [],
      dataSystemIds: [crm.id],
      replacesId: null,
    },
    dataSystems: [crm],
    replaces: null,
    replacedBy: [],
    proposedOn: '2026-03-01',
    objectionDeadline: null,
    activeFrom: null,
    activatedEarlyReason: null,
    retiredOn: null,
    retiredReason: null,
    today: '2026-03-10',
    windowOpen: false,
    notice: null,
    objections: [],
    warnings: [],
    history: [],
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export const choices: OutputOf<'registry.choices'> = {
  dataSystems: [crm],
  organisations: [acme],
  replaceable: [],
  objectionDays: 30,
};
