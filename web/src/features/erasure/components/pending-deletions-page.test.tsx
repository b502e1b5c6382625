import type { PendingDeletion } from '@privdesk/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

const slow = { timeout: 20_000 };

const oldest: PendingDeletion = {
  id: '00000000-0000-4000-8000-00000000e001',
  reference: 'DSR-2027-000101',
  receivedAt: '2027-02-05T09:00:00.000Z',
  ageDays: 33,
  stage: 'no_plan',
  dueOn: '2027-03-05',
  minorTarget: false,
  daysLeft: -5,
  accountNumber: 'SYN-810001',
  assignee: { id: '00000000-0000-4000-8000-00000000a001', name: 'Olivia Okafor' },
};
const minor: PendingDeletion = {
  id: '00000000-0000-4000-8000-00000000e002',
  reference: 'DSR-2027-000102',
  receivedAt: '2027-03-08T12:00:00.000Z',
  ageDays: 1,
  stage: 'identity_check',
  dueOn: '2027-03-11',
  minorTarget: true,
  daysLeft: 1,
  accountNumber: null,
  assignee: null,
};
const later: PendingDeletion = {
  id: '00000000-0000-4000-8000-00000000e003',
  reference: 'DSR-2027-000103',
  receivedAt: '2027-03-09T12:00:00.000Z',
  ageDays: 0,
  stage: 'grace_period',
  dueOn: '2027-04-08',
  minorTarget: false,
  daysLeft: 29,
  accountNumber: 'SYN-810002',
  assignee: null,
};

type Answer = OutputOf<'erasure.pendingDeletions'>;

function answer(
  items: PendingDeletion[],
  opts: { total?: number; page?: number; pageSize?: number; unrequested?: Answer['unrequested'] } = {},
): Answer {
  return {
    items,
    total: opts.total ?? items.length,
    page: opts.page ?? 1,
    pageSize: opts.pageSize ?? 25,
    today: '2027-03-10',
    counts: { open: opts.total ?? items.length, overdue: 1, dueSoon: 1 },
    minorTargetHours: 72,
    unrequested: opts.unrequested ?? { total: 0, items: [] },
  };
}

/** The server's pending deletions, recording what each read asked for. */
function answerDeletions(
  roles: Role[],
  reply: (input: InputOf<'erasure.pendingDeletions'>) => Answer | TrpcFailure,
) {
  const state = { reply, inputs: [] as InputOf<'erasure.pendingDeletions'>[] };
  server.use(
    trpcQuery('auth.me', () => activeMe(roles, { name: 'Olivia Okafor' })),
    trpcQuery('erasure.pendingDeletions', (input) => {
      state.inputs.push(input);
      return state.reply(input);
    }),
  );
  return state;
}

async function table() {
  return screen.findByRole('table', { name: 'Open erasures, oldest first' });
}

describe('pending deletions', slow, () => {
  it('lists the open erasures oldest first, with the counts, stages, deadlines and days left', async () => {
    const state = answerDeletions(['privacy_officer'], () => answer([oldest, minor, later]));
    renderApp('/deletions');
    expect(await screen.findByRole('heading', { level: 1, name: 'Pending deletions' })).toBeInTheDocument();
    const rows = within(await table())
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual([
      'DSR-2027-000101',
      'DSR-2027-000102',
      'DSR-2027-000103',
    ]);
    const [first, second, third] = rows.map((r) => within(r));
    expect(first?.getByRole('link', { name: 'DSR-2027-000101' })).toHaveAttribute(
      'href',
      `/requests/${oldest.id}`,
    );
    expect(first?.getByText('33 days')).toBeInTheDocument();
    expect(first?.getByText('No plan yet')).toBeInTheDocument();
    expect(first?.getByText('5 Mar')).toHaveAttribute('datetime', '2027-03-05');
    expect(first?.getByText('5 days overdue')).toBeInTheDocument();
    expect(first?.getByText('Olivia Okafor')).toBeInTheDocument();
    expect(first?.getByText('SYN-810001')).toBeInTheDocument();
    expect(first?.queryByText(/Minor/)).not.toBeInTheDocument();

    expect(second?.getByText('Minor · 72 h target')).toBeInTheDocument();
    expect(second?.getByText('in 1 day')).toBeInTheDocument();
    expect(second?.getByText('Verifying identity')).toBeInTheDocument();
    expect(second?.getByText('Unassigned')).toBeInTheDocument();
    expect(second?.getByText('No account')).toBeInTheDocument();

    expect(third?.getByText('under a day')).toBeInTheDocument();
    expect(third?.getByText('Approved (grace period)')).toBeInTheDocument();
    expect(third?.getByText('in 29 days')).toBeInTheDocument();

    const glance = within(screen.getByLabelText('Pending deletions at a glance'));
    expect(glance.getByText('Open erasures').nextSibling).toHaveTextContent('3');
    expect(glance.getByText('Overdue').nextSibling).toHaveTextContent('1');
    expect(glance.getByText('Due in 5 days or fewer').nextSibling).toHaveTextContent('1');
    expect(state.inputs).toEqual([{ page: 1, pageSize: 25 }]);
  });

  it('lists the account deletions no request covers, each linked to its account, and how many more', async () => {
    answerDeletions(['privacy_officer'], () =>
      answer([oldest], {
        unrequested: {
          total: 3,
          items: [
            {
              customerId: '00000000-0000-4000-8000-00000000f001',
              accountNumber: 'SYN-820002',
              purgeOn: '2027-03-12',
              daysLeft: 2,
            },
            {
              customerId: '00000000-0000-4000-8000-00000000f002',
              accountNumber: 'SYN-820004',
              purgeOn: '2027-03-25',
              daysLeft: 15,
            },
          ],
        },
      }),
    );
    renderApp('/deletions');
    const section = await screen.findByRole('region', {
      name: '3 account deletions have no erasure request',
    });
    const accounts = within(within(section).getByRole('list', { name: 'Accounts to log' })).getAllByRole(
      'listitem',
    );
    expect(accounts.map((a) => a.textContent)).toEqual([
      'SYN-820002purge 12 Marin 2 days',
      'SYN-820004purge 25 Marin 15 days',
      'and 1 more',
    ]);
    expect(within(section).getByRole('link', { name: 'SYN-820002' })).toHaveAttribute(
      'href',
      '/customers/00000000-0000-4000-8000-00000000f001',
    );
  });

  it('pages through the server’s pages by the URL', async () => {
    const state = answerDeletions(['manager'], (input) =>
      input.page === 2
        ? answer([later], { total: 12, page: 2, pageSize: 10 })
        : answer([oldest, minor], { total: 12, page: 1, pageSize: 10 }),
    );
    const { user, location } = renderApp('/deletions?pageSize=10');
    expect(await screen.findByText('1–10 of 12 erasures')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => expect(location().search).toBe('?page=2&pageSize=10'));
    expect(await within(await table()).findByRole('link', { name: 'DSR-2027-000103' })).toBeInTheDocument();
    expect(state.inputs).toEqual([
      { page: 1, pageSize: 10 },
      { page: 2, pageSize: 10 },
    ]);
  });

  it('reads a bad link as the first page', async () => {
    const state = answerDeletions(['auditor'], () => answer([oldest]));
    renderApp('/deletions?page=0&pageSize=7');
    await table();
    expect(state.inputs).toEqual([{ page: 1, pageSize: 25 }]);
  });

  it('says so when no erasure is waiting', async () => {
    answerDeletions(['auditor'], () => ({ ...answer([]), counts: { open: 0, overdue: 0, dueSoon: 0 } }));
    renderApp('/deletions');
    expect(await screen.findByText('No erasure is waiting')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a failed load with a way to try again', async () => {
    const state = answerDeletions(
      ['privacy_officer'],
      () => new TrpcFailure('INTERNAL_SERVER_ERROR', 'The database is busy.'),
    );
    const { user } = renderApp('/deletions');
    expect(await screen.findByText('Could not load the pending deletions')).toBeInTheDocument();
    expect(screen.getByText('The database is busy.')).toBeInTheDocument();
    state.reply = () => answer([oldest]);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await within(await table()).findByRole('link', { name: 'DSR-2027-000101' })).toBeInTheDocument();
  });

  it('is closed to a support agent, who reads no request internals', async () => {
    const state = answerDeletions(['support_agent'], () => answer([oldest]));
    renderApp('/deletions');
    expect(await screen.findByRole('heading', { name: "You don't have access" })).toBeInTheDocument();
    expect(state.inputs).toEqual([]);
  });
});
