import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import {
  activeMe,
  olivia,
  omar,
  queuePage,
  queueRow,
  requestDetail,
  summaryRow,
} from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

// Filling a form or a table of Mantine inputs in jsdom takes seconds on a busy 2-core machine.
const slow = { timeout: 20_000 };

/** The open statuses, written out: the queue's default view asks for these. */
const open = [
  'received',
  'verifying',
  'in_progress',
  'awaiting_requester',
  'awaiting_approval',
  'approved',
  'fulfilling',
] as const;

const builtIn: OutputOf<'views.find'>['builtIn'] = [
  { key: 'open', label: 'Open', filters: { statuses: [...open], sort: 'dueOn', dir: 'asc' } },
  {
    key: 'my_open',
    label: 'My open',
    filters: { assignee: 'me', statuses: ['received', 'verifying'], sort: 'receivedAt', dir: 'desc' },
  },
  { key: 'overdue', label: 'Overdue', filters: { due: 'overdue', sort: 'dueOn', dir: 'asc' } },
  { key: 'all', label: 'All', filters: { sort: 'receivedAt', dir: 'desc' } },
];

function answerQueue(
  roles: Role[],
  answer: (input: InputOf<'requests.find'>) => OutputOf<'requests.find'> | TrpcFailure,
) {
  const finds: InputOf<'requests.find'>[] = [];
  server.use(
    trpcQuery('auth.me', () => activeMe(roles, { name: 'Olivia Okafor' })),
    trpcQuery('views.find', () => ({ builtIn, saved: [] })),
    trpcQuery('staff.assignable', () => ({ items: [olivia, omar] })),
    trpcQuery('requests.find', (input) => {
      finds.push(input);
      return answer(input);
    }),
  );
  return finds;
}

const first = queueRow({
  reference: 'DSR-2026-000101',
  requesterName: 'Jane Doe',
  requesterEmail: 'jane.doe@example.com',
  assignee: olivia,
  status: 'in_progress',
  priority: 'urgent',
  dueOn: '2020-01-01',
});
const second = queueRow({
  reference: 'DSR-2026-000102',
  requesterName: 'Ravi Patel',
  requesterEmail: 'ravi@example.org',
  status: 'received',
});

describe('queue', slow, () => {
  it('renders the rows the server returns, masked or not as sent', async () => {
    answerQueue(['privacy_officer'], () => queuePage('full', [first, second], { total: 2 }));
    renderApp('/queue');
    const table = await screen.findByRole('table', { name: 'Requests' });
    const [, row1, row2] = within(table).getAllByRole('row');
    if (!row1 || !row2) throw new Error('rows missing');
    expect(row1).toHaveTextContent('DSR-2026-000101');
    expect(row1).toHaveTextContent('Access');
    expect(row1).toHaveTextContent('EU GDPR');
    expect(row1).toHaveTextContent('In progress');
    expect(row1).toHaveTextContent('jane.doe@example.com');
    expect(row1).toHaveTextContent('Olivia Okafor');
    expect(row1).toHaveTextContent('Urgent');
    // Overdue says so in words, not only in red.
    expect(row1).toHaveTextContent(/\d+ days overdue/);
    expect(row2).toHaveTextContent('Unassigned');
    // Days are counted from the server's "today" (the handling zones as set), not the browser's clock.
    expect(row2).toHaveTextContent('in 22 days');
    expect(within(row1).getByRole('link', { name: 'DSR-2026-000101' })).toHaveAttribute(
      'href',
      `/requests/${first.id}`,
    );
    expect(screen.getByText('1–2 of 2 requests')).toBeInTheDocument();
  });

  it('is worked by keyboard: / to search, j/k or arrows between rows, x selects, Enter opens; one tab stop for the rows', async () => {
    answerQueue(['privacy_officer'], () => queuePage('full', [first, second], { total: 2 }));
    server.use(
      trpcQuery('requests.get', () => requestDetail({ id: second.id, reference: second.reference })),
      trpcQuery('requests.timeline', () => ({ items: [] })),
    );
    const { user, location } = renderApp('/queue');
    const table = await screen.findByRole('table', { name: 'Requests' });
    const [, row1, row2] = within(table).getAllByRole('row');
    if (!row1 || !row2) throw new Error('rows missing');
    // The rows are one stop: the first row holds it; the link and checkbox inside are out of the tab order.
    expect(row1).toHaveAttribute('tabindex', '0');
    expect(row2).toHaveAttribute('tabindex', '-1');
    expect(within(row1).getByRole('link', { name: 'DSR-2026-000101' })).toHaveAttribute('tabindex', '-1');
    expect(row1).toHaveAccessibleName('DSR-2026-000101, Access, In progress');

    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveFocus();

    row1.focus();
    await user.keyboard('j');
    expect(row2).toHaveFocus();
    expect(row2).toHaveAttribute('tabindex', '0');
    await user.keyboard('x');
    expect(within(row2).getByRole('checkbox', { name: 'Select DSR-2026-000102' })).toBeChecked();
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toBeInTheDocument();
    await user.keyboard('{ArrowUp}');
    expect(row1).toHaveFocus();
    await user.keyboard('k');
    expect(row1).toHaveFocus();
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(location().pathname).toBe(`/requests/${second.id}`));
  });

  it('writes filter changes to the URL and asks the server for them', async () => {
    const finds = answerQueue(['privacy_officer'], (input) =>
      queuePage('full', [first, second], { total: 120, page: input.page ?? 1 }),
    );
    const { user, location } = renderApp('/queue');
    await screen.findByRole('table', { name: 'Requests' });
    // Open work, most urgent first.
    expect(finds.at(-1)).toEqual({ page: 1, pageSize: 25, statuses: [...open], sort: 'dueOn', dir: 'asc' });
    expect(
      screen.getByText(/^Open requests, most urgent first\. Due dates are the earliest applicable clock/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: 'Erasure' }));
    await waitFor(() => expect(location().search).toBe('?type=erasure'));

    // "All" clears the status filter; then two statuses are picked.
    await user.click(
      within(screen.getByRole('group', { name: 'Views' })).getByRole('button', { name: 'All' }),
    );
    await waitFor(() => expect(location().search).toBe('?status=all&sort=receivedAt&dir=desc'));
    await user.click(screen.getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: 'Erasure' }));
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Received' }));
    // The router commits the new URL in a transition: wait until the page has rendered with it.
    await waitFor(() => expect(finds.at(-1)).toMatchObject({ statuses: ['received'] }));
    await user.click(await screen.findByRole('option', { name: 'Verifying identity' }));
    await waitFor(() =>
      expect(new URLSearchParams(location().search).get('status')).toBe('received,verifying'),
    );

    await user.click(screen.getByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Nobody (unassigned)' }));
    // The minors flag is under "More", which then counts it.
    await user.click(screen.getByRole('button', { name: 'More filters' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Minors only' }));
    await waitFor(() => expect(new URLSearchParams(location().search).get('minor')).toBe('true'));
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('button', { name: 'More filters (1 on)' })).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'jane@');
    await waitFor(() => expect(new URLSearchParams(location().search).get('search')).toBe('jane@'));
    await waitFor(() =>
      expect(finds.at(-1)).toEqual({
        page: 1,
        pageSize: 25,
        type: 'erasure',
        statuses: ['received', 'verifying'],
        assignee: 'nobody',
        minor: true,
        search: 'jane@',
        sort: 'receivedAt',
        dir: 'desc',
      }),
    );
  });

  it('sorts by a clicked header and pages, through the URL', async () => {
    const finds = answerQueue(['privacy_officer'], (input) =>
      queuePage('full', [first, second], { total: 120, page: input.page ?? 1 }),
    );
    const { user, location } = renderApp('/queue');
    await screen.findByRole('table', { name: 'Requests' });

    // The header says how the table is sorted, and a click asks the server.
    const due = screen.getByRole('columnheader', { name: /Due/ });
    expect(due).toHaveAttribute('aria-sort', 'ascending');
    await user.click(within(screen.getByRole('columnheader', { name: /Received/ })).getByRole('button'));
    await waitFor(() => expect(new URLSearchParams(location().search).get('sort')).toBe('receivedAt'));
    expect(new URLSearchParams(location().search).get('dir')).toBe('desc');
    await waitFor(() =>
      expect(screen.getByRole('columnheader', { name: /Received/ })).toHaveAttribute(
        'aria-sort',
        'descending',
      ),
    );
    await user.click(within(screen.getByRole('columnheader', { name: /Received/ })).getByRole('button'));
    await waitFor(() =>
      expect(screen.getByRole('columnheader', { name: /Received/ })).toHaveAttribute(
        'aria-sort',
        'ascending',
      ),
    );
    // Ascending is the default direction, so the URL no longer spells it out.
    expect(location().search).toBe('?sort=receivedAt');

    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => expect(new URLSearchParams(location().search).get('page')).toBe('2'));
    await waitFor(() => expect(finds.at(-1)).toMatchObject({ page: 2, sort: 'receivedAt', dir: 'asc' }));
  });

  it('falls back to defaults for a bad link instead of failing', async () => {
    const finds = answerQueue(['privacy_officer'], () => queuePage('full', [first]));
    renderApp(
      '/queue?page=-4&pageSize=7&status=nonsense,received&type=teleport&assignee=42&minor=maybe&sort=colour&dir=up&due=soonish',
    );
    await screen.findByRole('table', { name: 'Requests' });
    expect(finds.at(-1)).toEqual({
      page: 1,
      pageSize: 25,
      statuses: ['received'],
      sort: 'dueOn',
      dir: 'asc',
    });
  });

  it('counts one request as one request', async () => {
    answerQueue(['privacy_officer'], () => queuePage('full', [first], { total: 1 }));
    renderApp('/queue');
    expect(await screen.findByText('1 request')).toBeInTheDocument();
  });

  it('shows a capped total as "5,000+"', async () => {
    answerQueue(['manager'], () => queuePage('full', [first], { total: 5000, totalExact: false }));
    renderApp('/queue');
    expect(await screen.findByText('1–25 of 5,000+ requests')).toBeInTheDocument();
  });

  it('says when nothing matches, and clears the filters from there', async () => {
    answerQueue(['privacy_officer'], (input) =>
      queuePage('full', input.type ? [] : [first], { total: input.type ? 0 : 1 }),
    );
    const { user, location } = renderApp('/queue?type=erasure&pageSize=50');
    const table = await screen.findByRole('table', { name: 'Requests' });
    expect(await within(table).findByText('No requests match these filters')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(location().search).toBe('?pageSize=50'));
    expect(await within(table).findByText('DSR-2026-000101')).toBeInTheDocument();
  });

  it('shows an error with a retry when the queue cannot load', async () => {
    let calls = 0;
    answerQueue(['privacy_officer'], () => {
      calls += 1;
      return calls === 1
        ? new TrpcFailure('INTERNAL_SERVER_ERROR', 'Something went wrong on our side.')
        : queuePage('full', [first]);
    });
    const { user } = renderApp('/queue');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the queue');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('DSR-2026-000101')).toBeInTheDocument();
  });

  it('applies a built-in view and saves the current filters as a view of ones own', async () => {
    const finds = answerQueue(['privacy_officer'], () => queuePage('full', [first]));
    const creates: InputOf<'views.create'>[] = [];
    server.use(
      trpcMutation('views.create', (input) => {
        creates.push(input);
        return {
          id: '00000000-0000-4000-8000-00000000f001',
          name: input.name,
          filters: { sort: 'receivedAt' as const, dir: 'desc' as const, due: 'overdue' as const },
          createdAt: '2026-03-02T09:15:00.000Z',
        };
      }),
    );
    const { user, location } = renderApp('/queue');
    const views = await screen.findByRole('group', { name: 'Views' });
    const overdue = await within(views).findByRole('button', { name: 'Overdue' });
    expect(overdue).toHaveAttribute('aria-pressed', 'false');
    await user.click(overdue);
    // A view is all of its filters: "Overdue" spans every status, most overdue first.
    await waitFor(() => expect(location().search).toBe('?status=all&due=overdue'));
    await waitFor(() => expect(overdue).toHaveAttribute('aria-pressed', 'true'));
    await waitFor(() => expect(finds.at(-1)).toMatchObject({ due: 'overdue' }));

    await user.click(within(views).getByRole('button', { name: 'Save view' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
    await user.type(within(dialog).getByLabelText('Name'), 'Late ones');
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(creates).toEqual([{ name: 'Late ones', filters: { due: 'overdue', sort: 'dueOn', dir: 'asc' } }]);
  });

  it('applies a saved view and deletes it after asking', async () => {
    answerQueue(['privacy_officer'], () => queuePage('full', [first]));
    const saved = {
      id: '00000000-0000-4000-8000-00000000f002',
      name: 'Quebec backlog',
      filters: { regime: 'quebec' as const, sort: 'dueOn' as const, dir: 'asc' as const },
      createdAt: '2026-03-02T09:15:00.000Z',
    };
    const views = { saved: [saved] };
    const deletes: InputOf<'views.delete'>[] = [];
    server.use(
      trpcQuery('views.find', () => ({ builtIn, saved: views.saved })),
      trpcMutation('views.delete', (input) => {
        deletes.push(input);
        views.saved = [];
        return { ok: true as const };
      }),
    );
    const { user, location } = renderApp('/queue');
    const group = await screen.findByRole('group', { name: 'Views' });
    await user.click(await within(group).findByRole('button', { name: 'Quebec backlog' }));
    await waitFor(() => expect(location().search).toBe('?status=all&regime=quebec'));

    await user.click(within(group).getByRole('button', { name: 'Delete view Quebec backlog' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete saved view' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deletes).toEqual([{ id: saved.id }]);
    await waitFor(() =>
      expect(within(group).queryByRole('button', { name: 'Quebec backlog' })).not.toBeInTheDocument(),
    );
  });

  it('exports the current filter as CSV through a plain link', async () => {
    answerQueue(['privacy_officer'], () => queuePage('full', [first]));
    renderApp('/queue?regime=ccpa&search=jane');
    const link = await screen.findByRole('link', { name: 'Export CSV' });
    const href = new URL(link.getAttribute('href') ?? '', window.location.origin);
    expect(href.pathname).toBe('/export/requests.csv');
    expect(JSON.parse(href.searchParams.get('input') ?? '')).toEqual({
      statuses: [...open],
      regime: 'ccpa',
      search: 'jane',
      sort: 'dueOn',
      dir: 'asc',
    });
  });
});

describe('queue for summary readers (support agents)', () => {
  it('shows summary rows without links, selection, export or internal filters', async () => {
    const finds = answerQueue(['support_agent'], () =>
      queuePage('summary', [summaryRow({ reference: 'DSR-2026-000201' })]),
    );
    // An officer's link, opened by a support agent: the internal filters and sort fall away.
    renderApp('/queue?assignee=me&minor=true&sort=priority&type=access');
    const table = await screen.findByRole('table', { name: 'Requests' });
    expect(within(table).getByText('DSR-2026-000201')).toBeInTheDocument();
    expect(within(table).getByText('j***@e***.com')).toBeInTheDocument();
    expect(within(table).queryByRole('link')).not.toBeInTheDocument();
    expect(within(table).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: /Assignee/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Export CSV' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Assignee' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'My open' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New request' })).toBeInTheDocument();
    expect(finds.at(-1)).toEqual({
      page: 1,
      pageSize: 25,
      statuses: [...open],
      type: 'access',
      sort: 'dueOn',
      dir: 'asc',
    });
  });
});

describe('queue for a reader who sees requesters masked', slow, () => {
  it('offers no sort by requester, and a shared link sorted so opens in the default order', async () => {
    const finds = answerQueue(['manager'], () =>
      queuePage('full', [
        queueRow({
          reference: 'DSR-2026-000301',
          requesterName: 'J. D***',
          requesterEmail: 'j***@e***.com',
          requesterMasked: true,
        }),
      ]),
    );
    renderApp('/queue?sort=requester&dir=asc');
    await screen.findByRole('table', { name: 'Requests' });
    const requester = screen.getByRole('columnheader', { name: 'Requester' });
    expect(within(requester).queryByRole('button')).not.toBeInTheDocument();
    expect(requester).not.toHaveAttribute('aria-sort');
    // The search box says how it matches for this reader.
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveAttribute(
      'placeholder',
      'Reference, full email or whole name',
    );
    // Other columns still sort.
    expect(within(screen.getByRole('columnheader', { name: /Due/ })).getByRole('button')).toBeInTheDocument();
    expect(finds.at(-1)).toMatchObject({ sort: 'dueOn', dir: 'asc' });
  });
});

describe('bulk actions', slow, () => {
  it('assigns the selected requests and lists what succeeded and what failed, per row', async () => {
    answerQueue(['manager'], () => queuePage('full', [first, second]));
    const assigns: InputOf<'requests.bulkAssign'>[] = [];
    server.use(
      trpcMutation('requests.bulkAssign', (input) => {
        assigns.push(input);
        return {
          results: [
            { id: first.id, reference: first.reference, ok: true, version: 2 },
            {
              id: second.id,
              reference: second.reference,
              ok: false,
              error:
                'DSR-2026-000102 was changed by Olivia Okafor at 14:03 UTC — reload to see the change, then try again.',
            },
          ],
          succeeded: 1,
          unchanged: 0,
          failed: 1,
        };
      }),
    );
    const { user } = renderApp('/queue');
    await screen.findByRole('table', { name: 'Requests' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all requests on this page' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 requests selected')).toBeInTheDocument();
    // Managers assign; they do not work requests, so no status change is offered.
    expect(within(bar).queryByRole('combobox', { name: 'Change status' })).not.toBeInTheDocument();
    await user.click(within(bar).getByRole('combobox', { name: 'Assign to' }));
    await user.click(await screen.findByRole('option', { name: 'Omar Haddad' }));
    await user.click(within(bar).getByRole('button', { name: 'Assign' }));

    const dialog = await screen.findByRole('dialog', { name: 'Results: Assign to Omar Haddad' });
    expect(within(dialog).getByText('1 done, 1 failed.')).toBeInTheDocument();
    const rows = within(dialog).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('DSR-2026-000101');
    expect(rows[1]).toHaveTextContent('Done');
    expect(rows[2]).toHaveTextContent('DSR-2026-000102');
    expect(rows[2]).toHaveTextContent('Failed');
    expect(rows[2]).toHaveTextContent('was changed by Olivia Okafor at 14:03 UTC');
    expect(assigns).toEqual([
      {
        items: [
          { id: first.id, version: first.version },
          { id: second.id, version: second.version },
        ],
        assigneeId: omar.id,
      },
    ]);
  });

  it('assigns all N matching after a confirmation naming the count, and reports the unchanged apart', async () => {
    answerQueue(['manager'], () => queuePage('full', [first, second], { total: 37, pageSize: 2 }));
    const assigns: InputOf<'requests.bulkAssign'>[] = [];
    server.use(
      trpcMutation('requests.bulkAssign', (input) => {
        assigns.push(input);
        return {
          results: [
            { id: first.id, reference: first.reference, ok: true, version: 2 },
            { id: second.id, reference: second.reference, ok: true, version: 1, unchanged: true },
          ],
          succeeded: 36,
          unchanged: 1,
          failed: 0,
        };
      }),
    );
    const { user } = renderApp('/queue?pageSize=2');
    await screen.findByRole('table', { name: 'Requests' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all requests on this page' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    await user.click(within(bar).getByRole('button', { name: 'Select all 37 matching' }));
    expect(within(bar).getByText('All 37 matching requests selected')).toBeInTheDocument();
    await user.click(within(bar).getByRole('combobox', { name: 'Assign to' }));
    await user.click(await screen.findByRole('option', { name: 'Omar Haddad' }));
    await user.click(within(bar).getByRole('button', { name: 'Assign' }));
    const confirm = await screen.findByRole('dialog', { name: 'Assign all 37 matching requests?' });
    expect(confirm).toHaveTextContent(
      'Every request that matches the filters — 37 requests — will be assigned to Omar Haddad.',
    );
    expect(assigns).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Assign 37 requests' }));
    const results = await screen.findByRole('dialog', { name: 'Results: Assign to Omar Haddad' });
    expect(within(results).getByText('36 done, 1 unchanged (already so), 0 failed.')).toBeInTheDocument();
    expect(within(results).getAllByRole('row')[2]).toHaveTextContent('Unchanged');
    expect(assigns).toEqual([
      {
        matching: { filters: expect.objectContaining({ statuses: expect.any(Array) }), count: 37 },
        assigneeId: omar.id,
      },
    ]);
  });

  it('offers only the status changes every selected request allows, with the fields they need', async () => {
    const received = queueRow({ reference: 'DSR-2026-000111', status: 'received', version: 3 });
    const verifying = queueRow({ reference: 'DSR-2026-000112', status: 'verifying', version: 5 });
    answerQueue(['privacy_officer'], () => queuePage('full', [received, verifying]));
    const moves: InputOf<'requests.bulkTransition'>[] = [];
    server.use(
      trpcMutation('requests.bulkTransition', (input) => {
        moves.push(input);
        return {
          results: [
            { id: received.id, reference: received.reference, ok: true, version: 4 },
            { id: verifying.id, reference: verifying.reference, ok: true, version: 6 },
          ],
          succeeded: 2,
          unchanged: 0,
          failed: 0,
        };
      }),
    );
    const { user } = renderApp('/queue');
    await screen.findByRole('table', { name: 'Requests' });
    await user.click(screen.getByRole('checkbox', { name: 'Select DSR-2026-000111' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select DSR-2026-000112' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    await user.click(within(bar).getByRole('combobox', { name: 'Change status' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    // Received can start verification, verifying can start work: neither fits both. Deny and withdraw do.
    expect(options).toEqual(['Deny', 'Record withdrawal']);
    await user.click(screen.getByRole('option', { name: 'Deny' }));

    const dialog = await screen.findByRole('dialog', { name: 'Deny: 2 requests' });
    await user.click(within(dialog).getByRole('button', { name: 'Deny (2)' }));
    expect(await within(dialog).findByText('Choose a reason code.')).toBeInTheDocument();
    expect(within(dialog).getByText('Write the explanation sent to the requester.')).toBeInTheDocument();
    expect(moves).toHaveLength(0);

    await user.click(within(dialog).getByRole('combobox', { name: 'Reason code' }));
    await user.click(await screen.findByRole('option', { name: 'Duplicate request' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Explanation sent to the requester' }),
      'We already answered this request.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Deny (2)' }));
    const results = await screen.findByRole('dialog', { name: 'Results: Deny' });
    expect(within(results).getByText('2 done, 0 failed.')).toBeInTheDocument();
    expect(moves).toEqual([
      {
        items: [
          { id: received.id, version: 3 },
          { id: verifying.id, version: 5 },
        ],
        to: 'denied',
        reasonCode: 'duplicate',
        explanation: 'We already answered this request.',
      },
    ]);
  });
});
