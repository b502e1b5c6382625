import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RequestStatus, Role } from '@privdesk/shared/constants';
import { activeMe, requestDetail } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import {
  awaitingPlan,
  deleteLine,
  holdLine,
  olivia,
  omar,
  planOutput,
  planView,
  requestId,
  ruleLine,
} from '../erasure-test-data';
import type { PlanOutput, PlanView } from '../types';

// Filling a dialog of Mantine inputs in jsdom takes seconds on a busy 2-core machine.
const slow = { timeout: 20_000 };

interface Setup {
  roles?: Role[];
  name?: string;
  status?: RequestStatus;
  output: PlanOutput;
}

/** An erasure request's page, its plan answered from `state.output` (mutations may replace it). */
function answerErasure({ roles = ['privacy_officer'], name = 'Omar Haddad', status, output }: Setup) {
  const me = activeMe(roles, { name });
  const state = { output, planReads: 0 };
  server.use(
    trpcQuery('auth.me', () => me),
    trpcQuery('requests.get', () =>
      requestDetail({
        id: requestId,
        reference: 'DSR-2026-000200',
        type: 'erasure',
        status: status ?? output.plan?.status ?? 'in_progress',
        version: 7,
        assignee: olivia,
      }),
    ),
    trpcQuery('requests.timeline', () => ({ items: [] })),
    trpcQuery('staff.assignable', () => ({ items: [olivia, omar] })),
    trpcQuery('erasure.plan', () => {
      state.planReads += 1;
      return state.output;
    }),
  );
  return state;
}

function changed(plan: PlanView) {
  return { plan, requestVersion: 8 };
}

async function planSection() {
  return screen.findByRole('region', { name: 'Erasure plan' });
}

describe('erasure plan section', slow, () => {
  it('offers to prepare the plan, and prepares it from the request’s version', async () => {
    const state = answerErasure({
      output: planOutput(null, { canPrepare: true }),
      name: 'Olivia Okafor',
    });
    const prepared: InputOf<'erasure.prepare'>[] = [];
    server.use(
      trpcMutation('erasure.prepare', (input) => {
        prepared.push(input);
        const plan = planView();
        state.output = planOutput(plan);
        return changed(plan);
      }),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    expect(section).toHaveTextContent(
      'Proposes one line per system in the data inventory; retention rules and legal holds keep what the law requires.',
    );
    // The header's next step leads to the plan: the erasure's work is there, not in a lifecycle move.
    const actions = screen.getByRole('group', { name: 'Actions' });
    expect(within(actions).getByRole('button', { name: 'Work on the erasure plan' })).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Prepare erasure plan' }));
    await waitFor(() => expect(prepared).toEqual([{ requestId, requestVersion: 7 }]));
    expect(await within(section).findByRole('table', { name: 'Plan lines' })).toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: 'Prepare erasure plan' })).not.toBeInTheDocument();
  });

  it('says why a plan cannot be prepared yet, with no button', async () => {
    answerErasure({
      output: planOutput(null, {
        prepareBlocker: 'The data inventory has no systems yet: add them under Registry → Data inventory.',
      }),
    });
    renderApp(`/requests/${requestId}`);
    const section = await planSection();
    expect(
      await within(section).findByText(
        'The data inventory has no systems yet: add them under Registry → Data inventory.',
      ),
    ).toBeInTheDocument();
    expect(within(section).queryByRole('button')).not.toBeInTheDocument();
  });

  it('lists the lines: scope under the system, ground and law under a retain, a lock on forced lines', async () => {
    answerErasure({ output: planOutput(planView()) });
    renderApp(`/requests/${requestId}`);
    const table = await within(await planSection()).findByRole('table', { name: 'Plan lines' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    const [first, rule, notHeld, hold] = rows.map((r) => within(r));
    expect(first?.getByText('Delete')).toBeInTheDocument();
    expect(first?.queryByRole('img')).not.toBeInTheDocument();
    expect(rule?.getByText('Invoices and their lines')).toBeInTheDocument();
    expect(rule?.getByText('Legal obligation — GDPR Art. 17(3)(b)')).toBeInTheDocument();
    expect(rule?.getByText('Bokføringsloven § 13 (5 years)')).toBeInTheDocument();
    expect(rule?.getByRole('img', { name: 'Kept by a retention rule' })).toBeInTheDocument();
    expect(notHeld?.getByText('Holds nothing')).toBeInTheDocument();
    expect(notHeld?.getByText('Its connector found no data for this person.')).toBeInTheDocument();
    expect(hold?.getByRole('img', { name: 'Kept by a legal hold' })).toBeInTheDocument();
    expect(within(table).getAllByRole('button', { name: /^Change / })).toHaveLength(4);
  });

  it('names a notification line’s recipient and offers no change of it', async () => {
    const notifyLine = {
      ...deleteLine,
      id: '00000000-0000-4000-8000-00000000c1f1',
      position: 4,
      action: 'notify' as const,
      recipient: { id: '00000000-0000-4000-8000-00000000e001', name: 'Helpwise Desk' },
    };
    answerErasure({ output: planOutput(planView({ lines: [deleteLine, notifyLine] })) });
    renderApp(`/requests/${requestId}`);
    const table = await within(await planSection()).findByRole('table', { name: 'Plan lines' });
    const [, notify] = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r));
    expect(notify?.getByText('Helpwise Desk')).toBeInTheDocument();
    expect(notify?.getByText(`Recipient of ${deleteLine.system.name}`)).toBeInTheDocument();
    expect(notify?.getByText('Notify recipient')).toBeInTheDocument();
    expect(notify?.queryByRole('button')).not.toBeInTheDocument();
    expect(within(table).getAllByRole('button', { name: /^Change / })).toHaveLength(1);
  });

  it('sends a ground only for a retained line', async () => {
    const state = answerErasure({ output: planOutput(planView()) });
    const sent: InputOf<'erasure.changeLine'>[] = [];
    server.use(
      trpcMutation('erasure.changeLine', (input) => {
        sent.push(input);
        const plan = planView({
          version: 3,
          lines: [{ ...deleteLine, action: input.action, ground: input.ground, note: input.note }, ruleLine],
        });
        state.output = planOutput(plan);
        return changed(plan);
      }),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    await user.click(await within(section).findByRole('button', { name: 'Change Billing' }));
    let dialog = await screen.findByRole('dialog', { name: 'Change Billing' });
    expect(within(dialog).queryByRole('combobox', { name: /Legal ground/ })).not.toBeInTheDocument();

    // Retain asks for its ground; without one nothing is sent.
    await user.click(within(dialog).getByRole('radio', { name: 'Retain' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    expect(await within(dialog).findByText('Choose the legal ground for keeping it.')).toBeInTheDocument();
    expect(sent).toHaveLength(0);
    await user.click(within(dialog).getByRole('combobox', { name: /Legal ground/ }));
    await user.click(await screen.findByRole('option', { name: 'Legal claims — GDPR Art. 17(3)(e)' }));
    // A legal hold is the account's, not a ground to pick here.
    await user.click(within(dialog).getByRole('combobox', { name: /Legal ground/ }));
    expect(
      screen.queryByRole('option', { name: 'Active legal hold — GDPR Art. 17(3)(e)' }),
    ).not.toBeInTheDocument();
    await user.keyboard('{Escape}');

    // Switching away from retain drops the ground chosen before.
    await user.click(within(dialog).getByRole('radio', { name: 'Anonymise' }));
    expect(within(dialog).queryByRole('combobox', { name: /Legal ground/ })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      requestId,
      planVersion: 2,
      lineId: deleteLine.id,
      action: 'anonymise',
      ground: null,
      note: null,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    // Retained, the ground goes with it.
    await user.click(await within(section).findByRole('button', { name: 'Change Billing' }));
    dialog = await screen.findByRole('dialog', { name: 'Change Billing' });
    await user.click(within(dialog).getByRole('radio', { name: 'Retain' }));
    await user.click(within(dialog).getByRole('combobox', { name: /Legal ground/ }));
    await user.click(await screen.findByRole('option', { name: 'Legal claims — GDPR Art. 17(3)(e)' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'Open chargeback dispute.');
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({
      planVersion: 3,
      action: 'retain',
      ground: 'legal_claims',
      note: 'Open chargeback dispute.',
    });
  });

  it('lets a forced line change only its note, and says why', async () => {
    answerErasure({ output: planOutput(planView()) });
    const sent: InputOf<'erasure.changeLine'>[] = [];
    server.use(
      trpcMutation('erasure.changeLine', (input) => {
        sent.push(input);
        return changed(planView({ version: 3 }));
      }),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    await user.click(await within(section).findByRole('button', { name: 'Change Helpdesk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change Helpdesk' });
    expect(dialog).toHaveTextContent('An active legal hold on the account keeps this data');
    expect(within(dialog).queryByRole('radio')).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('combobox')).not.toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'Hold ref. LIT-2026-04.');
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      lineId: holdLine.id,
      action: 'retain',
      ground: 'legal_hold',
      note: 'Hold ref. LIT-2026-04.',
    });
  });

  it('shows a field refusal of the server beside its field', async () => {
    answerErasure({ output: planOutput(planView()) });
    server.use(
      trpcMutation(
        'erasure.changeLine',
        () =>
          new TrpcFailure(
            'BAD_REQUEST',
            'Say how you checked that the system holds nothing of this person.',
            {
              note: ['Say how you checked that the system holds nothing of this person.'],
            },
          ),
      ),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    await user.click(await within(section).findByRole('button', { name: 'Change CRM' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change CRM' });
    const note = within(dialog).getByRole('textbox', { name: /Note/ });
    await user.type(note, ' Checked by hand.');
    await user.click(within(dialog).getByRole('button', { name: 'Save line' }));
    await waitFor(() => expect(note).toHaveAccessibleDescription(/Say how you checked/));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('submits the plan; a stale version is shown and the plan read again', async () => {
    const state = answerErasure({ output: planOutput(planView()), name: 'Olivia Okafor' });
    server.use(
      trpcMutation(
        'erasure.submit',
        () =>
          new TrpcFailure(
            'CONFLICT',
            'The erasure plan of DSR-2026-000200 was changed by Omar Haddad at 2026-03-05 10:20 UTC — review it again, then try again.',
          ),
      ),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    const actions = await within(section).findByRole('group', { name: 'Plan actions' });
    const reads = state.planReads;
    await user.click(within(actions).getByRole('button', { name: 'Submit for approval' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent(
      'changed by Omar Haddad at 2026-03-05 10:20 UTC — review it again',
    );
    await waitFor(() => expect(state.planReads).toBeGreaterThan(reads));
  });

  it('asks for a note before approving, then for a fresh code', async () => {
    const state = answerErasure({ output: planOutput(awaitingPlan()) });
    const approvals: InputOf<'erasure.approve'>[] = [];
    const stepUps: InputOf<'auth.stepUp'>[] = [];
    server.use(
      trpcMutation('erasure.approve', (input) => {
        approvals.push(input);
        if (stepUps.length === 0)
          return new TrpcFailure(
            'FORBIDDEN',
            'Confirm it is you: enter a code from your authenticator app.',
            null,
            'STEP_UP_REQUIRED',
          );
        const plan = awaitingPlan({
          status: 'approved',
          decision: { kind: 'approved', by: omar, at: '2026-03-05T11:00:00.000Z', note: input.note },
          graceEndsAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
          can: { change: true, submit: false, decide: false, cancel: true },
        });
        state.output = planOutput(plan);
        return changed(plan);
      }),
      trpcMutation('auth.stepUp', (input) => {
        stepUps.push(input);
        return { validUntil: '2026-03-05T11:05:00.000Z' };
      }),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    expect(screen.getByRole('button', { name: 'Review the erasure plan' })).toBeInTheDocument();
    await user.click(await within(section).findByRole('button', { name: 'Approve…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve the erasure plan' });
    await user.click(within(dialog).getByRole('button', { name: 'Approve plan' }));
    expect(await within(dialog).findByText('Write a note on your decision.')).toBeInTheDocument();
    expect(approvals).toHaveLength(0);

    await user.type(
      within(dialog).getByRole('textbox', { name: /Note on your decision/ }),
      'Retention lines match the inventory.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Approve plan' }));
    const codeDialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    await user.type(within(codeDialog).getByLabelText('Authentication code'), '123456');
    await user.click(within(codeDialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(approvals).toHaveLength(2));
    expect(approvals[1]).toEqual({
      requestId,
      planVersion: 3,
      note: 'Retention lines match the inventory.',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Approve the erasure plan' })).not.toBeInTheDocument(),
    );
    // Approved: when it runs, counting down, and the way to stop it.
    expect(await within(section).findByText(/unless cancelled\./)).toHaveTextContent(/\(in 3 h 59 min\)/);
    expect(within(section).getByRole('button', { name: 'Cancel erasure…' })).toBeInTheDocument();
  });

  it('tells the preparer why they cannot decide their own plan', async () => {
    answerErasure({
      name: 'Olivia Okafor',
      output: planOutput(
        awaitingPlan({
          can: { change: true, submit: false, decide: false, cancel: false },
          blockers: ['You prepared or changed this plan: another privacy officer decides it (four eyes).'],
        }),
      ),
    });
    renderApp(`/requests/${requestId}`);
    const section = await planSection();
    expect(
      await within(section).findByText(
        'You prepared or changed this plan: another privacy officer decides it (four eyes).',
      ),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent('Submitted');
    expect(within(section).queryByRole('button', { name: 'Approve…' })).not.toBeInTheDocument();
    expect(within(section).queryByRole('group', { name: 'Plan actions' })).not.toBeInTheDocument();
  });

  it('shows a reader the plan without a single button', async () => {
    answerErasure({
      roles: ['auditor'],
      name: 'Ava Auditor',
      output: planOutput(
        awaitingPlan({ can: { change: false, submit: false, decide: false, cancel: false } }),
      ),
    });
    renderApp(`/requests/${requestId}`);
    const section = await planSection();
    expect(await within(section).findByRole('table', { name: 'Plan lines' })).toBeInTheDocument();
    expect(within(section).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Review the erasure plan' })).not.toBeInTheDocument();
  });

  it('requires a note to cancel an approved erasure', async () => {
    answerErasure({
      output: planOutput(
        awaitingPlan({
          status: 'approved',
          decision: { kind: 'approved', by: omar, at: '2026-03-05T11:00:00.000Z', note: 'Fine.' },
          graceEndsAt: new Date(Date.now() + 90 * 60_000 + 20_000).toISOString(),
          can: { change: true, submit: false, decide: false, cancel: true },
        }),
      ),
    });
    const cancels: InputOf<'erasure.cancel'>[] = [];
    server.use(
      trpcMutation('erasure.cancel', (input) => {
        cancels.push(input);
        return changed(planView({ version: 4 }));
      }),
    );
    const { user } = renderApp(`/requests/${requestId}`);
    const section = await planSection();
    expect(await within(section).findByText(/unless cancelled\./)).toHaveTextContent('(in 1 h 30 min)');
    await user.click(within(section).getByRole('button', { name: 'Cancel erasure…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the approved erasure' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel erasure' }));
    expect(await within(dialog).findByText('Write why the erasure is cancelled.')).toBeInTheDocument();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Why the erasure is cancelled/ }),
      'The requester withdrew by phone.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel erasure' }));
    await waitFor(() =>
      expect(cancels).toEqual([{ requestId, planVersion: 3, note: 'The requester withdrew by phone.' }]),
    );
  });
});
