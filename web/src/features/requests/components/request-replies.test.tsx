import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe, olivia, requestDetail } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';

const id = '00000000-0000-4000-8000-00000000f001';
const replyId = '00000000-0000-4000-8000-00000000f0a1';

const reply = {
  id: replyId,
  receivedAt: '2026-03-12T11:00:00.000Z',
  fromName: 'Oskar Lind',
  fromAddress: 'oskar.lind@example.co.uk',
  subject: 'Re: Your privacy request DSR-2026-000512',
  preview: 'The one with the work address.',
  status: 'reply' as const,
  flags: [],
  attachmentCount: 0,
  request: { id, reference: 'DSR-2026-000512' },
  version: 1,
  text: 'The one with the work address.',
  threadedVia: 'in_reply_to' as const,
  arrivedOn: '2026-03-12',
};

function officerOn(detail: Parameters<typeof requestDetail>[0]) {
  server.use(
    trpcQuery('auth.me', () => activeMe(['privacy_officer'], { name: 'Olivia Okafor' })),
    trpcQuery('requests.get', () => requestDetail({ id, reference: 'DSR-2026-000512', ...detail })),
    trpcQuery('requests.timeline', () => ({ items: [] })),
    trpcQuery('staff.assignable', () => ({ items: [olivia] })),
    trpcQuery('inbox.forRequest', () => ({ items: [reply] })),
  );
}

describe('Mail from the requester on the request page', () => {
  it('offers "information received" dated the day the reply arrived, with the version seen', async () => {
    officerOn({ status: 'awaiting_requester', version: 9 });
    const sent: InputOf<'inbox.informationReceived'>[] = [];
    server.use(
      trpcMutation('inbox.informationReceived', (input) => {
        sent.push(input);
        return sent.length === 1
          ? new TrpcFailure(
              'CONFLICT',
              'DSR-2026-000512 was changed by someone else — reload to see the change.',
            )
          : { id, version: 10, status: 'in_progress' as const, receivedOn: '2026-03-12' };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Mail from the requester' });
    const mail = await within(section).findByRole('article', {
      name: 'Email from Oskar Lind: Re: Your privacy request DSR-2026-000512',
    });
    expect(mail).toHaveTextContent('On this request because it answers our message (In-Reply-To).');
    expect(mail).toHaveTextContent('The one with the work address.');
    const button = within(mail).getByRole('button', { name: 'Information received (12 Mar 2026)' });
    await user.click(button);
    expect(await screen.findByText(/was changed by someone else/)).toBeInTheDocument();
    await user.click(button);
    await waitFor(() =>
      expect(sent).toEqual([
        { mailId: replyId, requestId: id, requestVersion: 9 },
        { mailId: replyId, requestId: id, requestVersion: 9 },
      ]),
    );
    expect(
      await screen.findByText(
        'Recorded as received on 12 Mar 2026, the day the reply arrived; the clock runs again from then.',
      ),
    ).toBeInTheDocument();
  });

  it('offers nothing to do once the request no longer waits on its requester', async () => {
    officerOn({ status: 'in_progress' });
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Mail from the requester' });
    await within(section).findByRole('article');
    expect(within(section).queryByRole('button', { name: /Information received/ })).toBeNull();
  });
});
