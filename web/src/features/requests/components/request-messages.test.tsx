import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '@privdesk/shared';
import { activeMe, olivia, requestDetail, unverified } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';

const id = '00000000-0000-4000-8000-00000000e001';

const failedDenial: MessageView = {
  id: '00000000-0000-4000-8000-00000000e0a1',
  requestId: id,
  reference: 'DSR-2026-000410',
  kind: 'denial',
  status: 'failed',
  to: 'lena.park@example.com',
  subject: 'Our answer to your privacy request DSR-2026-000410',
  body: 'Dear Lena Park,\n\nWe cannot act on it.',
  messageId: '<00000000-0000-4000-8000-00000000e0a1@syncronis.net>',
  replyTo: 'privacy+dsr-2026-000410@syncronis.net',
  queuedAt: '2026-03-10T15:00:00.000Z',
  queuedBy: { id: olivia.id, name: olivia.name },
  sentAt: null,
  failedAt: '2026-03-10T15:08:00.000Z',
  attempts: 5,
  serverAnswer: '550 5.1.1 Recipient address rejected',
  failure: 'The mail server did not accept it after 5 attempts.',
};

function officerOn(detail: Parameters<typeof requestDetail>[0]) {
  server.use(
    trpcQuery('auth.me', () => activeMe(['privacy_officer'], { name: 'Olivia Okafor' })),
    trpcQuery('requests.get', () => requestDetail({ id, reference: 'DSR-2026-000410', ...detail })),
    trpcQuery('requests.timeline', () => ({ items: [] })),
    trpcQuery('staff.assignable', () => ({ items: [olivia] })),
  );
}

describe('Sent mail on the request page', () => {
  it('shows a failed message with the server’s answer and sends it again', async () => {
    officerOn({ status: 'denied' });
    const retried: InputOf<'messages.retry'>[] = [];
    server.use(
      trpcQuery('messages.forRequest', () => ({ items: [failedDenial] })),
      trpcMutation('messages.retry', (input) => {
        retried.push(input);
        return { ...failedDenial, status: 'queued' as const, failedAt: null, failure: null };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Sent mail' });
    const message = await within(section).findByRole('article', { name: 'Denial, Failed' });
    expect(message).toHaveTextContent('to lena.park@example.com');
    expect(message).toHaveTextContent(
      'The mail server did not accept it after 5 attempts. The server said: “550 5.1.1 Recipient address rejected”',
    );
    await user.click(within(message).getByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(retried).toEqual([{ messageId: failedDenial.id }]));
  });

  it('says when nothing was sent yet', async () => {
    officerOn({ status: 'in_progress' });
    renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Sent mail' });
    expect(await within(section).findByText(/No mail to the requester yet/)).toBeInTheDocument();
  });
});

describe('identity checks by email', () => {
  it('sends a verification link with the version seen, and shows a refusal as it came', async () => {
    officerOn({ status: 'verifying', version: 7, verification: unverified() });
    const links: InputOf<'verification.sendLink'>[] = [];
    server.use(
      trpcMutation('verification.sendLink', (input) => {
        links.push(input);
        return links.length === 1
          ? { version: 8, messageId: failedDenial.id, expiresAt: '2026-03-17T15:00:00.000Z' }
          : new TrpcFailure(
              'TOO_MANY_REQUESTS',
              'A link went to the requester at 15:00 UTC: send another from 15:05 UTC if it has not arrived.',
            );
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Identity verification' });
    await user.click(within(section).getByRole('button', { name: 'Send verification link' }));
    expect(await screen.findByText('Verification link queued for DSR-2026-000410')).toBeInTheDocument();
    expect(links).toEqual([{ id, version: 7 }]);
    await user.click(within(section).getByRole('button', { name: 'Send verification link' }));
    expect(await screen.findByText(/send another from 15:05 UTC/)).toBeInTheDocument();
  });

  it('checks the code the caller reads out, saying how many tries are left', async () => {
    officerOn({ status: 'verifying', version: 3, verification: unverified() });
    const checks: InputOf<'verification.checkCode'>[] = [];
    server.use(
      trpcMutation('verification.checkCode', (input) => {
        checks.push(input);
        return { version: 4, outcome: 'failed' as const, attemptsLeft: 4 };
      }),
    );
    const { user } = renderApp(`/requests/${id}`);
    const section = await screen.findByRole('region', { name: 'Identity verification' });
    await user.click(within(section).getByRole('button', { name: 'Check a code' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check a code: DSR-2026-000410' });
    await user.type(within(dialog).getByLabelText(/Code the caller read out/), '12345');
    await user.click(within(dialog).getByRole('button', { name: 'Check the code' }));
    expect(await within(dialog).findByText('The code is six digits.')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Code the caller read out/), '6');
    await user.click(within(dialog).getByRole('button', { name: 'Check the code' }));
    expect(await within(dialog).findByText('Not the code we sent: 4 tries left.')).toBeInTheDocument();
    expect(checks).toEqual([{ id, version: 3, code: '123456' }]);
  });
});
