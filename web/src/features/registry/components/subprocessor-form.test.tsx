import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import { choices, detail, subprocessorId as id } from '../registry-test-data';

describe('the subprocessor form', () => {
  it('shows each of the server’s field errors beside its field, down to a country’s row', async () => {
    const sent: InputOf<'registry.update'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('registry.get', () => detail()),
      trpcQuery('registry.choices', () => choices),
      trpcMutation('registry.update', (input) => {
        sent.push(input);
        return new TrpcFailure('BAD_REQUEST', 'Some fields need attention.', {
          'fields.name': ['Another subprocessor in the registry has this name (retired ones aside).'],
          'fields.locations.0.mechanism': [
            'The Data Privacy Framework covers transfers to the United States only.',
          ],
        });
      }),
    );
    const { user } = renderApp(`/registry/${id}/edit`);
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Sentry');
    await user.clear(name);
    await user.type(name, 'Datadog');
    await user.type(
      screen.getByRole('textbox', { name: 'Reason for the change' }),
      'Renamed after the merger',
    );
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      id,
      version: 3,
      reason: 'Renamed after the merger',
      fields: { name: 'Datadog', locations: [{ country: 'US', mechanism: 'dpf', sccModule: null }] },
    });
    expect(
      await screen.findByText('Another subprocessor in the registry has this name (retired ones aside).'),
    ).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(/Another subprocessor in the registry has this name/);
    const country = screen.getByRole('listitem', { name: 'Country 1' });
    expect(within(country).getByRole('combobox', { name: 'Transfer mechanism' })).toHaveAccessibleDescription(
      'The Data Privacy Framework covers transfers to the United States only.',
    );
    // Every error found its field: no alert repeats them.
    expect(screen.queryByText('Not saved')).not.toBeInTheDocument();
  });

  it('checks what it can before sending, and sends nothing while a field needs attention', async () => {
    let created = 0;
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('registry.choices', () => choices),
      trpcMutation('registry.create', () => {
        created += 1;
        return detail();
      }),
    );
    const { user } = renderApp('/registry/new');
    await screen.findByRole('heading', { level: 1, name: 'Propose a subprocessor' });
    await user.type(screen.getByRole('textbox', { name: 'Website' }), 'http://insecure.example');
    await user.click(screen.getByRole('button', { name: 'Propose subprocessor' }));
    expect(await screen.findByText('Enter the name customers know it by.')).toBeInTheDocument();
    expect(screen.getByText('Use a full https:// address.')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one data category.')).toBeInTheDocument();
    expect(
      within(screen.getByRole('listitem', { name: 'Country 1' })).getByText('Choose a country.'),
    ).toBeInTheDocument();
    // The first field that needs attention has the focus.
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus();
    expect(created).toBe(0);
  });
});
