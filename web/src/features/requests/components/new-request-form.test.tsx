import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { maskedEmail, maskedName } from '@privdesk/shared';
import { activeMe, requestDetail } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';

// Filling a form or a table of Mantine inputs in jsdom takes seconds on a busy 2-core machine.
const slow = { timeout: 20_000 };

const createdId = '00000000-0000-4000-8000-00000000c001';
const customer = {
  id: '00000000-0000-4000-8000-00000000c101',
  accountNumber: 'SYN-004211',
  name: maskedName('Mia Lindqvist'),
  email: maskedEmail('mia@example.org'),
  masked: true as const,
  organisation: 'Lindqvist Design',
  country: 'SE',
  plan: 'Team',
  minor: false,
  status: 'active' as const,
  purgeOn: null,
  matchedBy: 'name' as const,
};
const found = <T,>(items: T[]) => ({ items, hasMore: false, guidance: null, capped: false });

function signedInAs(roles: Role[]) {
  server.use(
    trpcQuery('auth.me', () => activeMe(roles)),
    trpcQuery('requests.findOpenDuplicates', () => ({ items: [] })),
  );
}

async function choose(user: UserEvent, label: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

async function fillValidForm(user: UserEvent) {
  await choose(user, 'Request type', 'Access');
  await user.type(screen.getByLabelText(/^Location/), 'DE');
  await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Jane Doe');
  await user.type(screen.getByRole('textbox', { name: 'Email' }), 'jane.doe@example.com');
}

describe('new request', slow, () => {
  it('checks the fields with the shared schema before sending', async () => {
    signedInAs(['privacy_officer']);
    const creates: InputOf<'requests.create'>[] = [];
    server.use(
      trpcMutation('requests.create', (input) => {
        creates.push(input);
        return new TrpcFailure('INTERNAL_SERVER_ERROR', 'unexpected');
      }),
    );
    const { user } = renderApp('/requests/new');
    await user.click(await screen.findByRole('button', { name: 'Log request' }));
    expect(await screen.findByText('Choose the request type.')).toBeInTheDocument();
    expect(screen.getByText('Choose the regime.')).toBeInTheDocument();
    expect(screen.getByText('Enter a name.')).toBeInTheDocument();
    expect(screen.getByText('Enter a valid email address.')).toBeInTheDocument();

    // A type that is not a right under the chosen regime is caught by the same schema.
    await choose(user, 'Request type', 'Opt-out of sale/sharing');
    await choose(user, 'Regime', 'EU GDPR');
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    expect(await screen.findByText('This is not a right under EU GDPR.')).toBeInTheDocument();
    expect(creates).toHaveLength(0);
  });

  it('suggests the regime from the location and warns when the choice differs', async () => {
    signedInAs(['privacy_officer']);
    const { user } = renderApp('/requests/new');
    await user.type(await screen.findByLabelText(/^Location/), 'GB');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Regime' })).toHaveValue('UK GDPR'));
    expect(screen.getByText('Suggested from GB: UK GDPR')).toBeInTheDocument();
    // The receipt time is read where the request is handled, and the field says where.
    expect(
      await screen.findByText(/Date and time in Europe\/London, where UK GDPR requests are handled\./),
    ).toBeInTheDocument();
    await choose(user, 'Regime', 'EU GDPR');
    expect(
      await screen.findByText(/The requester’s location \(GB\) suggests UK GDPR; you chose EU GDPR/),
    ).toBeInTheDocument();
  });

  it('warns about an open request of the same type for the same email, with a link to it', async () => {
    signedInAs(['privacy_officer']);
    const checks: InputOf<'requests.findOpenDuplicates'>[] = [];
    server.use(
      trpcQuery('requests.findOpenDuplicates', (input) => {
        checks.push(input);
        return {
          items: [
            {
              id: '00000000-0000-4000-8000-00000000c201',
              reference: 'DSR-2026-000042',
              type: 'access' as const,
              regime: 'gdpr' as const,
              status: 'verifying' as const,
              receivedAt: '2026-03-01T09:00:00.000Z',
              dueOn: '2026-04-01',
              matchedOn: 'email' as const,
            },
          ],
        };
      }),
    );
    const { user } = renderApp('/requests/new');
    await screen.findByRole('button', { name: 'Log request' });
    await choose(user, 'Request type', 'Access');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'Jane.Doe@example.com');
    const alert = await screen.findByText('An open access request already exists for this requester');
    const box = alert.closest('[role="alert"]') ?? alert.parentElement;
    if (!(box instanceof HTMLElement)) throw new Error('no alert box');
    expect(within(box).getByRole('link', { name: 'DSR-2026-000042' })).toHaveAttribute(
      'href',
      '/requests/00000000-0000-4000-8000-00000000c201',
    );
    expect(box).toHaveTextContent('Verifying identity, due 1 Apr 2026 (same email)');
    expect(checks.at(-1)).toEqual({ type: 'access', email: 'jane.doe@example.com' });
  });

  it('shows the server’s field errors beside their fields', async () => {
    signedInAs(['privacy_officer']);
    server.use(
      trpcMutation(
        'requests.create',
        () =>
          new TrpcFailure('BAD_REQUEST', 'Some fields need attention.', {
            'requester.email': ['This address bounces: check it with the requester.'],
            receivedAt: ['The receipt time cannot be in the future.'],
          }),
      ),
    );
    const { user } = renderApp('/requests/new');
    await screen.findByRole('button', { name: 'Log request' });
    await fillValidForm(user);
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    const email = screen.getByRole('textbox', { name: 'Email' });
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('This address bounces: check it with the requester.');
    expect(await screen.findByText('The receipt time cannot be in the future.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Not logged' })).not.toBeInTheDocument();
  });

  it('takes an officer to the new request’s page', async () => {
    signedInAs(['privacy_officer']);
    const creates: InputOf<'requests.create'>[] = [];
    server.use(
      trpcMutation('requests.create', (input) => {
        creates.push(input);
        return {
          id: createdId,
          reference: 'DSR-2026-000124',
          status: 'received' as const,
          version: 1,
          receivedAt: '2026-03-02T09:15:00.000Z',
          dueOn: '2026-04-01',
          warnings: [],
        };
      }),
      trpcQuery('requests.get', () => requestDetail({ id: createdId, reference: 'DSR-2026-000124' })),
      trpcQuery('requests.timeline', () => ({ items: [] })),
      trpcQuery('staff.assignable', () => ({ items: [] })),
    );
    const { user, location } = renderApp('/requests/new');
    await screen.findByRole('button', { name: 'Log request' });
    await fillValidForm(user);
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    await waitFor(() => expect(location().pathname).toBe(`/requests/${createdId}`));
    expect(await screen.findByRole('heading', { level: 1, name: 'DSR-2026-000124' })).toBeInTheDocument();
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      type: 'access',
      regime: 'gdpr',
      channel: 'email',
      requester: { name: 'Jane Doe', email: 'jane.doe@example.com', location: 'DE' },
      agent: null,
      customerId: null,
      priority: 'normal',
      minor: false,
    });
    expect(Date.parse(creates[0]?.receivedAt ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('makes a request of an email in the inbox: received when it arrived, from its sender, linked to it', async () => {
    signedInAs(['privacy_officer']);
    const mailId = '00000000-0000-4000-8000-00000000c201';
    const creates: InputOf<'requests.create'>[] = [];
    server.use(
      trpcQuery('inbox.get', () => ({
        mail: {
          id: mailId,
          receivedAt: '2026-03-02T16:30:05.120Z',
          fromName: 'Oskar Lind',
          fromAddress: 'oskar.lind@example.co.uk',
          subject: 'Please delete my account',
          preview: 'Please delete my account and my data.',
          status: 'new' as const,
          flags: [],
          attachmentCount: 0,
          request: null,
          version: 0,
          text: 'Please delete my account and my data.',
          to: ['privacy@syncronis.net'],
          envelopeFrom: 'oskar.lind@example.co.uk',
          messageId: '<a1@example.co.uk>',
          inReplyTo: null,
          sizeBytes: 812,
          attachments: [],
          kept: [],
          auth: null,
          threadedVia: null,
          notRequest: null,
          handled: null,
        },
        suggestion: {
          action: 'new_request' as const,
          request: null,
          type: 'erasure' as const,
          regime: 'uk_gdpr' as const,
          customer: { id: customer.id, accountNumber: customer.accountNumber, country: 'GB' },
        },
      })),
      // The sender's account, found as the picker finds it (an officer sees it in clear).
      trpcQuery('customers.search', (input) =>
        found(input.q === customer.accountNumber ? [{ ...customer, country: 'GB' }] : []),
      ),
      trpcMutation('requests.create', (input) => {
        creates.push(input);
        return new TrpcFailure('BAD_REQUEST', 'Some fields need attention.', {
          fromMailId: ['This message was already handled: it cannot become a second request.'],
        });
      }),
    );
    const { user } = renderApp(`/requests/new?fromMail=${mailId}`);
    expect(await screen.findByText('Made of an email in the privacy mailbox')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveValue('oskar.lind@example.co.uk');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Oskar Lind');
    // Read where UK requests are handled, once the intake context is in.
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /^Received at/ })).toHaveValue(
        '2 Mar 2026, 16:30:05 (Europe/London)',
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Log request' }));
    await waitFor(() => expect(creates).toHaveLength(1));
    expect(creates[0]).toMatchObject({
      type: 'erasure',
      regime: 'uk_gdpr',
      channel: 'email',
      receivedAt: '2026-03-02T16:30:05.120Z',
      fromMailId: mailId,
      customerId: customer.id,
      requester: { name: 'Oskar Lind', email: 'oskar.lind@example.co.uk' },
    });
    // The server's refusal is said beside the receipt time the email fixes.
    expect(
      await screen.findByText('This message was already handled: it cannot become a second request.'),
    ).toBeInTheDocument();
  });

  it('lets a support agent link a customer found by search, then shows the reference to give them', async () => {
    signedInAs(['support_agent']);
    const searches: InputOf<'customers.search'>[] = [];
    const creates: InputOf<'requests.create'>[] = [];
    server.use(
      trpcQuery('customers.search', (input) => {
        searches.push(input);
        return found([customer]);
      }),
      trpcMutation('requests.create', (input) => {
        creates.push(input);
        return {
          id: createdId,
          reference: 'DSR-2026-000125',
          status: 'received' as const,
          version: 1,
          receivedAt: '2026-03-02T09:15:00.000Z',
          dueOn: '2026-04-01',
          warnings: [],
        };
      }),
    );
    const { user } = renderApp('/requests/new');
    // Support agents log from a call: the channel starts at "Support".
    expect(await screen.findByRole('combobox', { name: 'Channel' })).toHaveValue('Support');
    await user.type(screen.getByRole('combobox', { name: 'Customer account' }), 'lindq');
    // A masked entry shows what tells accounts apart without revealing them.
    const option = await screen.findByRole('option', { name: /^M\. L\*\*\*/ });
    expect(option).toHaveTextContent('SYN-004211 · Lindqvist Design · SE · Team plan');
    await user.click(option);
    expect(searches.at(-1)).toEqual({ q: 'lindq', limit: 10 });
    // Masked, the form cannot compare names without telling what the mask hides: it asks for a check.
    expect(screen.getByText(/You see this account masked: check its number/)).toBeInTheDocument();
    // The account's country suggests the regime until the person picks one.
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Regime' })).toHaveValue('EU GDPR'));
    await choose(user, 'Request type', 'Erasure');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Maja Lindqvist');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'maja@example.org');
    await user.click(screen.getByRole('button', { name: 'Log request' }));

    expect(await screen.findByRole('heading', { name: 'Logged as DSR-2026-000125' })).toBeInTheDocument();
    expect(creates[0]).toMatchObject({ customerId: customer.id, channel: 'support', regime: 'gdpr' });
    await user.click(screen.getByRole('button', { name: 'Log another' }));
    expect(await screen.findByRole('button', { name: 'Log request' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('');
  });

  it('warns an officer when the linked account’s name differs from the requester’s', async () => {
    signedInAs(['privacy_officer']);
    const clear = {
      ...customer,
      name: 'Diego Castellanos',
      email: 'diego@example.org',
      masked: false as const,
      accountNumber: 'SYN-004300',
      organisation: null,
      country: 'ES',
    };
    server.use(trpcQuery('customers.search', () => found([clear])));
    const { user } = renderApp('/requests/new');
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Diego Xavier');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'diego@example.org');
    await user.type(screen.getByRole('combobox', { name: 'Customer account' }), 'diego');
    await user.click(await screen.findByRole('option', { name: /^Diego Castellanos/ }));
    expect(await screen.findByText('Is this the requester’s account?')).toBeInTheDocument();
    expect(
      screen.getByText(
        /The linked account’s name differs from the requester’s\. The requester is Diego Xavier/,
      ),
    ).toBeInTheDocument();
    // Picking the type, then the same type again, keeps it: a required choice is not cleared by a click.
    await choose(user, 'Request type', 'Access');
    await choose(user, 'Request type', 'Access');
    expect(screen.getByRole('combobox', { name: 'Request type' })).toHaveValue('Access');
  });

  it('asks before leaving a form with typed work, and stays when asked to', async () => {
    signedInAs(['privacy_officer']);
    const { user } = renderApp('/requests/new');
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Jane');
    await user.click(screen.getAllByRole('link', { name: /Customers/ })[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(within(dialog).getByRole('button', { name: 'Stay on the page' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Jane');
    await user.click(screen.getAllByRole('link', { name: /Customers/ })[0] as HTMLElement);
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Leave without saving?' })).getByRole('button', {
        name: 'Leave and discard',
      }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeInTheDocument();
  });

  it('is closed to people who may not log requests', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['manager'])));
    renderApp('/requests/new');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });
});
