import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery } from '../../../testing/trpc-msw';
import {
  payments,
  paymentsId,
  platformDatabase,
  stripe,
  supportDesk,
  supportDeskId,
} from '../inventory-test-data';

describe('the data inventory', () => {
  it('shows each system with its owner, connector, categories, retention, subprocessors and warnings', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('inventory.list', () => ({ items: [payments(), platformDatabase(), supportDesk()] })),
    );
    renderApp('/registry/systems');
    expect(await screen.findByRole('heading', { level: 1, name: 'Data inventory' })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Data systems' });
    const cards = within(list).getAllByRole('listitem', { name: /./ });
    expect(cards.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Payments',
      'Platform database',
      'Support desk',
    ]);

    const paymentsCard = within(list).getByRole('listitem', { name: 'Payments' });
    expect(within(paymentsCard).getByRole('link', { name: 'Payments' })).toHaveAttribute(
      'href',
      `/registry/systems/${paymentsId}`,
    );
    expect(paymentsCard).toHaveTextContent('Signed webhook');
    expect(paymentsCard).toHaveTextContent('Olivia Okafor');
    expect(paymentsCard).toHaveTextContent('Payment data, Contact details');
    expect(paymentsCard).toHaveTextContent('Payment records: 5 years');
    expect(within(paymentsCard).getByRole('link', { name: 'Stripe' })).toHaveAttribute(
      'href',
      `/registry/${stripe.id}`,
    );
    expect(within(paymentsCard).queryByRole('list', { name: /warning/ })).not.toBeInTheDocument();

    const platformCard = within(list).getByRole('listitem', { name: 'Platform database' });
    expect(platformCard).toHaveTextContent('Internal connector');
    expect(platformCard).toHaveTextContent('Invoices and their lines: 10 years');

    // Warnings are words beside an icon, never a colour alone.
    const deskCard = within(list).getByRole('listitem', { name: 'Support desk' });
    expect(deskCard).toHaveTextContent('Manual task for the owner');
    expect(deskCard).toHaveTextContent('Nobody');
    expect(within(deskCard).getByRole('list', { name: '1 warning' })).toHaveTextContent(
      'No owner: nobody would receive its manual tasks or answer for it.',
    );
    expect(screen.getByText('3 systems · 1 needs attention')).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Add data system' })).toHaveAttribute(
      'href',
      '/registry/systems/new',
    );
    expect(screen.getByRole('link', { name: 'Subprocessors' })).toHaveAttribute('href', '/registry');
  });

  it('shows a reader the inventory and each system, without the keepers’ Add and Edit', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('inventory.list', () => ({ items: [payments(), supportDesk()] })),
      trpcQuery('inventory.get', ({ id }) => (id === paymentsId ? payments() : supportDesk())),
    );
    const { user } = renderApp('/registry/systems');
    await screen.findByRole('list', { name: 'Data systems' });
    expect(screen.queryByRole('link', { name: 'Add data system' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Subprocessors' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Payments' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Payments' })).toBeInTheDocument();
    expect(screen.getByText('https://payments.example/erasure')).toBeInTheDocument();
    expect(screen.getByText(/^Signing secret set on 1 Mar 2026/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Stripe' })).toHaveAttribute('href', `/registry/${stripe.id}`);
    expect(screen.getByRole('list', { name: 'Retention rules' })).toHaveTextContent(
      'Payment records: 5 years',
    );
    expect(screen.getByRole('region', { name: 'What it holds' })).toHaveTextContent('OwnerOlivia Okafor');
    expect(screen.getByRole('region', { name: 'Last change' })).toHaveTextContent('ByOlivia Okafor');
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('warns on a system’s page of a webhook without a secret, and offers its keepers Edit', async () => {
    const withoutSecret = payments({
      connector: { kind: 'webhook', url: 'https://payments.example/erasure', secretSetAt: null },
      warnings: [
        {
          kind: 'webhook_without_secret',
          detail: 'Webhook without a signing secret: erasures cannot be sent to it.',
        },
      ],
    });
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('inventory.get', () => withoutSecret),
    );
    renderApp(`/registry/systems/${paymentsId}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Payments' })).toBeInTheDocument();
    const alert = screen.getByRole('list', { name: '1 warning' });
    expect(alert).toHaveTextContent('Webhook without a signing secret: erasures cannot be sent to it.');
    expect(screen.getByText('None set: erasures cannot be sent to it until one is.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      `/registry/systems/${paymentsId}/edit`,
    );
  });

  it('shows a manual system’s instructions, and says when nothing is kept', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('inventory.get', () => supportDesk()),
    );
    renderApp(`/registry/systems/${supportDeskId}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Support desk' })).toBeInTheDocument();
    expect(screen.getByText('Delete the person’s profile and their tickets.')).toBeInTheDocument();
    expect(
      screen.getByText('Nothing: no law makes it keep a person’s data once they ask for erasure.'),
    ).toBeInTheDocument();
  });
});
