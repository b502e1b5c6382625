import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import {
  activeMe,
  olivia,
  omar,
  requestClocks,
  requestDetail,
  requestVerification,
  unverified,
  type RequestDetailInput,
  type TimelineItem,
} from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';

// Filling a form or a table of Mantine inputs in jsdom takes seconds on a busy 2-core machine.
const slow = { timeout: 20_000 };

const id = '00000000-0000-4000-8000-00000000d001';

const timeline: TimelineItem[] = [
  {
    id: '00000000-0000-4000-8000-00000000e001',
    at: '2026-03-02T09:20:00.000Z',
    actor: olivia,
    kind: 'intake',
    channel: 'email',
    receivedAt: '2026-03-02T09:15:00.000Z',
  },
  {
    id: '00000000-0000-4000-8000-00000000e002',
    at: '2026-03-03T10:00:00.000Z',
    actor: omar,
    kind: 'assigned',
    from: null,
    to: olivia,
  },
  {
    id: '00000000-0000-4000-8000-00000000e003',
    at: '2026-03-04T11:00:00.000Z',
    actor: olivia,
    kind: 'note',
    text: 'Called the requester to confirm the scope.',
  },
];

function answerRequest(roles: Role[], detail: RequestDetailInput = {}) {
  const me = activeMe(roles, { name: 'Olivia Okafor' });
  const state = { detail: requestDetail({ id, reference: 'DSR-2026-000123', ...detail }), gets: 0 };
  server.use(
    trpcQuery('auth.me', () => me),
    trpcQuery('requests.get', () => {
      state.gets += 1;
      return state.detail;
    }),
    trpcQuery('requests.timeline', () => ({ items: timeline })),
    trpcQuery('staff.assignable', () => ({ items: [olivia, omar] })),
  );
  return state;
}

describe('request page', slow, () => {
  it('shows the header, the due date with its clock, and the timeline newest first', async () => {
    answerRequest(['privacy_officer'], { requesterMasked: false, requesterName: 'Jane Doe' });
    renderApp(`/requests/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'DSR-2026-000123' })).toBeInTheDocument();
    const header = screen.getByTestId('request-header');
    expect(header).toHaveTextContent('Access · EU GDPR · Email · Unassigned');
    expect(header).toHaveTextContent('Due1 Apr 2026');
    // The one next step is the primary button; nothing else competes with it.
    expect(within(header).getByRole('button', { name: 'Start verification' })).toBeInTheDocument();
    expect(screen.getByText('Jane Doe')).toBeInTheDocument();

    const section = screen.getByRole('region', { name: 'Timeline' });
    const titles = within(section)
      .getAllByText(/^(Logged|Assigned to|Note)/)
      .map((el) => el.textContent);
    expect(titles).toEqual(['Note', 'Assigned to Olivia Okafor', 'Logged (Email)']);
    expect(within(section).getByText('Called the requester to confirm the scope.')).toBeInTheDocument();
    expect(within(section).getAllByText(/Omar Haddad ·/)).toHaveLength(1);
  });

  it('offers an officer the moves the lifecycle allows now, and assignment', async () => {
    answerRequest(['privacy_officer'], { status: 'verifying' });
    const { user } = renderApp(`/requests/${id}`);
    const actions = await screen.findByRole('group', { name: 'Actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Identity verified: start work', 'More actions']);
    await user.click(within(actions).getByRole('button', { name: 'More actions' }));
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((b) => b.textContent),
    ).toEqual(['Assign', 'Ask the requester', 'Deny', 'Record withdrawal', 'Close as unverified']);
  });

  it('makes verifying identity the next step until the level is met, and compares what the requester said', async () => {
    const state = answerRequest(['privacy_officer'], {
      status: 'verifying',
      version: 3,
      verification: unverified(),
      customer: {
        id: '00000000-0000-4000-8000-00000000c001',
        accountNumber: 'SYN-310042',
        organisation: null,
        country: 'NO',
        plan: 'team',
        minor: false,
        status: 'active',
        purgeOn: null,
        name: 'Maren Solberg',
        email: 'maren.solberg@example.no',
        masked: false,
      },
    });
    const sent: InputOf<'verification.recordDataPoints'>[] = [];
    server.use(
      trpcMutation('verification.recordDataPoints', (input) => {
        sent.push(input);
        const verification = requestVerification({
          records: [],
          points: ['name', 'account_number'],
          accountMatchAvailable: false,
        });
        state.detail = { ...state.detail, version: 4, verification };
        return { id, version: 4, verification };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const actions = await screen.findByRole('group', { name: 'Actions' });
    // Work cannot start yet: the primary step is verification, and the start is not in the menu either.
    expect(within(actions).getByRole('button', { name: 'Verify identity' })).toBeInTheDocument();
    await user.click(within(actions).getByRole('button', { name: 'More actions' }));
    expect(
      within(await screen.findByRole('menu'))
        .getAllByRole('menuitem')
        .map((b) => b.textContent),
    ).not.toContain('Identity verified: start work');
    await user.keyboard('{Escape}');
    const section = screen.getByRole('region', { name: 'Identity verification' });
    expect(section).toHaveTextContent('Standard needed');
    expect(section).toHaveTextContent('Not verified yet');
    expect(section).toHaveTextContent('Standard needs two matched data points (0 data points so far)');

    await user.click(within(section).getByRole('button', { name: 'Compare data points' }));
    const dialog = await screen.findByRole('dialog', { name: 'Compare data points: DSR-2026-000123' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Full name' }), 'Maren Solberg');
    await user.type(within(dialog).getByRole('textbox', { name: 'Account number' }), '310042');
    await user.click(within(dialog).getByRole('button', { name: 'Compare' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(sent).toEqual([
      {
        id,
        version: 3,
        supplied: { name: 'Maren Solberg', account_number: '310042' },
        declarationSigned: false,
        note: null,
      },
    ]);
    // Met now: the start of work is the next step.
    expect(
      await within(actions).findByRole('button', { name: 'Identity verified: start work' }),
    ).toBeInTheDocument();
    // Met, its record moves below the details: the work is next.
    const met = screen.getByRole('region', { name: 'Identity verification' });
    expect(within(met).getByText('Verified')).toBeInTheDocument();
    expect(met).toHaveTextContent('2 data points: Full name, Account number');
    expect(within(met).queryByRole('button', { name: 'Compare data points' })).not.toBeInTheDocument();
  });

  it('merges this request into an open one of the same type, with the survivor’s current version', async () => {
    const survivorId = '00000000-0000-4000-8000-00000000d002';
    const older = {
      id: survivorId,
      reference: 'DSR-2026-000100',
      type: 'access' as const,
      regime: 'gdpr' as const,
      status: 'in_progress' as const,
      receivedAt: '2026-02-20T09:00:00.000Z',
      dueOn: '2026-03-20',
    };
    const state = answerRequest(['privacy_officer'], {
      status: 'verifying',
      version: 2,
      related: [
        older,
        {
          ...older,
          id: '00000000-0000-4000-8000-00000000d003',
          reference: 'DSR-2026-000090',
          type: 'erasure',
        },
      ],
    });
    const merges: InputOf<'requests.merge'>[] = [];
    server.use(
      trpcQuery('requests.get', (input) =>
        input.id === id
          ? state.detail
          : requestDetail({ id: survivorId, reference: 'DSR-2026-000100', version: 9 }),
      ),
      trpcMutation('requests.merge', (input) => {
        merges.push(input);
        return {
          merged: { id, version: 3 },
          into: { id: survivorId, version: 10, receivedAt: '2026-02-20T09:00:00.000Z' },
        };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const related = await screen.findByRole('region', { name: 'Other requests from this requester' });
    // Only the open request of the same type is offered.
    const buttons = within(related).getAllByRole('button', { name: 'Merge this request into it' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog', { name: 'Merge DSR-2026-000123 into DSR-2026-000100' });
    expect(dialog).toHaveTextContent('nothing verified here carries over');
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(merges).toHaveLength(1));
    expect(merges[0]).toMatchObject({ id, version: 2, intoId: survivorId, intoVersion: 9 });
    expect(merges[0]?.explanation).toMatch(
      /^You sent us this request twice\. We are answering it under DSR-2026-000100/,
    );
  });

  it('lets a manager assign but not decide', async () => {
    answerRequest(['manager'], { status: 'in_progress' });
    renderApp(`/requests/${id}`);
    const actions = await screen.findByRole('group', { name: 'Actions' });
    expect(within(actions).getByRole('button', { name: 'Assign' })).toBeInTheDocument();
    expect(within(actions).queryByRole('button', { name: 'Deny' })).not.toBeInTheDocument();
    expect(within(actions).queryByRole('button', { name: 'Complete' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('New note')).not.toBeInTheDocument();
  });

  it('shows an auditor no actions at all', async () => {
    answerRequest(['auditor'], { status: 'in_progress' });
    renderApp(`/requests/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'DSR-2026-000123' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Actions' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Assign|Deny|Complete|Add note/ })).not.toBeInTheDocument();
  });

  it('asks for a reason code and the explanation before denying, and sends the version it saw', async () => {
    const state = answerRequest(['privacy_officer'], { status: 'in_progress', version: 7 });
    const moves: InputOf<'requests.transition'>[] = [];
    server.use(
      trpcMutation('requests.transition', (input) => {
        moves.push(input);
        state.detail = { ...state.detail, status: 'denied', version: 8 };
        return {
          id,
          reference: 'DSR-2026-000123',
          version: 8,
          status: 'denied' as const,
          assignee: null,
          outcome: 'denied' as const,
          reasonCode: 'no_match' as const,
          updatedAt: '2026-03-05T09:00:00.000Z',
        };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    await user.click(await screen.findByRole('button', { name: 'More actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Deny' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deny: DSR-2026-000123' });
    await user.click(within(dialog).getByRole('button', { name: 'Deny' }));
    expect(await within(dialog).findByText('Choose a reason code.')).toBeInTheDocument();
    expect(within(dialog).getByText('Write the explanation sent to the requester.')).toBeInTheDocument();
    expect(moves).toHaveLength(0);

    await user.click(within(dialog).getByRole('combobox', { name: 'Reason code' }));
    // A denial offers denial codes only: "withdrawn" belongs to the withdrawal.
    expect(screen.queryByRole('option', { name: 'Withdrawn by the requester' })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'No data held (no match)' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Explanation sent to the requester' }),
      'We hold no data about you.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(moves).toEqual([
      {
        id,
        version: 7,
        to: 'denied',
        reasonCode: 'no_match',
        explanation: 'We hold no data about you.',
      },
    ]);
    // The page shows the new state.
    expect(await screen.findByText('Denied', { selector: '.mantine-Badge-label' })).toBeInTheDocument();
  });

  it('makes an extended request’s extended date the one to meet, and says the company SLA is missed', async () => {
    answerRequest(['privacy_officer'], {
      status: 'in_progress',
      due: {
        dueOn: '2026-06-02',
        companyDueOn: '2026-04-01',
        statutoryDueOn: '2026-06-02',
        effectiveDueOn: '2026-06-02',
        calendar: 'IE',
        timeZone: 'Europe/Dublin',
      },
      clocks: requestClocks({
        statutory: { dueOn: '2026-06-02', rule: 'GDPR Art. 12(3)', state: 'extended' },
        company: { dueOn: '2026-04-01', superseded: true },
        effective: { dueOn: '2026-06-02', source: 'statutory' },
        canExtendUntil: null,
        extensionEntryId: '00000000-0000-4000-8000-00000000c0e1',
        ledger: [
          {
            id: '00000000-0000-4000-8000-00000000c0e1',
            kind: 'extension_noticed',
            on: '2026-03-09',
            reason: 'Six systems hold the data.',
            recordedAt: '2026-03-09T10:00:00.000Z',
            recordedBy: olivia,
            removedAt: null,
            removedBy: null,
            removalReason: null,
          },
        ],
      }),
    });
    renderApp(`/requests/${id}`);
    const header = await screen.findByTestId('request-header');
    expect(header).toHaveTextContent('Due2 Jun 2026in 84 days');
    const section = screen.getByRole('region', { name: 'Deadlines' });
    expect(within(section).getByTestId('clock-summary')).toHaveTextContent(
      'The extended GDPR Art. 12(3) deadline, noticed to the requester on 9 Mar 2026. The company SLA (1 Apr 2026) counts as missed: the extension supersedes it.',
    );
    const company = within(section).getByRole('rowheader', { name: 'Company SLA' }).closest('tr');
    expect(company).toHaveTextContent('Missed: superseded by the extension');
    expect(company).not.toHaveTextContent('Effective');
  });

  it('makes a minor’s erasure target the date to meet, with a clock row of its own', async () => {
    answerRequest(['privacy_officer'], {
      type: 'erasure',
      minor: true,
      due: {
        dueOn: '2026-03-05',
        companyDueOn: '2026-04-01',
        statutoryDueOn: '2026-04-02',
        effectiveDueOn: '2026-03-05',
        calendar: 'IE',
        timeZone: 'Europe/Dublin',
      },
      clocks: requestClocks({
        effective: { dueOn: '2026-03-05', source: 'minor_target' },
        minorTarget: { at: '2026-03-05T09:00:00.000Z', dueOn: '2026-03-05', hours: 72 },
      }),
    });
    server.use(
      trpcQuery('erasure.plan', () => ({
        plan: null,
        canPrepare: false,
        prepareBlocker: 'The plan is prepared once identity is verified and work has started.',
      })),
    );
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Deadlines' });
    expect(within(section).getByTestId('clock-summary')).toHaveTextContent(
      'The minors’ erasure target, 72 hours from receipt: it comes before the GDPR Art. 12(3) deadline (2 Apr 2026) and the company SLA (1 Apr 2026).',
    );
    const minor = within(section)
      .getByRole('rowheader', { name: 'Minor’s erasure target (72 h)' })
      .closest('tr');
    expect(minor).toHaveTextContent('5 Mar 2026');
    expect(minor).toHaveTextContent('Effective');
    const company = within(section).getByRole('rowheader', { name: 'Company SLA' }).closest('tr');
    expect(company).not.toHaveTextContent('Effective');
  });

  it('flags a linked account that looked like someone else at intake', async () => {
    answerRequest(['privacy_officer'], { customerLinkCheck: 'name_differs' });
    renderApp(`/requests/${id}`);
    const header = await screen.findByTestId('request-header');
    expect(within(header).getByText('Account mismatch')).toBeInTheDocument();
    const linked = screen.getByRole('region', { name: 'Linked account' });
    expect(within(linked).getByText('Check the linked account')).toBeInTheDocument();
    expect(linked).toHaveTextContent('The linked account’s name differs from the requester’s.');
  });

  it('says when a closed request closed and whether it was on time, without open-clock language', async () => {
    answerRequest(['privacy_officer'], {
      status: 'completed',
      outcome: 'fulfilled',
      closure: {
        closedAt: '2026-04-07T15:00:00.000Z',
        closedOn: '2026-04-07',
        against: 'company',
        dueOn: '2026-04-01',
        daysLate: 6,
        statutoryMet: false,
        companySlaMet: false,
      },
      clocks: requestClocks({ canExtendUntil: null, acknowledgeBy: '2026-03-16' }),
    });
    renderApp(`/requests/${id}`);
    const header = await screen.findByTestId('request-header');
    expect(within(header).getByTestId('closure')).toHaveTextContent(
      'Completed on 7 Apr 2026 —6 days lateAgainst the company SLA (due 1 Apr 2026).',
    );
    expect(header).not.toHaveTextContent(/Due|in \d+ days|overdue/);
    const section = screen.getByRole('region', { name: 'Deadlines' });
    expect(section).not.toHaveTextContent(/may be noticed|Not recorded yet|Meet by/);
    expect(section).toHaveTextContent('Was due1 Apr 2026');
  });

  it('shows a request kept past its retention period with the placeholder, and the removal on its timeline', async () => {
    answerRequest(['manager'], {
      status: 'denied',
      outcome: 'denied',
      reasonCode: 'no_match',
      requesterMasked: true,
      requesterName: 'Removed after the retention period',
      requesterEmail: 'Removed after the retention period',
      description: 'Removed after the retention period',
      scrubbedAt: '2029-07-10T01:00:00.000Z',
    });
    server.use(
      trpcQuery('requests.timeline', () => ({
        items: [
          ...timeline,
          {
            id: '00000000-0000-4000-8000-00000000e004',
            at: '2029-07-10T01:00:00.000Z',
            actor: null,
            kind: 'retention' as const,
            months: 36,
          },
        ],
      })),
    );
    renderApp(`/requests/${id}`);
    const requester = await screen.findByRole('region', { name: 'Requester' });
    expect(within(requester).getAllByText('Removed after the retention period').length).toBeGreaterThan(0);
    // Nothing left to reveal.
    expect(within(requester).queryByRole('button', { name: /Reveal/ })).not.toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Timeline' });
    expect(
      await within(section).findByText('Requester’s personal data removed, 36 months after closing'),
    ).toBeInTheDocument();
    expect(within(section).getByText(/^The daily retention check ·/)).toBeInTheDocument();
  });

  it('asks before completing a CCPA request whose acknowledgement was never recorded', async () => {
    answerRequest(['privacy_officer'], {
      regime: 'ccpa',
      status: 'in_progress',
      version: 3,
      clocks: requestClocks({
        statutory: { dueOn: '2026-04-16', rule: 'CCPA §1798.130(a)(2)', state: 'initial' },
        acknowledgeBy: '2026-03-16',
        acknowledgedOn: null,
        canExtendUntil: null,
      }),
    });
    const moves: InputOf<'requests.transition'>[] = [];
    server.use(
      trpcMutation('requests.transition', (input) => {
        moves.push(input);
        return new TrpcFailure('CONFLICT', 'Changed meanwhile.');
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    // The acknowledgement owed is the next step; completing is in the menu, and asks first.
    const header = await screen.findByTestId('request-header');
    expect(within(header).getByRole('button', { name: 'Record acknowledgement' })).toBeInTheDocument();
    await user.click(within(header).getByRole('button', { name: 'More actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Complete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete: DSR-2026-000123' });
    expect(within(dialog).getByText('No acknowledgement is recorded')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Fulfilled' }));
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    expect(
      await within(dialog).findByText(
        'Record the acknowledgement first (Deadlines), or confirm that you close without one.',
      ),
    ).toBeInTheDocument();
    expect(moves).toHaveLength(0);
    await user.click(
      within(dialog).getByRole('checkbox', { name: 'Close without a recorded acknowledgement' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    expect(await within(dialog).findByText('Changed meanwhile.')).toBeInTheDocument();
    expect(moves).toEqual([{ id, version: 3, to: 'completed', outcome: 'fulfilled' }]);
  });

  it('shows a conflict from the server and reloads on request, overwriting nothing', async () => {
    const state = answerRequest(['privacy_officer'], { status: 'received', version: 3 });
    const message =
      'DSR-2026-000123 was changed by Omar Haddad at 14:03 UTC — reload to see the change, then try again.';
    server.use(trpcMutation('requests.transition', () => new TrpcFailure('CONFLICT', message)));
    const { user } = renderApp(`/requests/${id}`);
    await user.click(await screen.findByRole('button', { name: 'Start verification' }));
    const dialog = await screen.findByRole('dialog', { name: 'Start verification: DSR-2026-000123' });
    await user.click(within(dialog).getByRole('button', { name: 'Start verification' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(message);

    const before = state.gets;
    state.detail = { ...state.detail, status: 'verifying', version: 4 };
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(state.gets).toBeGreaterThan(before));
    expect(await screen.findByRole('button', { name: 'Identity verified: start work' })).toBeInTheDocument();
  });

  it('assigns with the version seen, offering "Assign to me"', async () => {
    const me = activeMe(['privacy_officer'], { name: 'Olivia Okafor' });
    const self = { id: me.staff?.id ?? '', name: 'Olivia Okafor' };
    const state = {
      detail: requestDetail({ id, reference: 'DSR-2026-000123', version: 2, status: 'verifying' }),
    };
    const assigns: InputOf<'requests.assign'>[] = [];
    server.use(
      trpcQuery('auth.me', () => me),
      trpcQuery('requests.get', () => state.detail),
      trpcQuery('requests.timeline', () => ({ items: timeline })),
      trpcQuery('staff.assignable', () => ({ items: [self, omar] })),
      trpcMutation('requests.assign', (input) => {
        assigns.push(input);
        state.detail = { ...state.detail, assignee: self, version: 3 };
        return {
          id,
          reference: 'DSR-2026-000123',
          version: 3,
          status: 'verifying' as const,
          assignee: self,
          outcome: null,
          reasonCode: null,
          updatedAt: '2026-03-05T09:00:00.000Z',
        };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    await user.click(await screen.findByRole('button', { name: 'More actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Assign' }));
    const dialog = await screen.findByRole('dialog', { name: 'Assign DSR-2026-000123' });
    await user.click(await within(dialog).findByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(assigns).toEqual([{ id, version: 2, assigneeId: self.id }]);
    await waitFor(() =>
      expect(screen.getByTestId('request-header')).toHaveTextContent('Assigned to Olivia Okafor'),
    );
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    expect(await screen.findByRole('menuitem', { name: 'Re-assign' })).toBeInTheDocument();
  });

  it('reveals a masked requester with a reason, in place', async () => {
    answerRequest(['manager'], { requesterMasked: true, requesterName: 'J. D***' });
    const reveals: InputOf<'requests.revealRequester'>[] = [];
    server.use(
      trpcMutation('requests.revealRequester', (input) => {
        reveals.push(input);
        return {
          requesterName: 'Jane Doe',
          requesterEmail: 'jane.doe@example.com',
          agentName: null,
          agentEmail: null,
        };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const requester = await screen.findByRole('region', { name: 'Requester' });
    expect(within(requester).getByText('J. D***')).toBeInTheDocument();
    await user.click(within(requester).getByRole('button', { name: 'Reveal' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reveal the requester of DSR-2026-000123' });
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect(
      await within(dialog).findByText('Say why in a sentence: at least 10 characters.'),
    ).toBeInTheDocument();
    // A placeholder word is not a reason.
    await user.type(within(dialog).getByLabelText('Reason'), 'test test test');
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect(await within(dialog).findByText(/^Say why in a sentence, such as/)).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('Reason'));
    await user.type(within(dialog).getByLabelText('Reason'), 'Requester on the phone');
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect(await within(requester).findByText('Jane Doe')).toBeInTheDocument();
    expect(within(requester).getByText('jane.doe@example.com')).toBeInTheDocument();
    expect(within(requester).getByText('Revealed on this page')).toBeInTheDocument();
    expect(reveals).toEqual([{ id, reason: 'Requester on the phone' }]);
  });

  it('adds an internal note', async () => {
    answerRequest(['privacy_officer'], { status: 'in_progress' });
    const notes: InputOf<'requests.addNote'>[] = [];
    server.use(
      trpcMutation('requests.addNote', (input) => {
        notes.push(input);
        return {
          id: '00000000-0000-4000-8000-00000000e009',
          at: '2026-03-05T09:00:00.000Z',
          actor: olivia,
          kind: 'note' as const,
          text: input.text,
        };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const field = await screen.findByLabelText('New note');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('Write the note.')).toBeInTheDocument();
    await user.type(field, 'Asked IT for the export.');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(notes).toEqual([{ id, text: 'Asked IT for the export.' }]));
    // The form starts afresh for the next note.
    await waitFor(() => expect(screen.getByLabelText('New note')).toHaveValue(''));
  });

  it('says when the request does not exist', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['auditor'])),
      trpcQuery('requests.get', () => new TrpcFailure('NOT_FOUND', 'No request with this id.')),
      trpcQuery('requests.timeline', () => new TrpcFailure('NOT_FOUND', 'No request with this id.')),
    );
    renderApp(`/requests/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Request not found' })).toBeInTheDocument();
  });

  it('is closed to summary readers', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['support_agent'])));
    renderApp(`/requests/${id}`);
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });
});
