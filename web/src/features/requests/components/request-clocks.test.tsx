import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import {
  activeMe,
  olivia,
  requestClocks,
  requestDetail,
  type RequestDetailView,
  type TimelineItem,
} from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import { clockActionsFor, hasOpenManualPause } from './request-clocks';

const slow = { timeout: 20_000 };
const id = '00000000-0000-4000-8000-00000000c001';

function answerRequest(
  roles: Role[],
  detail: Partial<RequestDetailView> = {},
  timeline: TimelineItem[] = [],
) {
  const state = {
    detail: requestDetail({ id, reference: 'DSR-2026-000200', status: 'in_progress', ...detail }),
    gets: 0,
  };
  server.use(
    trpcQuery('auth.me', () => activeMe(roles, { name: 'Olivia Okafor' })),
    trpcQuery('requests.get', () => {
      state.gets += 1;
      return state.detail;
    }),
    trpcQuery('requests.timeline', () => ({ items: timeline })),
    trpcQuery('staff.assignable', () => ({ items: [olivia] })),
  );
  return state;
}

function changeOutput(version: number, dates: { statutoryDueOn: string; effectiveDueOn: string }) {
  return {
    id,
    reference: 'DSR-2026-000200',
    version,
    status: 'in_progress' as const,
    assignee: null,
    outcome: null,
    reasonCode: null,
    updatedAt: '2026-03-10T09:00:00.000Z',
    receivedAt: '2026-03-02T09:15:00.000Z',
    dueOn: dates.effectiveDueOn,
    companyDueOn: '2026-04-01',
    clockState: 'extended' as const,
    warnings: [],
    ...dates,
  };
}

const entry = (kind: 'paused' | 'resumed' | 'extension_noticed', on: string, removed = false) => ({
  id: `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
  kind,
  on,
  reason: kind === 'resumed' ? null : 'Because.',
  recordedAt: `${on}T10:00:00.000Z`,
  recordedBy: olivia,
  removedAt: removed ? `${on}T11:00:00.000Z` : null,
  removedBy: removed ? olivia : null,
  removalReason: removed ? 'Recorded by mistake.' : null,
});

describe('clock actions offered', () => {
  it('offers an extension while one is possible, and its removal once recorded', () => {
    expect(clockActionsFor(requestClocks(), 'in_progress')).toEqual(['acknowledge', 'extend', 'receivedAt']);
    const extended = requestClocks({
      canExtendUntil: null,
      extensionEntryId: '00000000-0000-4000-8000-00000000c0e1',
      acknowledgedOn: '2026-03-03',
    });
    expect(clockActionsFor(extended, 'in_progress')).toEqual(['removeExtension', 'receivedAt']);
  });

  it('offers a pause only where the law stops the clock, and resume only for a pause made by hand', () => {
    expect(clockActionsFor(requestClocks({ canPause: true }), 'in_progress')).toContain('pause');
    expect(clockActionsFor(requestClocks({ canPause: false }), 'in_progress')).not.toContain('pause');
    const paused = requestClocks({ canPause: true, paused: true, ledger: [entry('paused', '2026-03-05')] });
    expect(clockActionsFor(paused, 'in_progress')).toContain('resume');
    expect(clockActionsFor(paused, 'in_progress')).not.toContain('pause');
    expect(hasOpenManualPause([entry('paused', '2026-03-05'), entry('resumed', '2026-03-06')])).toBe(false);
    expect(hasOpenManualPause([entry('paused', '2026-03-05', true)])).toBe(false);
  });

  it('offers nothing on a closed request', () => {
    expect(clockActionsFor(requestClocks(), 'completed')).toEqual([]);
  });
});

describe('the request page’s clocks', slow, () => {
  it('shows every clock, the effective one, the explanation and the state', async () => {
    answerRequest(['privacy_officer']);
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    expect(
      within(section).getByText(/^1 month from 2 Mar 2026 under GDPR Art\. 12\(3\)/),
    ).toBeInTheDocument();
    const table = within(section).getByRole('table', { name: 'Clocks' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Statutory (GDPR Art. 12(3))',
      'With the extension',
      'Company SLA',
    ]);
    expect(rows[0]).toHaveTextContent('2 Apr 2026');
    expect(rows[0]).toHaveTextContent('Initial');
    expect(rows[1]).toHaveTextContent('2 Jun 2026');
    expect(rows[1]).toHaveTextContent('If noticed by 2 Apr 2026');
    // The company's 30 days come first here: that row is the effective one.
    expect(rows[2]).toHaveTextContent('1 Apr 2026');
    expect(within(rows[2] as HTMLElement).getByText('Effective')).toBeInTheDocument();
    expect(
      within(section).getByText(/An extension may be noticed to the requester until/),
    ).toBeInTheDocument();
    expect(
      within(section).getByText('Nothing recorded: the clocks run from the receipt alone.'),
    ).toBeInTheDocument();
  });

  it('says an extended clock that is paused is both, and offers no second extension', async () => {
    answerRequest(['privacy_officer'], {
      regime: 'uk_gdpr',
      // As stored: the open pause counted up to today (the queue sorts by these).
      due: {
        dueOn: '2026-06-05',
        companyDueOn: '2026-04-01',
        statutoryDueOn: '2026-06-05',
        effectiveDueOn: '2026-06-05',
        calendar: 'GB-ENG',
        timeZone: 'Europe/London',
      },
      clocks: requestClocks({
        statutory: { ...requestClocks().statutory, dueOn: '2026-06-02', state: 'paused' },
        effective: { dueOn: '2026-06-02', source: 'statutory' },
        company: { dueOn: '2026-04-01', superseded: true },
        paused: true,
        canPause: true,
        canExtendUntil: null,
        extensionEntryId: '00000000-0000-4000-8000-00000000c0e1',
        ledger: [entry('extension_noticed', '2026-03-04'), entry('paused', '2026-03-08')],
      }),
    });
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    const table = within(section).getByRole('table', { name: 'Clocks' });
    expect(within(table).queryByText('With the extension')).not.toBeInTheDocument();
    const statutory = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(statutory).getByText('Extended')).toBeInTheDocument();
    expect(within(statutory).getByText('Paused')).toBeInTheDocument();
    // The date counts the days waited so far, as the queue does; the ledger alone would give 2 Jun.
    expect(statutory).toHaveTextContent('5 Jun 2026');
    expect(section).toHaveTextContent(/Counting the days waited so far it is due 5 Jun 2026/);
    // A stopped clock is not a countdown: no "in N days" or "overdue" beside its date.
    expect(within(section).getAllByText('clock paused: moves on by each day paused').length).toBeGreaterThan(
      0,
    );
    const actions = within(section).getByRole('group', { name: 'Clock actions' });
    expect(within(actions).getByRole('button', { name: 'Remove the extension' })).toBeInTheDocument();
    expect(within(actions).getByRole('button', { name: 'Resume the clock' })).toBeInTheDocument();
    expect(within(actions).queryByRole('button', { name: 'Extend the deadline' })).not.toBeInTheDocument();
  });

  it('extends with the reasons and the notice date, sending the version seen', async () => {
    const state = answerRequest(['privacy_officer'], { version: 5 });
    const extensions: InputOf<'requests.extend'>[] = [];
    server.use(
      trpcMutation('requests.extend', (input) => {
        extensions.push(input);
        state.detail = {
          ...state.detail,
          version: 6,
          clocks: requestClocks({
            statutory: { ...requestClocks().statutory, dueOn: '2026-06-02', state: 'extended' },
            canExtendUntil: null,
            extensionEntryId: '00000000-0000-4000-8000-00000000c0e1',
            ledger: [entry('extension_noticed', '2026-03-10')],
          }),
        };
        return changeOutput(6, { statutoryDueOn: '2026-06-02', effectiveDueOn: '2026-04-01' });
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    await user.click(await screen.findByRole('button', { name: 'Extend the deadline' }));
    const dialog = await screen.findByRole('dialog', { name: 'Extend the deadline: DSR-2026-000200' });
    expect(within(dialog).getByText('2 Jun 2026')).toBeInTheDocument();
    // We send the notice: no date to give, the ledger records the day it leaves.
    expect(within(dialog).getByRole('radio', { name: /Send it now by email/ })).toBeChecked();
    expect(within(dialog).queryByLabelText(/Notice sent to the requester on/)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Send the notice' }));
    expect(await within(dialog).findByText('Give the reason.')).toBeInTheDocument();
    expect(extensions).toHaveLength(0);

    await user.type(
      within(dialog).getByLabelText(/Reasons given to the requester/),
      'Many systems to search.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Send the notice' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(extensions).toEqual([{ id, version: 5, reason: 'Many systems to search.', notice: 'send_email' }]);
    expect(await screen.findByText('Extension notice queued for DSR-2026-000200')).toBeInTheDocument();
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    expect(await within(section).findByRole('button', { name: 'Remove the extension' })).toBeInTheDocument();
    expect(within(section).getAllByText('Extended').length).toBeGreaterThan(0);
  });

  it('shows the engine’s refusal of a late extension beside the notice date, changing nothing', async () => {
    answerRequest(['privacy_officer'], {
      clocks: requestClocks({ today: '2026-04-20', canExtendUntil: '2026-04-02' }),
    });
    const message =
      'GDPR Art. 12(3) requires the extension to be noticed within the first period (by 2 Apr 2026); the notice of 20 Apr 2026 is too late.';
    server.use(
      trpcMutation(
        'requests.extend',
        () => new TrpcFailure('BAD_REQUEST', message, { noticeSentOn: [message] }),
      ),
    );
    const { user } = renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    expect(within(section).getByText(/The extension window closed on/)).toBeInTheDocument();
    expect(within(section).getByText(/Notice window closed/)).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Extend the deadline' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('The notice window has closed')).toBeInTheDocument();
    // Only a notice sent in time may still be recorded: the form starts there, offering the window's last day.
    expect(within(dialog).getByRole('radio', { name: /already sent another way/ })).toBeChecked();
    expect(within(dialog).getByLabelText(/Notice sent to the requester on/)).toHaveValue('2026-04-02');
    await user.type(within(dialog).getByLabelText(/Reasons given to the requester/), 'Complex.');
    await user.click(within(dialog).getByRole('button', { name: 'Extend the deadline' }));
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Notice sent to the requester on/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('refuses a date after today before sending, and shows a conflict from the server', async () => {
    answerRequest(['privacy_officer'], { clocks: requestClocks({ canPause: true }) });
    const pauses: InputOf<'requests.pause'>[] = [];
    server.use(
      trpcMutation('requests.pause', (input) => {
        pauses.push(input);
        return new TrpcFailure(
          'CONFLICT',
          'DSR-2026-000200 was changed by Omar Haddad at 14:03 UTC — reload.',
        );
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    await user.click(await screen.findByRole('button', { name: 'Pause the clock' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByLabelText(/Why the clock is paused/),
      'Waiting for the account owner.',
    );
    const date = within(dialog).getByLabelText(/Paused from/);
    await user.clear(date);
    await user.type(date, '2026-03-11');
    await user.click(within(dialog).getByRole('button', { name: 'Pause the clock' }));
    expect(await within(dialog).findByText(/Cannot be after today/)).toBeInTheDocument();
    expect(pauses).toHaveLength(0);

    await user.clear(date);
    await user.type(date, '2026-03-09');
    await user.click(within(dialog).getByRole('button', { name: 'Pause the clock' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('changed by Omar Haddad');
    expect(pauses).toEqual([{ id, version: 4, reason: 'Waiting for the account owner.', on: '2026-03-09' }]);
  });

  it('records the acknowledgement on the day chosen, and removes an extension with a reason', async () => {
    const state = answerRequest(['privacy_officer'], {
      version: 3,
      clocks: requestClocks({
        acknowledgeBy: '2026-03-12',
        canExtendUntil: null,
        extensionEntryId: '00000000-0000-4000-8000-00000000c0e1',
        statutory: { ...requestClocks().statutory, dueOn: '2026-06-02', state: 'extended' },
      }),
    });
    const acks: InputOf<'requests.acknowledge'>[] = [];
    const removals: InputOf<'requests.removeExtension'>[] = [];
    server.use(
      trpcMutation('requests.acknowledge', (input) => {
        acks.push(input);
        state.detail = { ...state.detail, version: 4 };
        return changeOutput(4, { statutoryDueOn: '2026-06-02', effectiveDueOn: '2026-04-01' });
      }),
      trpcMutation('requests.removeExtension', (input) => {
        removals.push(input);
        return changeOutput(5, { statutoryDueOn: '2026-04-02', effectiveDueOn: '2026-04-01' });
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    const ackRow = within(within(section).getByRole('table', { name: 'Clocks' })).getByRole('row', {
      name: /Acknowledgement/,
    });
    expect(ackRow).toHaveTextContent('12 Mar 2026');
    expect(ackRow).toHaveTextContent('Not recorded yet');

    await user.click(within(section).getByRole('button', { name: 'Record acknowledgement' }));
    const ack = await screen.findByRole('dialog', { name: 'Record acknowledgement: DSR-2026-000200' });
    await user.click(within(ack).getByRole('radio', { name: /already sent another way/ }));
    const day = within(ack).getByLabelText(/Acknowledgement sent on/);
    expect(day).toHaveValue('2026-03-10');
    await user.clear(day);
    await user.type(day, '2026-03-09');
    await user.click(within(ack).getByRole('button', { name: 'Record acknowledgement' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(acks).toEqual([{ id, version: 3, notice: 'sent_another_way', on: '2026-03-09' }]);
    expect(await screen.findByText('Acknowledgement recorded for DSR-2026-000200')).toBeInTheDocument();

    await user.click(await within(section).findByRole('button', { name: 'Remove the extension' }));
    const remove = await screen.findByRole('dialog', { name: 'Remove the extension: DSR-2026-000200' });
    await user.type(within(remove).getByLabelText(/Why it is removed/), 'The notice was never sent.');
    await user.click(within(remove).getByRole('button', { name: 'Remove the extension' }));
    await waitFor(() => expect(removals).toEqual([{ id, version: 4, reason: 'The notice was never sent.' }]));
  });

  it('offers no clock changes to a role that only reads', async () => {
    answerRequest(['auditor']);
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    expect(within(section).getByRole('table', { name: 'Clocks' })).toBeInTheDocument();
    expect(within(section).queryByRole('group', { name: 'Clock actions' })).not.toBeInTheDocument();
  });

  it('shows the ledger, removed entries marked, and clock events on the timeline', async () => {
    answerRequest(
      ['privacy_officer'],
      { clocks: requestClocks({ ledger: [entry('extension_noticed', '2026-03-04', true)] }) },
      [
        {
          id: '00000000-0000-4000-8000-00000000c0f1',
          at: '2026-03-04T11:00:00.000Z',
          actor: olivia,
          kind: 'clock',
          action: 'removed',
          entryId: '00000000-0000-4000-8000-00000000c0e1',
          event: 'extension_noticed',
          on: '2026-03-04',
          reason: 'Recorded by mistake.',
        },
        {
          id: '00000000-0000-4000-8000-00000000c0f2',
          at: '2026-03-05T11:00:00.000Z',
          actor: olivia,
          kind: 'received_at_changed',
          from: '2026-03-02T09:15:00.000Z',
          to: '2026-03-01T09:15:00.000Z',
          reason: 'The email arrived on Sunday.',
        },
      ],
    );
    renderApp(`/requests/${id}`);
    const ledger = await screen.findByRole('list', { name: 'Clock ledger' });
    expect(within(ledger).getByText('Removed')).toBeInTheDocument();
    expect(within(ledger).getByText(/Recorded by mistake\./)).toBeInTheDocument();
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(await within(timeline).findByText('Receipt time corrected')).toBeInTheDocument();
    expect(within(timeline).getByText('Removed: Extension noticed')).toBeInTheDocument();
    expect(within(timeline).getByText('The email arrived on Sunday.')).toBeInTheDocument();
  });

  it('asks the requester for clarification or identity, recording which on the move', async () => {
    answerRequest(['privacy_officer'], { regime: 'uk_gdpr', status: 'in_progress', version: 2 });
    const moves: InputOf<'requests.transition'>[] = [];
    server.use(
      trpcMutation('requests.transition', (input) => {
        moves.push(input);
        return new TrpcFailure('CONFLICT', 'Changed meanwhile.');
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    // Completing is the next step from work in progress; asking is in "More actions".
    expect(await screen.findByRole('button', { name: 'Complete' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Ask the requester' }));
    const dialog = await screen.findByRole('dialog');
    // From work in progress the question is about the request itself.
    expect(within(dialog).getByRole('radio', { name: /Clarification/ })).toBeChecked();
    await user.click(within(dialog).getByRole('radio', { name: /Identity information/ }));
    await user.type(within(dialog).getByLabelText(/What you asked the requester/), 'Please send your ID.');
    await user.click(within(dialog).getByRole('button', { name: 'Ask the requester' }));
    await within(dialog).findByRole('alert');
    expect(moves).toEqual([
      { id, version: 2, to: 'awaiting_requester', message: 'Please send your ID.', askFor: 'identity' },
    ]);
  });
});
