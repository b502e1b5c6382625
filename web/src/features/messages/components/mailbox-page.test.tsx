import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageStatusView, MessageView } from '@privdesk/shared';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery, type InputOf } from '../../../testing/trpc-msw';

const sent: MessageView = {
  id: '00000000-0000-4000-8000-0000000000a1',
  requestId: '00000000-0000-4000-8000-0000000000b1',
  reference: 'DSR-2026-000321',
  kind: 'extension_notice',
  status: 'sent',
  to: 'nadia.okoro@example.com',
  subject: 'More time is needed for your privacy request DSR-2026-000321',
  body: 'Dear Nadia Okoro,\n\nWe need more time because your records span three systems.',
  messageId: '<00000000-0000-4000-8000-0000000000a1@syncronis.net>',
  replyTo: 'privacy+dsr-2026-000321@syncronis.net',
  queuedAt: '2026-03-10T15:00:00.000Z',
  queuedBy: { id: '00000000-0000-4000-8000-0000000000c1', name: 'Olivia Okafor' },
  sentAt: '2026-03-10T15:00:02.000Z',
  failedAt: null,
  attempts: 1,
  serverAnswer: '250 2.0.0 Ok: queued',
  failure: null,
};

const failed: MessageStatusView = {
  id: '00000000-0000-4000-8000-0000000000a2',
  reference: 'DSR-2026-000322',
  kind: 'denial',
  status: 'failed',
  queuedAt: '2026-03-10T16:00:00.000Z',
  sentAt: null,
  failedAt: '2026-03-10T16:08:00.000Z',
  attempts: 5,
  serverAnswer: '550 5.1.1 [address]: Recipient address rejected',
};

const pageOf = <T,>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 25 });

describe('the mailbox', () => {
  it('shows an officer every message in full, its text on opening, and filters by the URL', async () => {
    const asked: InputOf<'messages.mailbox'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('messages.mailbox', (input) => {
        asked.push(input);
        return { view: 'full' as const, ...pageOf([sent]) };
      }),
    );
    const { user, location } = renderApp('/mailbox');
    const table = await screen.findByRole('table', { name: 'Messages to requesters' });
    const [, row] = within(table).getAllByRole('row');
    expect(row).toHaveTextContent('DSR-2026-000321');
    expect(row).toHaveTextContent('Extension notice · to nadia.okoro@example.com');
    expect(row).toHaveTextContent('Sent');
    await user.click(within(table).getByRole('button', { name: /More time is needed/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('your records span three systems');
    expect(dialog).toHaveTextContent('Message-ID <00000000-0000-4000-8000-0000000000a1@syncronis.net>');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'failed');
    await waitFor(() => expect(location().search).toBe('?status=failed'));
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ status: 'failed', page: 1 }));
  });

  it('shows an admin delivery only, with no address, subject or text, and no demo inbox', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('messages.mailbox', () => ({ view: 'status' as const, ...pageOf([failed]) })),
    );
    renderApp('/mailbox');
    const table = await screen.findByRole('table', { name: 'Messages to requesters' });
    expect(table).toHaveTextContent('Denial');
    expect(table).toHaveTextContent('5 tries');
    expect(table).toHaveTextContent('550 5.1.1 [address]: Recipient address rejected');
    expect(screen.queryByRole('radio', { name: 'Demo inbox' })).not.toBeInTheDocument();
  });

  it('shows the demo inbox with its links', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('messages.mailbox', () => ({ view: 'full' as const, ...pageOf([sent]) })),
      trpcQuery('messages.captured', () => ({
        capturing: true,
        items: [
          {
            id: '00000000-0000-4000-8000-0000000000d1',
            receivedAt: '2026-03-10T15:00:03.000Z',
            from: 'privacy@syncronis.net',
            to: ['nadia.okoro@example.com'],
            subject: 'Please confirm your privacy request DSR-2026-000321',
            text: 'Open https://desk.example/verify/abc.def to confirm.',
            messageId: '<x@syncronis.net>',
          },
        ],
        total: 1,
        page: 1,
        pageSize: 25,
      })),
    );
    renderApp('/mailbox?view=inbox');
    const mail = await screen.findByRole('article', {
      name: 'Please confirm your privacy request DSR-2026-000321',
    });
    expect(within(mail).getByRole('link', { name: 'https://desk.example/verify/abc.def' })).toHaveAttribute(
      'href',
      'https://desk.example/verify/abc.def',
    );
  });
});
