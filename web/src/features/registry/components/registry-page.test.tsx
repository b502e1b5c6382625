import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe, page } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

type Row = OutputOf<'registry.find'>['items'][number];

const sentry: Row = {
  id: '00000000-0000-4000-8000-00000000e001',
  name: 'Sentry',
  legalName: 'Functional Software, Inc.',
  category: 'error_monitoring',
  status: 'objection_window',
  countries: ['US', 'DE'],
  mechanisms: ['dpf', 'none_needed'],
  objectionDeadline: '2026-04-12',
  activeFrom: null,
  retiredOn: null,
  updatedAt: '2026-03-10T09:00:00.000Z',
  warnings: [
    { kind: 'dpa_missing', detail: 'No signed DPA is recorded.' },
    { kind: 'no_data_system', detail: 'No data system says what it holds or sends there.' },
  ],
};

const aws: Row = {
  id: '00000000-0000-4000-8000-00000000e002',
  name: 'Amazon Web Services',
  legalName: 'Amazon Web Services EMEA SARL',
  category: 'cloud_infrastructure',
  status: 'active',
  countries: ['IE'],
  mechanisms: ['none_needed'],
  objectionDeadline: '2025-01-31',
  activeFrom: '2025-02-01',
  retiredOn: null,
  updatedAt: '2025-02-01T09:00:00.000Z',
  warnings: [],
};

describe('the registry table', () => {
  it('shows each subprocessor with its status, countries, transfers and warnings, and offers managers their actions', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('registry.find', () => page([sentry, aws])),
    );
    renderApp('/registry');
    const table = await screen.findByRole('table', { name: 'Subprocessors' });
    const [, first, second] = within(table).getAllByRole('row');
    if (!first || !second) throw new Error('expected two rows');
    expect(within(first).getByRole('link', { name: 'Sentry' })).toHaveAttribute(
      'href',
      '/registry/00000000-0000-4000-8000-00000000e001',
    );
    expect(first).toHaveTextContent('Functional Software, Inc.');
    expect(first).toHaveTextContent('Error monitoring');
    expect(first).toHaveTextContent('Objection window');
    expect(first).toHaveTextContent('United States, Germany');
    expect(within(first).getByText('EU–US DPF')).toHaveAttribute('title', 'EU–US Data Privacy Framework');
    expect(within(first).getByText('Within the EEA')).toBeInTheDocument();
    expect(first).toHaveTextContent('12 Apr');
    // The warnings are words, not a colour: a list named by its count.
    const warnings = within(first).getByRole('list', { name: '2 warnings' });
    expect(warnings).toHaveTextContent('No DPA');
    expect(warnings).toHaveTextContent('Linked to no data system');
    expect(second).toHaveTextContent('Active from 1 Feb 2025');
    expect(second).toHaveTextContent('None');
    // A deadline long past is no longer news on an active row.
    expect(second).not.toHaveTextContent('31 Jan');

    expect(screen.getByRole('link', { name: 'Propose a subprocessor' })).toHaveAttribute(
      'href',
      '/registry/new',
    );
    expect(screen.getByRole('link', { name: 'Import CSV' })).toHaveAttribute('href', '/registry/import');
    expect(screen.getByRole('link', { name: 'Subscribers' })).toHaveAttribute(
      'href',
      '/registry/subscribers',
    );
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/export/registry.csv');
    expect(screen.getByRole('link', { name: /^Public page.*opens in a new tab/ })).toHaveAttribute(
      'href',
      '/subprocessors',
    );
  });

  it('keeps its filters and sort in the URL and asks the server for them', async () => {
    const asked: InputOf<'registry.find'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('registry.find', (input) => {
        asked.push(input);
        return page([sentry]);
      }),
    );
    const { user, location } = renderApp('/registry?status=objection_window,nonsense&page=2');
    await screen.findByRole('table', { name: 'Subprocessors' });
    // A bad status in a link is dropped; the good one is kept.
    expect(asked[0]).toMatchObject({
      statuses: ['objection_window'],
      page: 2,
      sort: 'name',
      direction: 'asc',
    });
    // Readers see the registry, not the keepers' buttons; the exports are for everyone.
    expect(screen.queryByRole('link', { name: 'Propose a subprocessor' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export JSON' })).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Category' }));
    await user.click(await screen.findByRole('option', { name: 'Analytics' }));
    await waitFor(() => expect(location().search).toBe('?status=objection_window&category=analytics'));
    await waitFor(() =>
      expect(asked.at(-1)).toMatchObject({ statuses: ['objection_window'], category: 'analytics', page: 1 }),
    );
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain('category');

    await user.click(screen.getByRole('button', { name: 'Updated' }));
    await waitFor(() => expect(location().search).toContain('sort=updated&dir=desc'));
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ sort: 'updated', direction: 'desc' }));
    expect(screen.getByRole('columnheader', { name: 'Updated' })).toHaveAttribute('aria-sort', 'descending');
  });
});
