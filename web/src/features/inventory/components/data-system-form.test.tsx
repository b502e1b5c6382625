import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import { ada, choices, payments, paymentsId, platformDatabase, platformId } from '../inventory-test-data';

const secret = 'a-long-random-secret-0123456789abcdef';

function editPayments(sent: InputOf<'inventory.update'>[], answer?: () => TrpcFailure) {
  server.use(
    trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
    trpcQuery('inventory.get', () => payments()),
    trpcQuery('inventory.choices', () => choices),
    trpcMutation('inventory.update', (input) => {
      sent.push(input);
      return answer ? answer() : payments({ version: 5 });
    }),
  );
  return renderApp(`/registry/systems/${paymentsId}/edit`);
}

describe('the data system form', () => {
  it('keeps the stored signing secret when it is not replaced: no `secret` key is sent', async () => {
    const sent: InputOf<'inventory.update'>[] = [];
    const { user, location } = editPayments(sent);
    const url = await screen.findByRole('textbox', { name: 'Webhook URL' });
    expect(url).toHaveValue('https://payments.example/erasure');
    expect(screen.getByRole('radio', { name: 'Signed webhook' })).toBeChecked();
    expect(screen.getByText(/A signing secret was set on 1 Mar 2026/)).toBeInTheDocument();
    // The secret is never prefilled, nor even offered, until the person asks to replace it.
    expect(screen.queryByLabelText(/signing secret/i, { selector: 'input[type="password"]' })).toBeNull();
    await user.clear(url);
    await user.type(url, 'https://payments.example/v2/erasure');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    const [input] = sent;
    expect(input).toMatchObject({
      id: paymentsId,
      version: 4,
      fields: {
        name: 'Payments',
        connector: { kind: 'webhook', url: 'https://payments.example/v2/erasure' },
        retentionRules: [
          { scope: 'Payment records', period: { count: 5, unit: 'years' }, platformScope: null },
        ],
      },
    });
    expect(input?.fields.connector).not.toHaveProperty('secret');
    await waitFor(() => expect(location().pathname).toBe(`/registry/systems/${paymentsId}`));
  });

  it('sends a replaced signing secret, typed into an empty password field', async () => {
    const sent: InputOf<'inventory.update'>[] = [];
    const { user } = editPayments(sent);
    await screen.findByRole('textbox', { name: 'Webhook URL' });
    await user.click(screen.getByRole('checkbox', { name: 'Replace the signing secret' }));
    const field = screen.getByLabelText(/^New signing secret/);
    expect(field).toHaveAttribute('type', 'password');
    expect(field).toHaveValue('');
    // Checked but left empty, nothing is sent: the person is asked for the secret instead.
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter the new signing secret.')).toBeInTheDocument();
    expect(sent).toHaveLength(0);

    await user.type(field, secret);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.fields.connector).toEqual({
      kind: 'webhook',
      url: 'https://payments.example/erasure',
      secret,
    });
  });

  it('shows each of the server’s field errors beside its field, down to a retention rule’s input', async () => {
    const sent: InputOf<'inventory.update'>[] = [];
    const { user } = editPayments(
      sent,
      () =>
        new TrpcFailure('BAD_REQUEST', 'Some fields need attention.', {
          'fields.name': ['Another data system in the inventory has this name.'],
          'fields.connector.url': [
            'Leave credentials out of the URL: the signing secret authenticates our calls.',
          ],
          'fields.retentionRules.0.period.count': ['At most 100.'],
        }),
    );
    const name = await screen.findByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Platform database');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(
      await screen.findByText('Another data system in the inventory has this name.'),
    ).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(/Another data system in the inventory has this name\./);
    expect(screen.getByRole('textbox', { name: 'Webhook URL' })).toHaveAccessibleDescription(
      /^Leave credentials out of the URL/,
    );
    const rule = screen.getByRole('listitem', { name: 'Retention rule 1' });
    expect(within(rule).getByRole('textbox', { name: 'Kept for' })).toHaveAccessibleDescription(
      'At most 100.',
    );
    // Every error found its field: no alert repeats them; the first has the focus.
    expect(screen.queryByText('Not saved')).not.toBeInTheDocument();
    expect(name).toHaveFocus();
  });

  it('shows a stale version’s refusal as the form’s error, with a way to reload', async () => {
    const sent: InputOf<'inventory.update'>[] = [];
    const { user } = editPayments(
      sent,
      () =>
        new TrpcFailure(
          'CONFLICT',
          'Payments was changed by Ada Admin at 2026-03-06 10:00 UTC — reload to see the change, then try again.',
        ),
    );
    const description = await screen.findByRole('textbox', { name: 'Description' });
    await user.type(description, ' Refunds too.');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this data system');
    expect(alert).toHaveTextContent('Payments was changed by Ada Admin at 2026-03-06 10:00 UTC');
    expect(within(alert).getByRole('button', { name: /Reload it/ })).toBeInTheDocument();
  });

  it('adds a system: the chosen connector’s fields only, retention rules added and removed', async () => {
    const sent: InputOf<'inventory.create'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('inventory.choices', () => choices),
      trpcMutation('inventory.create', (input) => {
        sent.push(input);
        return platformDatabase();
      }),
      trpcQuery('inventory.get', () => platformDatabase()),
    );
    const { user, location } = renderApp('/registry/systems/new');
    await screen.findByRole('heading', { level: 1, name: 'Add a data system' });
    await user.click(screen.getByRole('button', { name: 'Add data system' }));
    expect(await screen.findByText('Enter a name.')).toBeInTheDocument();
    expect(screen.getByText('Choose how erasures reach this system.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus();
    expect(sent).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Platform database');
    await user.type(screen.getByRole('textbox', { name: 'Description' }), 'Accounts and invoices.');
    await user.click(screen.getByRole('combobox', { name: 'Owner' }));
    await user.click(await screen.findByRole('option', { name: ada.name }));
    await user.click(screen.getByRole('combobox', { name: 'Data categories' }));
    await user.click(await screen.findByRole('option', { name: 'Billing records' }));
    await user.click(screen.getByRole('radio', { name: 'Internal connector' }));

    await user.click(screen.getByRole('button', { name: 'Add a retention rule' }));
    await user.click(screen.getByRole('button', { name: 'Add a retention rule' }));
    expect(screen.getAllByRole('listitem', { name: /^Retention rule/ })).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Remove retention rule 2' }));
    const rule = screen.getByRole('listitem', { name: 'Retention rule 1' });
    await user.type(within(rule).getByRole('textbox', { name: 'What is kept' }), 'Invoices');
    await user.click(within(rule).getByRole('combobox', { name: 'Legal ground' }));
    await user.click(await screen.findByRole('option', { name: /^Legal obligation/ }));
    await user.type(within(rule).getByRole('textbox', { name: 'Law that requires it' }), 'AO §147');
    await user.type(within(rule).getByRole('textbox', { name: 'Kept for' }), '10');
    await user.click(within(rule).getByRole('combobox', { name: 'Platform rows kept' }));
    await user.click(await screen.findByRole('option', { name: 'Invoices and their lines' }));
    await user.click(screen.getByRole('button', { name: 'Add data system' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      fields: {
        name: 'Platform database',
        description: 'Accounts and invoices.',
        ownerId: ada.id,
        dataCategories: ['billing_records'],
        connector: { kind: 'internal', target: 'platform' },
        retentionRules: [
          {
            scope: 'Invoices',
            ground: 'legal_obligation',
            law: 'AO §147',
            period: { count: 10, unit: 'years' },
            platformScope: 'invoices',
          },
        ],
      },
    });
    await waitFor(() => expect(location().pathname).toBe(`/registry/systems/${platformId}`));
  });
});
