import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { activeMe, requestDetail } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import {
  fulfillingPlan,
  olivia,
  omar,
  planOutput,
  platformDone,
  receiverFailed,
  receiverWaiting,
  requestId,
  retainedDone,
  taskClosed,
  taskWaiting,
} from '../erasure-test-data';
import type { PlanLine, PlanOutput, PlanView } from '../types';

// Filling a dialog of Mantine inputs in jsdom takes seconds on a busy 2-core machine; the live test waits
// for one poll (5 s) on top.
const slow = { timeout: 30_000 };

/** A running erasure's request page, its plan answered from `state.output` (a test may move it on). */
function answerRunning(opts: { roles?: Role[]; name?: string; output?: PlanOutput } = {}) {
  const me = activeMe(opts.roles ?? ['privacy_officer'], { name: opts.name ?? 'Omar Haddad' });
  const state = { output: opts.output ?? planOutput(fulfillingPlan()), planReads: 0, requestReads: 0 };
  server.use(
    trpcQuery('auth.me', () => me),
    trpcQuery('requests.get', () => {
      state.requestReads += 1;
      return requestDetail({
        id: requestId,
        reference: 'DSR-2026-000200',
        type: 'erasure',
        status: state.output.plan?.status ?? 'fulfilling',
        version: 9,
        assignee: olivia,
      });
    }),
    trpcQuery('requests.timeline', () => ({ items: [] })),
    trpcQuery('messages.forRequest', () => ({ items: [] })),
    trpcQuery('staff.assignable', () => ({ items: [olivia, omar] })),
    trpcQuery('erasure.plan', () => {
      state.planReads += 1;
      return state.output;
    }),
  );
  return { state, me };
}

async function linesTable() {
  const section = await screen.findByRole('region', { name: 'Erasure plan' });
  return { section, table: await within(section).findByRole('table', { name: 'Plan lines' }) };
}

/** The table's row of a line, found by its system (and scope) as the first cell shows them. */
function rowOf(table: HTMLElement, line: PlanLine) {
  const rows = within(table).getAllByRole('row').slice(1);
  const row = rows[line.position];
  if (!row) throw new Error(`no row at position ${line.position}`);
  return within(row);
}

function closedTask(plan: PlanView, evidence: string): PlanView {
  return {
    ...plan,
    lines: plan.lines.map((l) =>
      l.id === taskWaiting.id
        ? {
            ...l,
            status: 'done',
            waitingFor: null,
            evidence,
            finishedAt: '2026-03-05T16:00:00.000Z',
            finishedBy: omar,
          }
        : l,
    ),
  };
}

describe('a running erasure on the request page', slow, () => {
  it('sums up the progress and says where each line stands', async () => {
    answerRunning();
    renderApp(`/requests/${requestId}`);
    const { section, table } = await linesTable();
    expect(within(section).getByText('3 of 6 lines done')).toBeInTheDocument();
    expect(within(section).getByText('· 1 failed · 2 running')).toBeInTheDocument();

    const platform = rowOf(table, platformDone);
    expect(platform.getByText('Done')).toBeInTheDocument();
    expect(platform.getByText('The platform reported 42 rows')).toBeInTheDocument();
    // Kept by its rule: done, and nothing claimed about rows.
    const retained = rowOf(table, retainedDone);
    expect(retained.getByText('Done')).toBeInTheDocument();
    expect(retained.queryByText(/reported/)).not.toBeInTheDocument();
    const receiver = rowOf(table, receiverWaiting);
    expect(receiver.getByText('Running')).toBeInTheDocument();
    expect(receiver.getByText('Waiting for the receiver’s answer')).toBeInTheDocument();
    const task = rowOf(table, taskWaiting);
    expect(task.getByText('Waiting for Mina Owner’s evidence')).toBeInTheDocument();
    const failed = rowOf(table, receiverFailed);
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.getByText('The receiver answered 500: Internal Server Error.')).toBeInTheDocument();
    const closed = rowOf(table, taskClosed);
    expect(
      closed.getByText('“Deleted 3 recordings; a search by account number finds none.”'),
    ).toBeInTheDocument();
    expect(closed.getByText(/Olivia Okafor ·/)).toBeInTheDocument();
    // Only the open manual task can be closed, by an officer working the request.
    expect(within(table).getAllByRole('button', { name: /^Close the / })).toHaveLength(1);
    expect(task.getByRole('button', { name: 'Close the Helpdesk task…' })).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /^Change / })).not.toBeInTheDocument();
  });

  it('says how each recipient was told: by its system’s call, a task for the owner, or nothing to tell', async () => {
    const recipient = (position: number, name: string) => ({
      ...receiverWaiting,
      id: `00000000-0000-4000-8000-00000000c2${String(position).padStart(2, '0')}`,
      position,
      action: 'notify' as const,
      recipient: { id: `00000000-0000-4000-8000-00000000e0${String(position).padStart(2, '0')}`, name },
    });
    const byCall = {
      ...recipient(0, 'Sentry'),
      status: 'done' as const,
      waitingFor: null,
      notice: 'erasure_call' as const,
    };
    const nothing = {
      ...recipient(1, 'Tillpoint Payments'),
      status: 'done' as const,
      waitingFor: null,
      notice: 'nothing_erased' as const,
    };
    const byHand = {
      ...recipient(2, 'Nimbus Cloud'),
      waitingFor: 'owner' as const,
      owner: { id: olivia.id, name: 'Olivia Okafor' },
    };
    answerRunning({ output: planOutput(fulfillingPlan({ lines: [byCall, nothing, byHand] })) });
    renderApp(`/requests/${requestId}`);
    const { table } = await linesTable();
    expect(rowOf(table, byCall).getByText('Told by CRM’s signed erasure call')).toBeInTheDocument();
    expect(rowOf(table, nothing).getByText('Nothing erased in CRM: nothing to tell')).toBeInTheDocument();
    const task = rowOf(table, byHand);
    expect(task.getByText('Waiting for Olivia Okafor’s evidence')).toBeInTheDocument();
    expect(task.getByRole('button', { name: 'Close the Notify Nimbus Cloud task…' })).toBeInTheDocument();
  });

  it('shows a line with nothing more to say by its status alone', async () => {
    answerRunning({
      output: planOutput(fulfillingPlan({ lines: [{ ...receiverWaiting, waitingFor: null }] })),
    });
    renderApp(`/requests/${requestId}`);
    const { table } = await linesTable();
    const row = rowOf(table, { ...receiverWaiting, position: 0 });
    expect(row.getByText('Running')).toBeInTheDocument();
    expect(row.queryByText(/Waiting/)).not.toBeInTheDocument();
  });

  it('follows the erasure without a reload, and reads the request again once it moved', async () => {
    const { state } = answerRunning();
    renderApp(`/requests/${requestId}`);
    const { section } = await linesTable();
    expect(within(section).getByText('3 of 6 lines done')).toBeInTheDocument();
    const requestReads = state.requestReads;
    state.output = planOutput(closedTask(fulfillingPlan(), 'Tickets deleted.'));
    expect(await within(section).findByText('4 of 6 lines done', {}, { timeout: 8_000 })).toBeInTheDocument();
    await waitFor(() => expect(state.requestReads).toBeGreaterThan(requestReads));
  });

  it('closes a task with its evidence, and refuses it without', async () => {
    const { state } = answerRunning();
    const closes: InputOf<'erasure.closeTask'>[] = [];
    server.use(
      trpcMutation('erasure.closeTask', (input) => {
        closes.push(input);
        const plan = closedTask(fulfillingPlan(), input.evidence);
        state.output = planOutput(plan);
        return { plan, requestVersion: 10 };
      }),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const { table } = await linesTable();
    await user.click(rowOf(table, taskWaiting).getByRole('button', { name: 'Close the Helpdesk task…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close the Helpdesk task' });
    await user.click(within(dialog).getByRole('button', { name: 'Close task' }));
    expect(await within(dialog).findByText('Write what you did and how you checked it.')).toBeInTheDocument();
    expect(closes).toHaveLength(0);

    await user.type(
      within(dialog).getByRole('textbox', { name: /What you did and how you checked it/ }),
      '  Deleted 12 tickets; a search by account number finds none.  ',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close task' }));
    await waitFor(() =>
      expect(closes).toEqual([
        {
          requestId,
          lineId: taskWaiting.id,
          evidence: 'Deleted 12 tickets; a search by account number finds none.',
        },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const row = rowOf(table, taskWaiting);
    expect(
      await row.findByText('“Deleted 12 tickets; a search by account number finds none.”'),
    ).toBeInTheDocument();
    expect(row.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByText('4 of 6 lines done')).toBeInTheDocument();
  });

  it('shows the server’s refusal in the dialog', async () => {
    answerRunning();
    server.use(
      trpcMutation('erasure.closeTask', () => new TrpcFailure('BAD_REQUEST', 'This task is already closed.')),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const { table } = await linesTable();
    await user.click(rowOf(table, taskWaiting).getByRole('button', { name: 'Close the Helpdesk task…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Close the Helpdesk task' });
    await user.type(
      within(dialog).getByRole('textbox', { name: /What you did and how you checked it/ }),
      'Done.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close task' }));
    expect(await within(dialog).findByText('This task is already closed.')).toBeInTheDocument();
  });

  it('offers the task to its owner, and to no other reader who does not work requests', async () => {
    const owner = activeMe(['manager'], { name: 'Mina Owner' });
    const ownerId = owner.staff?.id ?? '';
    const plan = fulfillingPlan({
      lines: [
        { ...taskWaiting, owner: { id: ownerId, name: 'Mina Owner' } },
        { ...taskClosed, position: 1 },
      ],
    });
    answerRunning({ roles: ['manager'], name: 'Mina Owner', output: planOutput(plan) });
    // answerRunning made another manager: the owner is this one.
    server.use(trpcQuery('auth.me', () => owner));
    renderApp(`/requests/${requestId}`);
    const { table } = await linesTable();
    expect(within(table).getByRole('button', { name: 'Close the Helpdesk task…' })).toBeInTheDocument();
  });

  it('offers no task to a manager who does not own the system', async () => {
    answerRunning({ roles: ['manager'], name: 'Max Manager' });
    renderApp(`/requests/${requestId}`);
    const { table } = await linesTable();
    expect(within(table).getByText('Waiting for Mina Owner’s evidence')).toBeInTheDocument();
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  });
});
