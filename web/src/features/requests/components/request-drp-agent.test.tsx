import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe, queuePage, queueRow, requestDetail, type TimelineItem } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery, type OutputOf } from '../../../testing/trpc-msw';

const slow = { timeout: 20_000 };
const id = '00000000-0000-4000-8000-00000000d701';

const agentRequest: NonNullable<OutputOf<'drp.forRequest'>> = {
  agent: { id: 'AGENT_X', name: 'Agent X', status: 'active' },
  agentRequestId: 'ax-req-5521',
  exercise: 'sale:opt_out',
  voluntary: true,
  relationships: ['customer'],
  callbackHost: 'callbacks.agent-x.example',
  attested: {
    name: true,
    email: true,
    emailVerified: true,
    phone: false,
    phoneVerified: false,
    address: false,
    addressVerified: false,
    powerOfAttorney: true,
  },
  current: {
    request_id: id,
    status: 'in_progress',
    reason: 'need_user_verification',
    received_at: '2026-03-02T09:15:00.000Z',
    expected_by: '2026-04-16',
    user_verification_url: 'https://privacy.example.com/verify/abc',
  },
  deliveries: [
    {
      at: '2026-03-03T10:00:00.000Z',
      event: 'status_sent',
      status: 'in_progress',
      reason: 'need_user_verification',
      httpStatus: 200,
      attempt: 1,
    },
    {
      at: '2026-03-02T09:15:00.000Z',
      event: 'filed',
      status: 'open',
      reason: null,
      httpStatus: null,
      attempt: 0,
    },
  ],
  duplicates: [{ id: '7d0c3c1e-2222-4b4b-8c8c-000000000009', reference: 'DSR-2026-000650' }],
};

function answerRequest(timeline: TimelineItem[] = []) {
  server.use(
    trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
    trpcQuery('requests.get', () => requestDetail({ id, reference: 'DSR-2026-000701' })),
    trpcQuery('requests.timeline', () => ({ items: timeline })),
    trpcQuery('staff.assignable', () => ({ items: [] })),
  );
}

describe('requests filed by an authorised agent', slow, () => {
  it('are marked "via <agent>" in the queue', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('views.find', () => ({ builtIn: [], saved: [] })),
      trpcQuery('staff.assignable', () => ({ items: [] })),
      trpcQuery('requests.find', () =>
        queuePage('full', [
          queueRow({ reference: 'DSR-2026-000711', filedBy: 'Agent X' }),
          queueRow({ reference: 'DSR-2026-000712' }),
        ]),
      ),
    );
    renderApp('/queue');
    const filed = (await screen.findByRole('link', { name: 'DSR-2026-000711' })).closest('tr');
    if (!filed) throw new Error('no row');
    expect(within(filed).getByText('via Agent X')).toBeInTheDocument();
    // Whole on hover and for screen readers.
    expect(within(filed).getByTitle('Filed by authorised agent Agent X')).toHaveTextContent(
      'Filed by authorised agent Agent X',
    );
    const plain = screen.getByRole('link', { name: 'DSR-2026-000712' }).closest('tr');
    expect(plain).not.toHaveTextContent(/via |authorised agent/);
  });

  it('show the agent, the action, what it attested, what it sees and the statuses sent', async () => {
    answerRequest();
    server.use(trpcQuery('drp.forRequest', () => agentRequest));
    renderApp(`/requests/${id}`);
    const card = await screen.findByRole('region', { name: 'Filed by an authorised agent' });
    expect(card).toHaveTextContent('Agent X');
    expect(card).not.toHaveTextContent('Disabled');
    expect(card).toHaveTextContent('ax-req-5521');
    expect(within(card).getByText('Opt out of sale')).toBeInTheDocument();
    expect(card).toHaveTextContent('Voluntary: no regime given — handled under the CCPA’s rules');
    expect(within(card).getByText('Email (verified by the agent)')).toBeInTheDocument();
    expect(within(card).getByText('Power of attorney')).toBeInTheDocument();
    expect(within(card).queryByText(/^Phone/)).not.toBeInTheDocument();
    expect(card).toHaveTextContent('In progress (needs the consumer to verify)');
    expect(card).toHaveTextContent('Expected by 16 Apr 2026');
    expect(within(card).getByRole('link', { name: 'Verification page' })).toHaveAttribute(
      'href',
      'https://privacy.example.com/verify/abc',
    );
    expect(card).toHaveTextContent('callbacks.agent-x.example');
    expect(within(card).getByRole('link', { name: 'DSR-2026-000650' })).toHaveAttribute(
      'href',
      '/requests/7d0c3c1e-2222-4b4b-8c8c-000000000009',
    );
    const deliveries = within(card).getByRole('list', { name: 'Statuses sent to the agent' });
    // Status deliveries only: the filing itself is on the timeline.
    expect(within(deliveries).getAllByRole('listitem')).toHaveLength(1);
    expect(deliveries).toHaveTextContent(
      /Sent: In progress \(needs the consumer to verify\) · HTTP 200 · attempt 1/,
    );
  });

  it('say when the agent is disabled or gave no status callback', async () => {
    answerRequest();
    server.use(
      trpcQuery('drp.forRequest', () => ({
        ...agentRequest,
        agent: { ...agentRequest.agent, status: 'disabled' as const },
        exercise: 'deletion' as const,
        voluntary: false,
        callbackHost: null,
        deliveries: [],
        duplicates: [],
      })),
    );
    renderApp(`/requests/${id}`);
    const card = await screen.findByRole('region', { name: 'Filed by an authorised agent' });
    expect(within(card).getByText('Disabled')).toBeInTheDocument();
    expect(within(card).getByText('Delete')).toBeInTheDocument();
    expect(card).not.toHaveTextContent('Voluntary');
    expect(card).toHaveTextContent('The agent gave no status callback');
    expect(within(card).queryByRole('list', { name: 'Statuses sent to the agent' })).not.toBeInTheDocument();
  });

  it('is no card for any other request', async () => {
    let asked = 0;
    answerRequest();
    server.use(
      trpcQuery('drp.forRequest', () => {
        asked += 1;
        return null;
      }),
    );
    renderApp(`/requests/${id}`);
    expect(await screen.findByRole('region', { name: 'Requester' })).toBeInTheDocument();
    await waitFor(() => expect(asked).toBeGreaterThan(0));
    expect(screen.queryByRole('region', { name: 'Filed by an authorised agent' })).not.toBeInTheDocument();
  });

  it('put what passed with the agent on the timeline', async () => {
    const drpEntry = (
      n: number,
      at: string,
      fields: Pick<
        Extract<TimelineItem, { kind: 'drp' }>,
        'event' | 'status' | 'reason' | 'httpStatus' | 'attempt'
      >,
    ): TimelineItem => ({
      id: `00000000-0000-4000-8000-00000000e70${n}`,
      at,
      actor: null,
      kind: 'drp',
      agentId: 'AGENT_X',
      seq: n,
      ...fields,
    });
    answerRequest([
      drpEntry(1, '2026-03-02T09:15:00.000Z', {
        event: 'filed',
        status: 'open',
        reason: null,
        httpStatus: null,
        attempt: 0,
      }),
      drpEntry(2, '2026-03-03T10:00:00.000Z', {
        event: 'status_sent',
        status: 'in_progress',
        reason: 'need_user_verification',
        httpStatus: 200,
        attempt: 1,
      }),
      drpEntry(3, '2026-03-04T10:00:00.000Z', {
        event: 'status_failed',
        status: 'fulfilled',
        reason: null,
        httpStatus: 503,
        attempt: 5,
      }),
    ]);
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Timeline' });
    expect(
      await within(section).findByText(
        'Status sent to the agent: In progress (needs the consumer to verify) — HTTP 200',
      ),
    ).toBeInTheDocument();
    expect(within(section).getByText('Filed by authorised agent (AGENT_X)')).toBeInTheDocument();
    expect(
      within(section).getByText('Status not delivered to the agent after 5 attempts: Fulfilled'),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent('Last answer: HTTP 503');
    expect(section).toHaveTextContent('The authorised agent ·');
  });
});
