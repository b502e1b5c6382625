import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, type InputOf } from '../../../testing/trpc-msw';

const token = 'tok-abcdefghijklmnopqrstuvwxyz0123456789';

describe('set password', () => {
  it('checks the fields with the shared schema, then sets the password', async () => {
    const calls: InputOf<'auth.setPassword'>[] = [];
    server.use(
      trpcMutation('auth.setPassword', (input) => {
        calls.push(input);
        return { ok: true as const };
      }),
    );
    const { user, location } = renderApp(`/set-password#${token}`);

    await user.type(await screen.findByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('Confirm password'), 'different');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(screen.getByText('The passwords do not match.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);

    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'a long enough passphrase');
    await user.clear(screen.getByLabelText('Confirm password'));
    await user.type(screen.getByLabelText('Confirm password'), 'a long enough passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password' }));

    expect(await screen.findByRole('heading', { name: 'Password set' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    expect(calls).toEqual([
      { token, password: 'a long enough passphrase', confirm: 'a long enough passphrase' },
    ]);
    expect(location().hash).toBe('');
  });

  it('says when the link has expired', async () => {
    server.use(
      trpcMutation(
        'auth.setPassword',
        () =>
          new TrpcFailure(
            'BAD_REQUEST',
            'This link has expired or was already used. Ask an admin for a new one.',
            {
              token: ['This link has expired or was already used.'],
            },
          ),
      ),
    );
    const { user } = renderApp(`/set-password#${token}`);
    await user.type(await screen.findByLabelText('New password'), 'a long enough passphrase');
    await user.type(screen.getByLabelText('Confirm password'), 'a long enough passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This link has expired or was already used.');
  });

  it('explains a link without its token', async () => {
    renderApp('/set-password');
    expect(await screen.findByText('This link is not complete')).toBeInTheDocument();
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });
});
