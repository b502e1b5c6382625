import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { queueToday, type Role } from '@privdesk/shared/constants';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcQuery } from '../../../testing/trpc-msw';
import { ccpaReport } from '../dashboard-test-data';

function serveReport(
  roles: Role[],
  answer: (year: number) => ReturnType<typeof ccpaReport> | TrpcFailure = ccpaReport,
) {
  const years: number[] = [];
  server.use(
    trpcQuery('auth.me', () => activeMe(roles)),
    trpcQuery('dashboard.ccpaReport', ({ year }) => {
      years.push(year);
      return answer(year);
    }),
  );
  return years;
}

const thisYear = () => Number(queueToday(new Date()).slice(0, 4));

function rowOf(table: HTMLElement, type: string): HTMLElement {
  const row = within(table).getByRole('rowheader', { name: type }).closest('tr');
  if (!row) throw new Error(`no row for ${type}`);
  return row;
}

describe('the CCPA §7102 report', () => {
  beforeEach(() => {
    // jsdom has no printing (restored after each test by the config's restoreMocks).
    vi.spyOn(window, 'print').mockImplementation(() => undefined);
  });

  it('shows a year’s metrics per type, each count a link to the queue', async () => {
    const years = serveReport(['manager']);
    renderApp('/dashboard/ccpa-7102?year=2025');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'CCPA §7102 metrics, 2025' }),
    ).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'CCPA §7102 metrics, 2025' });
    expect(years).toEqual([2025]);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Request type',
      'Received',
      'Complied with in whole or in part',
      'Denied',
      'Still open',
      'Median days',
      'Mean days',
    ]);
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Know', 'Delete', 'Correct', 'Opt-out of sale/sharing', 'Limit use of sensitive PI']);
    const know = rowOf(table, 'Know');
    expect(
      within(know)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['40', '31', '6', '3', '18', '21.4']);
    expect(within(know).getByRole('link', { name: '40' })).toHaveAttribute(
      'href',
      '/queue?status=all&regime=ccpa&receivedFrom=2025-01-01&receivedTo=2025-12-31&type=know',
    );
    expect(within(know).getByRole('link', { name: '31' })).toHaveAttribute(
      'href',
      '/queue?status=completed&regime=ccpa&receivedFrom=2025-01-01&receivedTo=2025-12-31&type=know',
    );
    expect(within(know).getByRole('link', { name: '6' })).toHaveAttribute(
      'href',
      '/queue?status=denied%2Cclosed_unverified&regime=ccpa&receivedFrom=2025-01-01&receivedTo=2025-12-31&type=know&responded=true',
    );
    expect(within(know).getByRole('link', { name: '3' })).toHaveAttribute(
      'href',
      '/queue?status=received%2Cverifying%2Cin_progress%2Cawaiting_requester%2Cawaiting_approval%2Capproved%2Cfulfilling&regime=ccpa&receivedFrom=2025-01-01&receivedTo=2025-12-31&type=know',
    );
    // Nothing answered: no days to give.
    expect(
      within(rowOf(table, 'Limit use of sensitive PI'))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0', '0', '0', '0', '—', '—']);
  });

  it('downloads the same year as CSV, and prints', async () => {
    serveReport(['auditor']);
    const { user } = renderApp('/dashboard/ccpa-7102?year=2025');
    const csv = await screen.findByRole('link', { name: 'Download CSV' });
    const url = new URL(csv.getAttribute('href') ?? '', 'https://desk.example');
    expect(url.pathname).toBe('/export/ccpa-7102.csv');
    expect(JSON.parse(url.searchParams.get('input') ?? '')).toEqual({ year: 2025 });
    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(window.print).toHaveBeenCalledTimes(1);
  });

  it('opens on last calendar year, and changes year from the list', async () => {
    const years = serveReport(['manager']);
    const { user, location } = renderApp('/dashboard/ccpa-7102?year=1999');
    const last = thisYear() - 1;
    expect(
      await screen.findByRole('heading', { level: 1, name: `CCPA §7102 metrics, ${String(last)}` }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: 'Year' }));
    const options = await screen.findAllByRole('option');
    expect(options[0]).toHaveTextContent(String(thisYear()));
    expect(options.at(-1)).toHaveTextContent('2020');
    await user.click(screen.getByRole('option', { name: '2021' }));
    expect(await screen.findByRole('table', { name: 'CCPA §7102 metrics, 2021' })).toBeInTheDocument();
    expect(new URLSearchParams(location().search).get('year')).toBe('2021');
    expect(years).toEqual([last, 2021]);
    const csv = screen.getByRole('link', { name: 'Download CSV' });
    expect(
      JSON.parse(
        new URL(csv.getAttribute('href') ?? '', 'https://desk.example').searchParams.get('input') ?? '',
      ),
    ).toEqual({
      year: 2021,
    });
  });

  it('shows a failure with a way to try again', async () => {
    let fail = true;
    serveReport(['manager'], (year) =>
      fail ? new TrpcFailure('INTERNAL_SERVER_ERROR', 'The report is unavailable.') : ccpaReport(year),
    );
    const { user } = renderApp('/dashboard/ccpa-7102?year=2025');
    expect(await screen.findByText('Could not load the report')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() =>
      expect(screen.getByRole('table', { name: 'CCPA §7102 metrics, 2025' })).toBeInTheDocument(),
    );
  });

  it('is for those who export reports: not an officer', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['privacy_officer'])));
    renderApp('/dashboard/ccpa-7102');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });
});
