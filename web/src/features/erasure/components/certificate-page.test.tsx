import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '@privdesk/shared';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery } from '../../../testing/trpc-msw';

const requestId = '00000000-0000-4000-8000-00000000a901';

const certificate: Certificate = {
  requestId,
  reference: 'DSR-2026-000901',
  regime: 'gdpr',
  status: 'completed',
  outcome: 'partially_fulfilled',
  receivedAt: '2026-03-01T09:00:00.000Z',
  completedAt: '2026-03-04T15:20:00.000Z',
  accountNumber: 'SYN-104233',
  plan: {
    version: 5,
    preparedBy: 'Olivia Okafor',
    preparedAt: '2026-03-02T10:00:00.000Z',
    approvedBy: 'Piotr Nowak',
    approvedAt: '2026-03-02T11:00:00.000Z',
    approvalNote: 'Invoices stay for tax law.',
    executionStartedAt: '2026-03-02T15:00:00.000Z',
  },
  lines: [
    {
      system: 'Platform database',
      connector: 'internal',
      recipient: null,
      scope: null,
      action: 'delete',
      ground: null,
      law: null,
      note: null,
      status: 'done',
      rows: 41,
      tables: [
        { table: 'accounts', deleted: 0, anonymised: 1, retained: 0 },
        { table: 'usage_events', deleted: 37, anonymised: 0, retained: 0 },
        { table: 'api_keys', deleted: 0, anonymised: 0, retained: 0 },
      ],
      startedAt: '2026-03-02T15:00:01.000Z',
      finishedAt: '2026-03-02T15:00:02.000Z',
      doneBy: 'Platform connector',
      evidence: null,
    },
    {
      system: 'Platform database',
      connector: 'internal',
      recipient: null,
      scope: 'Invoices and their lines',
      action: 'retain',
      ground: 'legal_obligation',
      law: 'German Fiscal Code (AO) §147',
      note: null,
      status: 'done',
      rows: null,
      tables: null,
      startedAt: '2026-03-02T15:00:00.000Z',
      finishedAt: '2026-03-02T15:00:00.000Z',
      doneBy: 'Kept as planned',
      evidence: null,
    },
    {
      system: 'Support desk',
      connector: 'manual',
      recipient: null,
      scope: null,
      action: 'delete',
      ground: null,
      law: null,
      note: null,
      status: 'done',
      rows: null,
      tables: null,
      startedAt: '2026-03-02T15:00:01.000Z',
      finishedAt: '2026-03-04T15:20:00.000Z',
      doneBy: 'Olivia Okafor',
      evidence: 'Deleted 3 tickets; searched again by email: none left.',
    },
  ],
  backups: {
    suppressed: true,
    statement: 'The account SYN-104233 is on the suppression list since 2026-03-02 (CCPA §7022(d)).',
  },
  issuedAt: '2026-03-05T08:00:00.000Z',
};

const running: Certificate = { ...certificate, status: 'fulfilling', outcome: null, completedAt: null };

describe('the certificate of erasure', { timeout: 20_000 }, () => {
  it('lists every system with its action, result, who did it and the evidence, and the backups', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('erasure.certificate', () => certificate),
    );
    renderApp(`/requests/${requestId}/certificate`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Certificate of erasure' }),
    ).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Every system' })).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(
      within(rows[1] as HTMLElement).getByText('accounts: 1 anonymised; usage_events: 37 deleted'),
    ).toBeInTheDocument();
    expect(
      within(rows[2] as HTMLElement).getByText('Legal obligation — GDPR Art. 17(3)(b)'),
    ).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText('Kept as planned')).toBeInTheDocument();
    expect(
      within(rows[3] as HTMLElement).getByText('Deleted 3 tickets; searched again by email: none left.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/on the suppression list since 2026-03-02/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download JSON' })).toBeInTheDocument();
    expect(screen.queryByText('Not complete yet')).not.toBeInTheDocument();
  });

  it('says when the erasure is still running', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['manager'])),
      trpcQuery('erasure.certificate', () => running),
    );
    renderApp(`/requests/${requestId}/certificate`);
    expect(await screen.findByText('Not complete yet')).toBeInTheDocument();
  });
});
