import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import { erasureTask, fulfillingPlan, requestId, taskWaiting } from '../erasure-test-data';
import type { ErasureTask } from '../types';

const slow = { timeout: 20_000 };

const callRecordings = erasureTask({
  requestId: '00000000-0000-4000-8000-00000000d201',
  reference: 'DSR-2026-000231',
  lineId: '00000000-0000-4000-8000-00000000c201',
  scope: 'Call recordings',
  action: 'anonymise',
  accountNumber: null,
  system: { id: '00000000-0000-4000-8000-00000000b003', name: 'Helpdesk', instructions: '' },
  openedAt: '2026-03-05T16:30:00.000Z',
});

function answerTasks(roles: Role[], items: ErasureTask[] | TrpcFailure) {
  const state = { items, reads: 0 };
  server.use(
    trpcQuery('auth.me', () => activeMe(roles, { name: 'Mina Owner' })),
    trpcQuery('erasure.myTasks', () => {
      state.reads += 1;
      return state.items instanceof TrpcFailure ? state.items : { items: state.items };
    }),
  );
  return state;
}

async function taskList() {
  return screen.findByRole('list', { name: 'Open erasure tasks' });
}

describe('my erasure tasks', slow, () => {
  it('lists the reader’s tasks with what to do; an admin sees the reference without a link', async () => {
    answerTasks(['admin'], [erasureTask(), callRecordings]);
    renderApp('/erasure-tasks');
    expect(await screen.findByRole('heading', { level: 1, name: 'My erasure tasks' })).toBeInTheDocument();
    const cards = within(await taskList()).getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    const [first, second] = cards.map((c) => within(c));
    expect(first?.getByRole('heading', { name: 'Helpdesk' })).toBeInTheDocument();
    expect(first?.getByText('Delete')).toBeInTheDocument();
    expect(first?.getByText('DSR-2026-000200')).toBeInTheDocument();
    expect(first?.queryByRole('link')).not.toBeInTheDocument();
    expect(first?.getByText('ACC-100234')).toBeInTheDocument();
    expect(
      first?.getByText('Search the helpdesk by account number and delete every ticket of the account.'),
    ).toBeInTheDocument();
    expect(
      first?.getByRole('button', { name: 'Close the Helpdesk task with evidence…' }),
    ).toBeInTheDocument();

    expect(second?.getByRole('heading', { name: 'Helpdesk — Call recordings' })).toBeInTheDocument();
    expect(second?.getByText('Anonymise')).toBeInTheDocument();
    expect(second?.getByText('No account on the request')).toBeInTheDocument();
    expect(second?.getByText('The data inventory has no instructions for this system.')).toBeInTheDocument();
  });

  it('names the recipient to tell for a notification task, with what the law asks', async () => {
    answerTasks(
      ['admin'],
      [erasureTask({ action: 'notify', recipient: 'Helpwise Desk', lineId: callRecordings.lineId })],
    );
    renderApp('/erasure-tasks');
    const card = within(within(await taskList()).getByRole('listitem'));
    expect(
      card.getByRole('heading', { name: 'Notify Helpwise Desk (recipient of Helpdesk)' }),
    ).toBeInTheDocument();
    expect(card.getByText('Notify recipient')).toBeInTheDocument();
    expect(
      card.getByText(
        'Tell Helpwise Desk, which receives this person’s data from Helpdesk, that the data is erased, and ask it to erase its copy (GDPR Art. 19; CCPA §7022(b)). Close the task with when and how you told it.',
      ),
    ).toBeInTheDocument();
  });

  it('links the reference to the request for a reader of requests', async () => {
    answerTasks(['manager'], [erasureTask()]);
    renderApp('/erasure-tasks');
    const card = within(within(await taskList()).getByRole('listitem'));
    expect(card.getByRole('link', { name: 'DSR-2026-000200' })).toHaveAttribute(
      'href',
      `/requests/${requestId}`,
    );
  });

  it('says so when there is nothing to do', async () => {
    answerTasks(['admin'], []);
    renderApp('/erasure-tasks');
    expect(await screen.findByText('No erasure tasks for you.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Open erasure tasks' })).not.toBeInTheDocument();
  });

  it('shows a failed load with a way to try again', async () => {
    const state = answerTasks(['admin'], new TrpcFailure('INTERNAL_SERVER_ERROR', 'The database is busy.'));
    const { user } = renderApp('/erasure-tasks');
    expect(await screen.findByText('Could not load your erasure tasks')).toBeInTheDocument();
    state.items = [erasureTask()];
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await taskList()).toBeInTheDocument();
  });

  it('closes a task with its evidence, refusing it empty; the task leaves the list', async () => {
    const state = answerTasks(['admin'], [erasureTask(), callRecordings]);
    const closes: InputOf<'erasure.closeTask'>[] = [];
    server.use(
      trpcMutation('erasure.closeTask', (input) => {
        closes.push(input);
        state.items = [callRecordings];
        return { plan: fulfillingPlan(), requestVersion: 10 };
      }),
    );
    const { user } = renderApp('/erasure-tasks');
    const list = await taskList();
    await user.click(within(list).getByRole('button', { name: 'Close the Helpdesk task with evidence…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close the Helpdesk task' });
    expect(dialog).toHaveTextContent('DSR-2026-000200: the line becomes done.');
    await user.click(within(dialog).getByRole('button', { name: 'Close task' }));
    expect(await within(dialog).findByText('Write what you did and how you checked it.')).toBeInTheDocument();
    expect(closes).toHaveLength(0);

    await user.type(
      within(dialog).getByRole('textbox', { name: /What you did and how you checked it/ }),
      'Deleted 12 tickets; the account search finds none.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close task' }));
    await waitFor(() =>
      expect(closes).toEqual([
        { requestId, lineId: taskWaiting.id, evidence: 'Deleted 12 tickets; the account search finds none.' },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(within(list).getByRole('heading', { name: 'Helpdesk — Call recordings' })).toBeInTheDocument();
  });

  it('shows who the task is for when the server refuses the reader', async () => {
    answerTasks(['admin'], [erasureTask()]);
    server.use(
      trpcMutation(
        'erasure.closeTask',
        () => new TrpcFailure('FORBIDDEN', 'This task is for the owner of Helpdesk.'),
      ),
    );
    const { user } = renderApp('/erasure-tasks');
    const list = await taskList();
    await user.click(within(list).getByRole('button', { name: 'Close the Helpdesk task with evidence…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close the Helpdesk task' });
    await user.type(
      within(dialog).getByRole('textbox', { name: /What you did and how you checked it/ }),
      'Done.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close task' }));
    expect(await within(dialog).findByText('This task is for the owner of Helpdesk.')).toBeInTheDocument();
  });

  it('is closed to an auditor, who has no tasks', async () => {
    answerTasks(['auditor'], []);
    renderApp('/erasure-tasks');
    expect(await screen.findByRole('heading', { name: "You don't have access" })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'My erasure tasks' })).not.toBeInTheDocument();
  });
});
