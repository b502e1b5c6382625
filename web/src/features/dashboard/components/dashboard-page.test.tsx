import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { periodRange, queueToday, type Role } from '@privdesk/shared/constants';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import { formatCalendarDate } from '../../../lib/dates';
import { queueHrefOf } from '../../../lib/queue-link';
import { dashboard, emptyDashboard, olivia, piotr } from '../dashboard-test-data';

type DashboardInput = InputOf<'dashboard.get'>;

const openStatuses =
  'received%2Cverifying%2Cin_progress%2Cawaiting_requester%2Cawaiting_approval%2Capproved%2Cfulfilling';

/** The dashboard's calls answered from the fixture; every input the page sends is kept, in order. */
function serveDashboard(roles: Role[], answer: () => ReturnType<typeof dashboard> | TrpcFailure = dashboard) {
  const inputs: DashboardInput[] = [];
  server.use(
    trpcQuery('auth.me', () => activeMe(roles)),
    trpcQuery('dashboard.get', (input) => {
      inputs.push(input);
      return answer();
    }),
    trpcQuery('staff.assignable', () => ({ items: [olivia, piotr] })),
  );
  return inputs;
}

function card(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

function chartCard(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

async function choose(user: ReturnType<typeof renderApp>['user'], field: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: field }));
  await user.click(await screen.findByRole('option', { name: option }));
}

const today = () => queueToday(new Date());

describe('the manager dashboard', () => {
  it('shows the headline figures, each a link to the queue on the requests behind it', async () => {
    serveDashboard(['manager']);
    renderApp('/dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();

    const open = await screen.findByRole('link', { name: '12 open requests' });
    expect(open).toHaveAttribute(
      'href',
      `/queue?status=${openStatuses}&receivedFrom=2026-07-01&receivedTo=2026-09-30`,
    );
    expect(
      within(card('Due in 5 days or fewer')).getByRole('link', { name: '3 due in 5 days or fewer' }),
    ).toHaveAttribute(
      'href',
      `/queue?status=${openStatuses}&receivedFrom=2026-07-01&receivedTo=2026-09-30&due=due_soon`,
    );

    const overdue = card('Overdue');
    expect(within(overdue).getByText('Up to 45 days overdue')).toBeInTheDocument();
    expect(within(overdue).getByRole('link', { name: '4 overdue' })).toHaveAttribute(
      'href',
      queueHrefOf(dashboard().overdue.total.drill),
    );
    expect(within(overdue).getByRole('link', { name: '1 overdue by 8–30 days' })).toHaveAttribute(
      'href',
      `/queue?status=${openStatuses}&receivedFrom=2026-07-01&receivedTo=2026-09-30&due=overdue&overdueMin=8&overdueMax=30`,
    );

    const unassigned = card('Unassigned');
    expect(within(unassigned).getByText('Oldest received 19 days ago')).toBeInTheDocument();
    expect(within(unassigned).getByRole('link', { name: '5 unassigned' })).toHaveAttribute(
      'href',
      `/queue?status=${openStatuses}&receivedFrom=2026-07-01&receivedTo=2026-09-30&assignee=nobody`,
    );
    expect(
      within(unassigned).getByRole('link', { name: '2 unassigned, received 15 days or more ago' }),
    ).toHaveAttribute(
      'href',
      `/queue?status=${openStatuses}&receivedFrom=2026-07-01&receivedTo=2026-09-20&assignee=nobody`,
    );

    // 18, 19 and 15 of 20 answered on time against the three clocks.
    const onTime = card('On time');
    expect(within(onTime).getByRole('link', { name: '90% on time by the effective date' })).toHaveAttribute(
      'href',
      '/queue?status=all&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30&onTime=effective',
    );
    expect(within(onTime).getByRole('link', { name: '95% on time by the statutory date' })).toHaveAttribute(
      'href',
      '/queue?status=all&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30&onTime=statutory',
    );
    expect(
      within(onTime).getByRole('link', { name: '75% on time by the company answer time' }),
    ).toHaveAttribute(
      'href',
      '/queue?status=all&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30&onTime=company',
    );

    const extension = card('Extension rate');
    expect(within(extension).getByRole('link', { name: '10% answered with an extension' })).toHaveAttribute(
      'href',
      '/queue?status=all&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30&extended=true',
    );
    expect(within(extension).getByRole('link', { name: '20 answered' })).toHaveAttribute(
      'href',
      '/queue?status=all&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30',
    );

    const verification = card('Verification pass rate');
    expect(within(verification).getByRole('link', { name: '90% of identity checks passed' })).toHaveAttribute(
      'href',
      '/queue?status=all&receivedFrom=2026-07-01&receivedTo=2026-09-30&verification=passed',
    );
    expect(within(verification).getByRole('link', { name: '2 failed' })).toHaveAttribute(
      'href',
      '/queue?status=all&receivedFrom=2026-07-01&receivedTo=2026-09-30&verification=failed',
    );
  });

  it('says which requests each part counts: received in the period, or answered in it', async () => {
    serveDashboard(['manager']);
    renderApp('/dashboard');
    expect(await screen.findByRole('heading', { level: 2, name: 'Open now' })).toBeInTheDocument();
    expect(
      screen.getByText('Requests received in the period that are still open today.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Answered in the period' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Received in the period' })).toBeInTheDocument();
    for (const name of [
      'On-time rate per month',
      'Answered per month',
      'Days to close per type',
      'Denial rate by reason',
      'Intake per week',
      'Open by status',
      'Workload per assignee',
      'Erasure lines outstanding',
    ])
      expect(screen.getByRole('heading', { level: 3, name })).toBeInTheDocument();
  });

  it('draws each chart with a summary, and shows its table of links on request', async () => {
    serveDashboard(['manager']);
    const { user } = renderApp('/dashboard');
    const daysToClose = await waitFor(() => chartCard('Days to close per type'));
    // The chart itself loads lazily; its container says what it shows.
    expect(
      await within(daysToClose).findByRole('img', {
        name: 'Days to close per type, median and 90th percentile: Access 12 and 27.4, Erasure 9.5 and 20.',
      }),
    ).toBeInTheDocument();

    await user.click(within(daysToClose).getByRole('radio', { name: 'Table' }));
    const table = within(daysToClose).getByRole('table', { name: 'Days to close per type' });
    const access = within(table).getByRole('rowheader', { name: 'Access' }).closest('tr');
    if (!access) throw new Error('no row for Access');
    expect(
      within(access)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['14', '12', '27.4', '13.6']);
    expect(within(access).getByRole('link', { name: '14' })).toHaveAttribute(
      'href',
      '/queue?status=all&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30&type=access',
    );
    expect(within(daysToClose).queryByRole('img')).not.toBeInTheDocument();

    const workload = chartCard('Workload per assignee');
    await user.click(within(workload).getByRole('radio', { name: 'Table' }));
    const workloadTable = within(workload).getByRole('table', { name: 'Workload per assignee' });
    const oliviaRow = within(workloadTable).getByRole('rowheader', { name: 'Olivia Okafor' }).closest('tr');
    if (!oliviaRow) throw new Error('no row for Olivia');
    expect(within(oliviaRow).getByRole('link', { name: '5' })).toHaveAttribute(
      'href',
      `/queue?status=in_progress&receivedFrom=2026-07-01&receivedTo=2026-09-30&assignee=${olivia.id}`,
    );
    expect(within(oliviaRow).getByRole('link', { name: '7' })).toHaveAttribute(
      'href',
      `/queue?status=${openStatuses}&receivedFrom=2026-07-01&receivedTo=2026-09-30&assignee=${olivia.id}`,
    );
    expect(within(workloadTable).getByRole('rowheader', { name: 'Unassigned' })).toBeInTheDocument();

    const denials = chartCard('Denial rate by reason');
    await user.click(within(denials).getByRole('radio', { name: 'Table' }));
    const fraud = within(denials).getByRole('rowheader', { name: 'Suspected fraud' }).closest('tr');
    if (!fraud) throw new Error('no row for suspected fraud');
    expect(
      within(fraud)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', '5%']);
    expect(within(fraud).getByRole('link', { name: '1' })).toHaveAttribute(
      'href',
      '/queue?status=denied&responded=true&closedFrom=2026-07-01&closedTo=2026-09-30&reasonCode=suspected_fraud',
    );
  });

  it('keeps the filters in the address bar and asks for the figures they name', async () => {
    const inputs = serveDashboard(['manager']);
    const { user, location } = renderApp('/dashboard');
    await screen.findByRole('link', { name: '12 open requests' });
    expect(inputs.at(-1)).toEqual({});
    expect(screen.getByText('All time')).toBeInTheDocument();

    await choose(user, 'Period', 'Last quarter');
    const lastQuarter = periodRange('last_quarter', today());
    await waitFor(() => expect(new URLSearchParams(location().search).get('period')).toBe('last_quarter'));
    await waitFor(() => expect(inputs.at(-1)).toEqual({ from: lastQuarter.from, to: lastQuarter.to }));
    expect(
      screen.getByText(
        `${formatCalendarDate(lastQuarter.from ?? '')} – ${formatCalendarDate(lastQuarter.to ?? '')}`,
      ),
    ).toBeInTheDocument();

    await choose(user, 'Regime', 'EU GDPR');
    // The types offered are the regime's.
    await user.click(screen.getByRole('combobox', { name: 'Request type' }));
    expect(await screen.findByRole('option', { name: 'Erasure' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Know' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Erasure' }));
    await choose(user, 'Assignee', 'Olivia Okafor');
    await waitFor(() =>
      expect(inputs.at(-1)).toEqual({
        from: lastQuarter.from,
        to: lastQuarter.to,
        regime: 'gdpr',
        type: 'erasure',
        assignee: olivia.id,
      }),
    );
    const params = new URLSearchParams(location().search);
    expect(Object.fromEntries(params)).toEqual({
      period: 'last_quarter',
      regime: 'gdpr',
      type: 'erasure',
      assignee: olivia.id,
    });

    // A regime that does not cover the chosen type lets the type go.
    await choose(user, 'Regime', 'CCPA/CPRA');
    await waitFor(() => expect(new URLSearchParams(location().search).get('type')).toBeNull());
    expect(new URLSearchParams(location().search).get('regime')).toBe('ccpa');

    await choose(user, 'Assignee', 'Nobody (unassigned)');
    await waitFor(() => expect(inputs.at(-1)).toMatchObject({ regime: 'ccpa', assignee: 'nobody' }));
  });

  it('takes custom days, and falls back on its own for a bad value in a link', async () => {
    const inputs = serveDashboard(['manager']);
    const { user, location } = renderApp(
      '/dashboard?period=custom&from=2026-02-01&to=2026-01-01&regime=nowhere&type=know&assignee=someone',
    );
    await screen.findByRole('link', { name: '12 open requests' });
    // The end before the start goes, as do the unknown regime and assignee; the type stays.
    expect(inputs[0]).toEqual({ from: '2026-02-01', type: 'know' });
    expect(screen.getByText(`From ${formatCalendarDate('2026-02-01')}`)).toBeInTheDocument();

    const to = screen.getByLabelText('To');
    await user.type(to, '2026-03-31');
    await waitFor(() =>
      expect(inputs.at(-1)).toEqual({ from: '2026-02-01', to: '2026-03-31', type: 'know' }),
    );
    expect(new URLSearchParams(location().search).get('to')).toBe('2026-03-31');
  });

  it('offers the exports to managers, with the period and regime', async () => {
    serveDashboard(['manager']);
    renderApp('/dashboard?period=custom&from=2026-07-01&to=2026-09-30&regime=ccpa&type=know');
    const figures = await screen.findByRole('link', { name: 'Download figures (CSV)' });
    expect(new URL(figures.getAttribute('href') ?? '', 'https://desk.example').pathname).toBe(
      '/export/dashboard.csv',
    );
    expect(
      JSON.parse(
        new URL(figures.getAttribute('href') ?? '', 'https://desk.example').searchParams.get('input') ?? '',
      ),
    ).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      regime: 'ccpa',
      type: 'know',
    });
    const log = screen.getByRole('link', { name: 'CCPA §7101 request log (CSV)' });
    const logUrl = new URL(log.getAttribute('href') ?? '', 'https://desk.example');
    expect(logUrl.pathname).toBe('/export/request-log.csv');
    expect(JSON.parse(logUrl.searchParams.get('input') ?? '')).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      regime: 'ccpa',
    });
    expect(screen.getByRole('link', { name: 'CCPA §7102 report' })).toHaveAttribute(
      'href',
      '/dashboard/ccpa-7102',
    );
  });

  it('hides the exports from an officer, who may read the figures but not export reports', async () => {
    serveDashboard(['privacy_officer']);
    renderApp('/dashboard');
    await screen.findByRole('link', { name: '12 open requests' });
    expect(screen.queryByRole('link', { name: 'Download figures (CSV)' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'CCPA §7101 request log (CSV)' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'CCPA §7102 report' })).not.toBeInTheDocument();
  });

  it('says when the period has nothing, instead of drawing empty charts', async () => {
    serveDashboard(['manager'], emptyDashboard);
    renderApp('/dashboard?period=last_30_days');
    expect(await screen.findByText('No requests received in this period.')).toBeInTheDocument();
    expect(screen.getByText('No requests answered in this period.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3, name: 'Intake per week' })).not.toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(within(card('On time')).getByText('Nothing answered in the period')).toBeInTheDocument();
    expect(within(card('Open')).getByRole('link', { name: '0 open requests' })).toBeInTheDocument();
  });

  it('does not count the unassigned while narrowed to one person', async () => {
    serveDashboard(['manager'], () => dashboard({ unassigned: null }));
    renderApp(`/dashboard?assignee=${olivia.id}`);
    await screen.findByRole('link', { name: '12 open requests' });
    expect(
      within(card('Unassigned')).getByText('Not counted while the dashboard shows one person’s requests'),
    ).toBeInTheDocument();
  });

  it('shows a failure with a way to try again', async () => {
    let fail = true;
    serveDashboard(['manager'], () =>
      fail ? new TrpcFailure('INTERNAL_SERVER_ERROR', 'The figures are unavailable.') : dashboard(),
    );
    const { user } = renderApp('/dashboard');
    expect(await screen.findByText('Could not load the dashboard')).toBeInTheDocument();
    expect(screen.getByText('The figures are unavailable.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: '12 open requests' })).toBeInTheDocument();
  });

  it('is not for support agents', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['support_agent'])));
    renderApp('/dashboard');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });
});
