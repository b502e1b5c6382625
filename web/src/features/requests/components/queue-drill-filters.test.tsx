import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { formatCalendarDate } from '../../../lib/dates';
import { activeMe, olivia, queuePage, queueRow, summaryRow } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

// Rendering the whole app in jsdom takes seconds on a busy 2-core machine.
const slow = { timeout: 20_000 };

// "30 Sep 2026" or "30 Sept 2026", as this runtime's locale data writes it: the app's own formatter decides.
const sep30 = formatCalendarDate('2026-09-30');
const crmId = '00000000-0000-4000-8000-00000000d201';

function crm(): OutputOf<'inventory.list'>['items'][number] {
  return {
    id: crmId,
    key: 'crm',
    name: 'Customer CRM',
    description: 'Accounts and contacts of customers.',
    owner: { ...olivia, active: true },
    dataCategories: ['contact_details'],
    connector: { kind: 'manual', instructions: 'Delete the contact by hand.' },
    retentionRules: [],
    subprocessors: [],
    warnings: [],
    version: 1,
    updatedAt: '2026-03-02T09:15:00.000Z',
    updatedBy: 'Ada Admin',
  };
}

function answerQueue(roles: Role[]) {
  const finds: InputOf<'requests.find'>[] = [];
  const full = roles.includes('privacy_officer') || roles.includes('manager');
  server.use(
    trpcQuery('auth.me', () => activeMe(roles)),
    trpcQuery('views.find', () => ({ builtIn: [], saved: [] })),
    trpcQuery('staff.assignable', () => ({ items: [olivia] })),
    trpcQuery('inventory.list', () => ({ items: [crm()] })),
    trpcQuery('requests.find', (input) => {
      finds.push(input);
      return full
        ? queuePage('full', [queueRow({ reference: 'DSR-2026-000301', status: 'completed' })])
        : queuePage('summary', [summaryRow({ reference: 'DSR-2026-000301' })]);
    }),
  );
  return finds;
}

const chipList = () => screen.findByRole('list', { name: 'Other filters' });
const chipLabels = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((chip) => chip.textContent);

describe('the queue opened from a dashboard figure', slow, () => {
  it('asks for exactly the link’s filters, shows each as a chip, and drops one removed', async () => {
    const finds = answerQueue(['privacy_officer']);
    const { user, location } = renderApp(
      '/queue?status=all&closedFrom=2026-07-01&closedTo=2026-09-30&late=statutory&regime=gdpr',
    );
    await screen.findByRole('table', { name: 'Requests' });
    expect(finds.at(-1)).toEqual({
      page: 1,
      pageSize: 25,
      regime: 'gdpr',
      closedFrom: '2026-07-01',
      closedTo: '2026-09-30',
      late: 'statutory',
      sort: 'dueOn',
      dir: 'asc',
    });
    const list = await chipList();
    expect(chipLabels(list)).toEqual([`Closed 1 Jul 2026 – ${sep30}`, 'Closed late (statutory date)']);
    // The regime is the filter bar's: it shows there, not as a chip.
    expect(screen.getByRole('combobox', { name: 'Regime' })).toHaveValue('EU GDPR');

    await user.click(
      within(list).getByRole('button', { name: 'Remove filter: Closed late (statutory date)' }),
    );
    await waitFor(() =>
      expect(finds.at(-1)).toEqual({
        page: 1,
        pageSize: 25,
        regime: 'gdpr',
        closedFrom: '2026-07-01',
        closedTo: '2026-09-30',
        sort: 'dueOn',
        dir: 'asc',
      }),
    );
    expect(new URLSearchParams(location().search).has('late')).toBe(false);
    expect(chipLabels(await chipList())).toEqual([`Closed 1 Jul 2026 – ${sep30}`]);

    // A period goes as a whole: its start and its end.
    await user.click(screen.getByRole('button', { name: `Remove filter: Closed 1 Jul 2026 – ${sep30}` }));
    await waitFor(() =>
      expect(finds.at(-1)).toEqual({ page: 1, pageSize: 25, regime: 'gdpr', sort: 'dueOn', dir: 'asc' }),
    );
    expect(location().search).toBe('?status=all&regime=gdpr');
    expect(screen.queryByRole('list', { name: 'Other filters' })).not.toBeInTheDocument();
  });

  it('names every other drill-down in words, the data system by its name', async () => {
    const finds = answerQueue(['privacy_officer']);
    renderApp(
      `/queue?status=denied&receivedFrom=2026-07-01&receivedTo=2026-09-30&responded=true&onTime=company&due=overdue&overdueMin=8&overdueMax=30&reasonCode=suspected_fraud&extended=true&verification=passed&erasurePending=${crmId}`,
    );
    await screen.findByRole('table', { name: 'Requests' });
    expect(finds.at(-1)).toMatchObject({
      statuses: ['denied'],
      receivedFrom: '2026-07-01',
      receivedTo: '2026-09-30',
      responded: true,
      onTime: 'company',
      due: 'overdue',
      overdueMin: 8,
      overdueMax: 30,
      reasonCode: 'suspected_fraud',
      extended: true,
      verification: 'passed',
      erasurePending: crmId,
    });
    const list = await chipList();
    await waitFor(() =>
      expect(chipLabels(list)).toEqual([
        `Received 1 Jul 2026 – ${sep30}`,
        'Answered',
        'Answered on time (company answer time)',
        'Overdue by 8–30 days',
        'Denied: Suspected fraud',
        'Extended',
        'Identity check passed',
        'Erasure pending in Customer CRM',
      ]),
    );
  });

  it('says "a data system" for one the inventory does not name', async () => {
    answerQueue(['privacy_officer']);
    renderApp('/queue?erasurePending=00000000-0000-4000-8000-00000000d999');
    expect(chipLabels(await chipList())).toEqual(['Erasure pending in a data system']);
  });

  it('clears the drill-downs with the other filters', async () => {
    const finds = answerQueue(['privacy_officer']);
    const { user, location } = renderApp('/queue?type=erasure&extended=false&receivedTo=2026-09-30');
    expect(chipLabels(await chipList())).toEqual([`Received on or before ${sep30}`, 'Not extended']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(location().search).toBe(''));
    await waitFor(() => expect(finds.at(-1)).not.toHaveProperty('extended'));
    expect(finds.at(-1)).not.toHaveProperty('receivedTo');
    expect(screen.queryByRole('list', { name: 'Other filters' })).not.toBeInTheDocument();
  });

  it('shows a summary reader only the filters applied for them', async () => {
    const finds = answerQueue(['support_agent']);
    renderApp(
      '/queue?status=all&receivedFrom=2026-07-01&closedFrom=2026-07-01&late=statutory&due=overdue&overdueMin=91',
    );
    await screen.findByRole('table', { name: 'Requests' });
    expect(finds.at(-1)).toEqual({
      page: 1,
      pageSize: 25,
      due: 'overdue',
      receivedFrom: '2026-07-01',
      overdueMin: 91,
      sort: 'dueOn',
      dir: 'asc',
    });
    expect(chipLabels(await chipList())).toEqual([
      'Received on or after 1 Jul 2026',
      'Overdue by 91 days or more',
    ]);
  });
});
