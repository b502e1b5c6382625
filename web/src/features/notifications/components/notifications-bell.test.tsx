import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe, requestDetail } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { emptyQueueHandlers } from '../../../testing/queue-msw';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import type { NotificationItem } from '../hooks/use-notifications';

let counter = 0;
const nextId = (prefix: string) => {
  counter += 1;
  return `00000000-0000-4000-8000-${prefix}${String(counter).padStart(12 - prefix.length, '0')}`;
};

type ReminderItem = Extract<NotificationItem, { kind: 'reminders.due' | 'reminders.unassigned' }>;

function reminder(overrides: Partial<ReminderItem> = {}): ReminderItem {
  return {
    id: nextId('n'),
    kind: 'reminders.due',
    title: 'Your requests: 1 overdue, 1 due in 5 days or fewer',
    body: 'Overdue: DSR-2026-000101 (by 3 days). Due soon: DSR-2026-000102 (in 2 days).',
    data: {
      on: '2026-03-10',
      counts: { overdue: 1, dueSoon: 1, unassigned: 0 },
      requests: [
        { id: nextId('e'), reference: 'DSR-2026-000101', dueOn: '2026-03-07', state: 'overdue' },
        { id: nextId('e'), reference: 'DSR-2026-000102', dueOn: '2026-03-12', state: 'due_soon' },
      ],
      truncated: false,
    },
    createdAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    readAt: null,
    ...overrides,
  };
}

/** The server's notifications for one person, answering find, unreadCount and markRead as it would. */
function answerNotifications(initial: NotificationItem[]) {
  const state = { items: initial, finds: [] as InputOf<'notifications.find'>[], marks: [] as unknown[] };
  const unread = () => state.items.filter((n) => n.readAt === null).length;
  server.use(
    trpcQuery('auth.me', () => activeMe(['privacy_officer'], { name: 'Olivia Okafor' })),
    ...emptyQueueHandlers(),
    trpcQuery('notifications.unreadCount', () => ({ unread: unread() })),
    trpcQuery('notifications.find', (input) => {
      state.finds.push(input);
      const page = input.page ?? 1;
      const pageSize = input.pageSize ?? 25;
      return {
        items: state.items.slice((page - 1) * pageSize, page * pageSize),
        total: state.items.length,
        page,
        pageSize,
        unread: unread(),
      };
    }),
    trpcMutation('notifications.markRead', (input) => {
      state.marks.push(input);
      const now = new Date().toISOString();
      let marked = 0;
      state.items = state.items.map((n) => {
        if (n.readAt !== null || (input.all !== true && !(input.ids ?? []).includes(n.id))) return n;
        marked += 1;
        return { ...n, readAt: now };
      });
      return { marked, unread: unread() };
    }),
  );
  return state;
}

async function openBell(
  user: ReturnType<typeof renderApp>['user'],
  name: string | RegExp = /^Notifications/,
) {
  await user.click(await screen.findByRole('button', { name }));
  return screen.findByRole('dialog', { name: 'Notifications' });
}

describe('the notifications bell', () => {
  it('shows the unread count in its name and badge', async () => {
    const state = answerNotifications([
      reminder(),
      reminder(),
      reminder({ readAt: '2026-03-10T08:00:00.000Z' }),
    ]);
    renderApp('/queue');
    const bell = await screen.findByRole('button', { name: 'Notifications, 2 unread' });
    // The badge sits beside the button, hidden from screen readers (the name already says it).
    expect(bell.parentElement).toHaveTextContent(/^2$/);
    // The list is asked for only when the panel opens.
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(state.finds).toEqual([]);
  });

  it('opens a list of reminders whose requests link to their pages; following one marks it read', async () => {
    const first = reminder();
    const older = reminder({
      kind: 'reminders.unassigned',
      title: '3 requests unassigned for more than 2 days',
      body: 'Oldest first: DSR-2026-000090 (received 2026-03-01), DSR-2026-000091 and 1 more.',
      data: {
        on: '2026-03-09',
        counts: { overdue: 0, dueSoon: 0, unassigned: 3 },
        requests: [{ id: nextId('e'), reference: 'DSR-2026-000090', dueOn: null, state: 'unassigned' }],
        truncated: true,
      },
      createdAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
      readAt: '2026-03-09T09:00:00.000Z',
    });
    const state = answerNotifications([first, older]);
    const target = first.data.requests[0];
    if (!target) throw new Error('the reminder lists no request');
    server.use(
      trpcQuery('requests.get', () => requestDetail({ id: target.id, reference: target.reference })),
      trpcQuery('requests.timeline', () => ({ items: [] })),
      trpcQuery('staff.assignable', () => ({ items: [] })),
    );
    const { user, location } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 1 unread');

    const list = await within(dialog).findByRole('list', { name: 'Recent notifications' });
    const [newest, second] = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list);
    expect(newest).toHaveTextContent('Unread: Your requests: 1 overdue, 1 due in 5 days or fewer');
    expect(newest).toHaveTextContent('2 hours ago');
    expect(newest).toHaveTextContent('Overdue: DSR-2026-000101 (by 3 days).');
    expect(second).toHaveTextContent('3 requests unassigned for more than 2 days');
    expect(second).not.toHaveTextContent('Unread');
    expect(second).toHaveTextContent('yesterday');
    expect(second).toHaveTextContent('2 more not listed here');
    expect(within(second as HTMLElement).getByText('Unassigned')).toBeInTheDocument();

    const overdue = within(newest as HTMLElement).getByRole('link', { name: 'DSR-2026-000101' });
    expect(overdue).toHaveAttribute('href', `/requests/${target.id}`);
    // The reminder's own year goes unsaid; the full date is the time's title.
    expect(overdue.closest('li')).toHaveTextContent('due 7 Mar');
    expect(within(overdue.closest('li') as HTMLElement).getByTitle('7 Mar 2026')).toHaveAttribute(
      'datetime',
      '2026-03-07',
    );
    expect(overdue.closest('li')).toHaveTextContent('Overdue');
    expect(
      within(newest as HTMLElement)
        .getByRole('link', { name: 'DSR-2026-000102' })
        .closest('li'),
    ).toHaveTextContent('Due soon');
    expect(
      within(second as HTMLElement).queryByRole('button', { name: /Mark read/ }),
    ).not.toBeInTheDocument();

    await user.click(overdue);
    await waitFor(() => expect(location().pathname).toBe(`/requests/${target.id}`));
    await waitFor(() => expect(state.marks).toEqual([{ ids: [first.id] }]));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Notifications' })).not.toBeInTheDocument(),
    );
  });

  it('shows an admin a flag of unusual searching, linking to the searcher’s audit trail (never the terms)', async () => {
    const searcherId = '00000000-0000-4000-8000-00000000a9e7';
    answerNotifications([
      {
        id: nextId('n'),
        kind: 'security.search_burst',
        title: 'Unusual searching: Sam Support',
        body: 'Sam Support reached the limit of 30 masked searches a minute and was refused. Their searches are in the audit log.',
        data: {
          searcher: { id: searcherId, name: 'Sam Support' },
          surface: 'queue',
          searches: 30,
          perMinute: 30,
          at: '2026-03-10T09:00:00.000Z',
        },
        createdAt: new Date(Date.now() - 60_000).toISOString(),
        readAt: null,
      },
    ]);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 1 unread');
    expect(within(dialog).getByText('Unusual searching: Sam Support')).toBeInTheDocument();
    expect(within(dialog).getByText(/^Unusual searching ·/)).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'See Sam Support’s audit trail' })).toHaveAttribute(
      'href',
      `/audit?actorId=${searcherId}`,
    );
  });

  it('lists an officer’s erasures near their deadline, each with its date and minors marked', async () => {
    const minorId = nextId('e');
    answerNotifications([
      {
        id: nextId('n'),
        kind: 'erasure.deadline',
        title: 'Erasures: 1 overdue, 1 due in 5 days or fewer',
        body: 'Overdue: DSR-2026-000201 (by 2 days). Due soon: DSR-2026-000202 (in 1 day, minor).',
        data: {
          on: '2026-03-10',
          counts: { overdue: 1, dueSoon: 1 },
          requests: [
            {
              id: nextId('e'),
              reference: 'DSR-2026-000201',
              dueOn: '2026-03-08',
              minor: false,
              state: 'overdue',
            },
            {
              id: minorId,
              reference: 'DSR-2026-000202',
              dueOn: '2026-03-11',
              minor: true,
              state: 'due_soon',
            },
          ],
          truncated: false,
        },
        createdAt: new Date(Date.now() - 60_000).toISOString(),
        readAt: null,
      },
    ]);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 1 unread');
    expect(within(dialog).getByText(/^Erasures nearing their deadline ·/)).toBeInTheDocument();
    const listed = within(dialog).getByRole('list', {
      name: 'Requests in “Erasures: 1 overdue, 1 due in 5 days or fewer”',
    });
    const [overdue, soon] = within(listed).getAllByRole('listitem');
    expect(overdue).toHaveTextContent('DSR-2026-000201due 8 MarOverdue');
    expect(overdue).not.toHaveTextContent('minor');
    expect(soon).toHaveTextContent('DSR-2026-000202due 11 Mar · minorDue soon');
    expect(within(soon as HTMLElement).getByRole('link', { name: 'DSR-2026-000202' })).toHaveAttribute(
      'href',
      `/requests/${minorId}`,
    );
    expect(within(dialog).getByRole('link', { name: 'Open pending deletions' })).toHaveAttribute(
      'href',
      '/deletions',
    );
  });

  it('says how many account deletions have no erasure request, alone in an alert', async () => {
    answerNotifications([
      {
        id: nextId('n'),
        kind: 'erasure.deadline',
        title: 'Erasures: 2 account deletions without a request',
        body: 'No erasure request yet for 2 account deletions, the soonest purge date 2026-03-12 (in 2 days): log each from Pending deletions.',
        data: {
          on: '2026-03-10',
          counts: { overdue: 0, dueSoon: 0 },
          requests: [],
          truncated: false,
          unrequested: { total: 2, soonestPurgeOn: '2026-03-12' },
        },
        createdAt: new Date(Date.now() - 60_000).toISOString(),
        readAt: null,
      },
    ]);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 1 unread');
    expect(
      within(dialog).getByText(
        /^2 account deletions have no erasure request yet, the soonest to be purged on/,
      ),
    ).toHaveTextContent(
      '2 account deletions have no erasure request yet, the soonest to be purged on 12 Mar 2026.',
    );
    expect(within(dialog).getByRole('link', { name: 'Open pending deletions' })).toHaveAttribute(
      'href',
      '/deletions',
    );
  });

  it('marks one read from its own button', async () => {
    const [a, b] = [reminder({ title: 'Your requests: 2 overdue' }), reminder()];
    const state = answerNotifications([a, b]);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 2 unread');
    await user.click(
      await within(dialog).findByRole('button', { name: 'Mark read: Your requests: 2 overdue' }),
    );
    await waitFor(() => expect(state.marks).toEqual([{ ids: [a.id] }]));
    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(dialog).queryByRole('button', { name: 'Mark read: Your requests: 2 overdue' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('marks all read: the badge goes and the list shows them read', async () => {
    const state = answerNotifications([reminder(), reminder(), reminder()]);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 3 unread');
    expect(await within(dialog).findAllByText(/^Unread:/)).toHaveLength(3);
    await user.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(state.marks).toEqual([{ all: true }]));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).queryAllByText(/^Unread:/)).toHaveLength(0));
    expect(within(dialog).getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  });

  it('says so when there is nothing, and closes on Escape with focus back on the bell', async () => {
    answerNotifications([]);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications');
    expect(await within(dialog).findByText('You’re all caught up')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Mark all read' })).toBeDisabled();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notifications' })).toHaveFocus());
  });

  it('shows an error with a retry when the list cannot load', async () => {
    const state = answerNotifications([reminder({ title: 'Your requests: 4 overdue' })]);
    let calls = 0;
    server.use(
      trpcQuery('notifications.find', (input) => {
        calls += 1;
        if (calls === 1) return new TrpcFailure('INTERNAL_SERVER_ERROR', 'Something went wrong on our side.');
        return {
          items: state.items,
          total: state.items.length,
          page: input.page ?? 1,
          pageSize: 10,
          unread: 1,
        };
      }),
    );
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 1 unread');
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Could not load notifications');
    expect(alert).toHaveTextContent('Something went wrong on our side.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(dialog).findByText('Your requests: 4 overdue')).toBeInTheDocument();
  });

  it('pages with "Show more"', async () => {
    const items = Array.from({ length: 12 }, (_, i) =>
      reminder({
        title: `Reminder ${i + 1}`,
        createdAt: new Date(Date.now() - i * 86_400_000).toISOString(),
      }),
    );
    const state = answerNotifications(items);
    const { user } = renderApp('/queue');
    const dialog = await openBell(user, 'Notifications, 12 unread');
    expect(await within(dialog).findByText('Reminder 10')).toBeInTheDocument();
    expect(within(dialog).queryByText('Reminder 11')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Show more' }));
    expect(await within(dialog).findByText('Reminder 12')).toBeInTheDocument();
    expect(state.finds.map((f) => f.page)).toContain(2);
    expect(within(dialog).queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });
});
