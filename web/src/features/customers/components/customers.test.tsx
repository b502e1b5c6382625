import { maskedEmail, maskedName } from '@privdesk/shared';
import { defaultRegimeHandling } from '@privdesk/shared/constants';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe, olivia } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

const slow = { timeout: 30_000 };
const id = '00000000-0000-4000-8000-00000000c501';

const masked = {
  id,
  accountNumber: 'SYN-104233',
  name: maskedName('Freya Halloran'),
  email: maskedEmail('freya.h@example.com'),
  masked: true as const,
  organisation: 'Kestrel Robotics',
  country: 'IE',
  plan: 'team',
  minor: false,
  status: 'active' as const,
  purgeOn: null,
};

function customerPage(overrides: Partial<OutputOf<'customers.get'>> = {}): OutputOf<'customers.get'> {
  return {
    customer: masked,
    version: 2,
    signupAt: '2024-02-01T09:00:00.000Z',
    lastActiveAt: '2026-11-30T08:00:00.000Z',
    organisation: {
      id: '00000000-0000-4000-8000-00000000c601',
      name: 'Kestrel Robotics',
      country: 'SE',
      masked: true,
      contact: { name: maskedName('Astrid Lindqvist'), email: maskedEmail('privacy@kestrel.example') },
    },
    flags: [],
    requests: [
      {
        id: '00000000-0000-4000-8000-00000000d001',
        reference: 'DSR-2026-000123',
        type: 'erasure',
        status: 'in_progress',
        outcome: null,
        receivedAt: '2026-11-20T10:00:00.000Z',
        dueOn: '2026-12-21',
        closedOn: null,
        plainLine: 'Your deletion request DSR-2026-000123 is being worked on; we will answer by 21 December.',
      },
    ],
    footprint: {
      systems: [
        {
          key: 'platform',
          name: 'Syncronis platform',
          holds: 'Account profile (name, email, organisation, country, plan) and sign-in activity',
          since: '2024-02-01T09:00:00.000Z',
        },
      ],
      fromInventory: false,
    },
    suggestedRegime: 'gdpr',
    today: '2026-12-04',
    ...overrides,
  };
}

const found = (
  items: OutputOf<'customers.search'>['items'],
  more: Partial<OutputOf<'customers.search'>> = {},
) => ({
  items,
  hasMore: false,
  guidance: null,
  capped: false,
  ...more,
});

describe('the Customers page', slow, () => {
  it('finds an account by a full email for a support agent, masked, and opens it by keyboard', async () => {
    const searches: InputOf<'customers.search'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('customers.search', (input) => {
        searches.push(input);
        return found(input.q === 'freya.h@example.com' ? [{ ...masked, matchedBy: 'email' }] : []);
      }),
      trpcQuery('customers.get', () => customerPage()),
    );
    const { user, location } = renderApp('/customers');
    const box = await screen.findByRole('searchbox', { name: 'Search customers' });
    expect(box).toHaveFocus();
    await user.type(box, 'f');
    expect(await screen.findByText('Keep typing: at least two characters.')).toBeInTheDocument();
    await user.type(box, 'reya.h@example.com');
    const results = await screen.findByRole('list', { name: 'Matching accounts' });
    expect(within(results).getByText('F. H***')).toBeInTheDocument();
    expect(within(results).getByText('f***@e***.com')).toBeInTheDocument();
    expect(screen.getByText(/1 account, by account number/)).toBeInTheDocument();
    // Only whole terms went to the server, each from the directory (audited as such); never one letter.
    expect(searches.every((s) => s.from === 'customer_directory' && s.q.length >= 2)).toBe(true);
    expect(location().search).toBe('?q=freya.h%40example.com');
    await user.keyboard('{ArrowDown}');
    expect(within(results).getByRole('link')).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(location().pathname).toBe(`/customers/${id}`));
    expect(await screen.findByRole('heading', { level: 1, name: 'F. H***' })).toBeInTheDocument();
  });

  it('says when nothing matches, and when a masked name matched more accounts than are shown', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('customers.search', (input) =>
        input.q === 'nobody here' ? found([]) : found([{ ...masked, matchedBy: 'name' }], { capped: true }),
      ),
    );
    const { user } = renderApp('/customers');
    const box = await screen.findByRole('searchbox', { name: 'Search customers' });
    await user.type(box, 'nobody here');
    expect(await screen.findByText(/No account matches “nobody here”/)).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, 'Ada Lovelace');
    expect(await screen.findByText(/More accounts have this name than are shown/)).toBeInTheDocument();
  });

  it('shows the server’s refusal (a rate limit) in place', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery(
        'customers.search',
        () =>
          new TrpcFailure(
            'TOO_MANY_REQUESTS',
            'You have searched 30 times in the last minute. Wait a minute, then search again.',
          ),
      ),
    );
    const { user } = renderApp('/customers');
    await user.type(await screen.findByRole('searchbox', { name: 'Search customers' }), 'jane@example.com');
    expect(await screen.findByText(/Wait a minute, then search again/)).toBeInTheDocument();
  });
});

describe('the customer page', slow, () => {
  it('shows a support agent the masked account with the line to read out, and reveals it for a reason', async () => {
    const reveals: InputOf<'customers.reveal'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('customers.get', () => customerPage()),
      trpcMutation('customers.reveal', (input) => {
        reveals.push(input);
        return {
          name: 'Freya Halloran',
          email: 'freya.h@example.com',
          contact: { name: 'Astrid Lindqvist', email: 'privacy@kestrel.example' },
        };
      }),
    );
    const { user } = renderApp(`/customers/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'F. H***' })).toBeInTheDocument();
    expect(
      screen.getByText(
        '“Your deletion request DSR-2026-000123 is being worked on; we will answer by 21 December.”',
        { exact: false },
      ),
    ).toBeInTheDocument();
    // Support agents have no request page: the reference is text, not a link.
    expect(screen.queryByRole('link', { name: 'DSR-2026-000123' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reveal details' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect(await within(dialog).findByText(/at least 10 characters/)).toBeInTheDocument();
    expect(reveals).toEqual([]);
    await user.type(
      within(dialog).getByRole('textbox'),
      'The customer is on the phone and must be identified.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Freya Halloran' })).toBeInTheDocument();
    expect(screen.getByText('freya.h@example.com')).toBeInTheDocument();
    expect(screen.getByText('Astrid Lindqvist, privacy@kestrel.example')).toBeInTheDocument();
    expect(reveals).toEqual([
      { customerId: id, reason: 'The customer is on the phone and must be identified.' },
    ]);
  });

  it('logs an erasure request in one step, warning first of an open one of the same type', async () => {
    const logs: InputOf<'customers.logRequest'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('customers.get', () => customerPage()),
      trpcQuery('requests.intakeContext', () => ({ handling: { ...defaultRegimeHandling } })),
      trpcMutation('customers.logRequest', (input) => {
        logs.push(input);
        if (!input.confirmDuplicate) return { logged: false as const, duplicates: customerPage().requests };
        return {
          logged: true as const,
          id: '00000000-0000-4000-8000-00000000d002',
          reference: 'DSR-2026-000301',
          status: 'received' as const,
          version: 0,
          receivedAt: '2026-12-04T10:00:00.000Z',
          dueOn: '2027-01-04',
          warnings: [],
          plainLine: 'We have your deletion request DSR-2026-000301 and will answer by 4 January 2027.',
        };
      }),
    );
    const { user } = renderApp(`/customers/${id}`);
    await user.click(await screen.findByRole('button', { name: 'Log a request' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox', { name: /What did the customer ask for/ }));
    await user.click(await screen.findByRole('option', { name: 'Erasure' }));
    await user.click(within(dialog).getByRole('button', { name: 'Log request' }));
    expect(await within(dialog).findByText(/already has an open request of this type/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Log another anyway' }));
    expect(await screen.findByText('Logged DSR-2026-000301')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Tell the customer: “We have your deletion request DSR-2026-000301 and will answer by 4 January 2027.”',
      ),
    ).toBeInTheDocument();
    expect(logs).toEqual([
      {
        customerId: id,
        type: 'erasure',
        regime: 'gdpr',
        channel: 'support',
        description: '',
        confirmDuplicate: false,
      },
      {
        customerId: id,
        type: 'erasure',
        regime: 'gdpr',
        channel: 'support',
        description: '',
        confirmDuplicate: true,
      },
    ]);
  });

  it('lets an officer set a legal hold with a reason', async () => {
    const sets: InputOf<'customers.setFlag'>[] = [];
    let flags: OutputOf<'customers.get'>['flags'] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('customers.get', () =>
        customerPage({
          customer: { ...masked, name: 'Freya Halloran', email: 'freya.h@example.com', masked: false },
          flags,
        }),
      ),
      trpcMutation('customers.setFlag', (input) => {
        sets.push(input);
        flags = [
          {
            id: '00000000-0000-4000-8000-00000000f201',
            kind: 'legal_hold',
            setAt: '2026-12-04T10:00:00.000Z',
            setBy: olivia,
            setReason: input.reason,
            liftedAt: null,
            liftedBy: null,
            liftedReason: null,
            customerToldAt: null,
            customerToldBy: null,
          },
        ];
        return { customerId: id, version: 3, flags };
      }),
    );
    const { user } = renderApp(`/customers/${id}`);
    // Officers open the request page from the account.
    expect(await screen.findByRole('link', { name: 'DSR-2026-000123' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Set a flag' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox', { name: /^Flag/ }));
    await user.click(await screen.findByRole('option', { name: 'Legal hold' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Litigation hold from Legal, matter 2026-014',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Set flag' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText(/Litigation hold from Legal, matter 2026-014/)).toBeInTheDocument();
    expect(sets).toEqual([
      {
        customerId: id,
        version: 2,
        kind: 'legal_hold',
        reason: 'Litigation hold from Legal, matter 2026-014',
      },
    ]);
  });

  it('is a plain not-found for an unknown account', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('customers.get', () => new TrpcFailure('NOT_FOUND', 'No customer account with this id.')),
    );
    renderApp(`/customers/${id}`);
    expect(
      await screen.findByRole('heading', { level: 1, name: /not found|no such page/i }),
    ).toBeInTheDocument();
  });
});
