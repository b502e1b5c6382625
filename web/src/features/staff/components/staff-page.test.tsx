import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { activeMe, page, staffRow } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';

function signedInAs(roles: Role[]) {
  server.use(trpcQuery('auth.me', () => activeMe(roles)));
}

const maya = staffRow({
  name: 'Maya Lindqvist',
  email: 'maya@privacydesk.example',
  roles: ['manager'],
  version: 3,
});
const sam = staffRow({
  name: 'Sam Rivera',
  email: 'sam@privacydesk.example',
  roles: ['support_agent', 'auditor'],
  mfaEnrolled: false,
  lastSignInAt: null,
});

describe('staff page', () => {
  it('lists staff with roles, status and MFA, and writes filters to the URL', async () => {
    signedInAs(['admin']);
    const requests: InputOf<'staff.find'>[] = [];
    server.use(
      trpcQuery('staff.find', (input) => {
        requests.push(input);
        return page([maya, sam]);
      }),
    );
    const { user, location } = renderApp('/staff');

    const table = await screen.findByRole('table', { name: 'Staff members' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent('Sam Rivera');
    expect(rows[2]).toHaveTextContent('Support agent');
    expect(rows[2]).toHaveTextContent('Auditor');
    expect(rows[2]).toHaveTextContent('Not set up');
    expect(rows[2]).toHaveTextContent('Never');

    await user.click(screen.getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: 'Manager' }));
    await waitFor(() => expect(location().search).toBe('?role=manager'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ role: 'manager', page: 1 }));
  });

  it('says so when no staff match the filters', async () => {
    signedInAs(['auditor']);
    server.use(trpcQuery('staff.find', () => page([])));
    renderApp('/staff?status=disabled&search=zz');
    expect(await screen.findByText('No staff match these filters')).toBeInTheDocument();
  });

  it('shows no actions to people who may only read', async () => {
    signedInAs(['auditor']);
    server.use(trpcQuery('staff.find', () => page([maya])));
    renderApp('/staff');
    expect(await screen.findByText('Maya Lindqvist')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New staff member' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Actions for/ })).not.toBeInTheDocument();
  });

  it('shows an error with a retry when the list cannot load', async () => {
    signedInAs(['admin']);
    let calls = 0;
    server.use(
      trpcQuery('staff.find', () => {
        calls += 1;
        return calls === 1
          ? new TrpcFailure('INTERNAL_SERVER_ERROR', 'Something went wrong on our side.')
          : page([maya]);
      }),
    );
    const { user } = renderApp('/staff');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong on our side.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Maya Lindqvist')).toBeInTheDocument();
  });
});

describe('creating a staff member', () => {
  async function openCreateForm() {
    signedInAs(['admin']);
    server.use(trpcQuery('staff.find', () => page([maya])));
    const view = renderApp('/staff');
    await view.user.click(await screen.findByRole('button', { name: 'New staff member' }));
    const dialog = await screen.findByRole('dialog', { name: 'New staff member' });
    return { ...view, dialog };
  }

  it('shows a duplicate email from the server beside the Email field', async () => {
    server.use(
      trpcMutation(
        'staff.create',
        () =>
          new TrpcFailure('CONFLICT', 'A staff member with this email already exists.', {
            email: ['A staff member with this email already exists.'],
          }),
      ),
    );
    const { user, dialog } = await openCreateForm();
    await user.type(within(dialog).getByLabelText('Email'), 'maya@privacydesk.example');
    await user.type(within(dialog).getByLabelText('Name'), 'Maya Again');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Manager' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    const email = within(dialog).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('A staff member with this email already exists.');
    expect(within(dialog).queryByLabelText('Set-password link')).not.toBeInTheDocument();
  });

  it('checks the fields with the shared schema before sending', async () => {
    const creates: InputOf<'staff.create'>[] = [];
    server.use(
      trpcMutation('staff.create', (input) => {
        creates.push(input);
        return new TrpcFailure('INTERNAL_SERVER_ERROR', 'unexpected');
      }),
    );
    const { user, dialog } = await openCreateForm();
    await user.type(within(dialog).getByLabelText('Email'), 'nope');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a name.')).toBeInTheDocument();
    expect(within(dialog).getByText('Give at least one role.')).toBeInTheDocument();
    expect(creates).toHaveLength(0);
  });

  it('shows the one-time set-password link as an absolute URL after creating', async () => {
    const creates: InputOf<'staff.create'>[] = [];
    server.use(
      trpcMutation('staff.create', (input) => {
        creates.push(input);
        return {
          staff: staffRow({
            name: 'Noor Haddad',
            email: 'noor@privacydesk.example',
            roles: ['privacy_officer'],
            hasPassword: false,
          }),
          setPasswordLink: {
            path: '/set-password#t0k3n-abcdefghijklmnopqrstuvwxyz',
            expiresAt: '2026-03-05T09:00:00.000Z',
          },
        };
      }),
    );
    const { user, dialog } = await openCreateForm();
    await user.type(within(dialog).getByLabelText('Email'), '  Noor@PrivacyDesk.example ');
    await user.type(within(dialog).getByLabelText('Name'), 'Noor Haddad');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Privacy officer' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    const link = await within(dialog).findByLabelText('Set-password link');
    expect(link).toHaveValue(`${window.location.origin}/set-password#t0k3n-abcdefghijklmnopqrstuvwxyz`);
    expect(link).toHaveAttribute('readonly');
    expect(within(dialog).getByText(/shown once and expires at/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    expect(creates).toEqual([
      { email: 'noor@privacydesk.example', name: 'Noor Haddad', roles: ['privacy_officer'] },
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});

describe('row actions', () => {
  it('sends the version it saw when editing, and shows a conflict from the server', async () => {
    signedInAs(['admin']);
    let version = 3;
    let finds = 0;
    const updates: InputOf<'staff.update'>[] = [];
    server.use(
      trpcQuery('staff.find', () => {
        finds += 1;
        return page([{ ...maya, version }]);
      }),
      trpcMutation('staff.update', (input) => {
        updates.push(input);
        if (input.version !== version) {
          return new TrpcFailure(
            'CONFLICT',
            'Someone else changed this staff member since you opened it. Reload and try again.',
          );
        }
        version += 1;
        return { ...maya, name: input.name, version };
      }),
    );
    const { user } = renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Actions for Maya Lindqvist' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Maya Lindqvist' });
    // Meanwhile another admin saves a change.
    version = 4;
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Maya L.');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByText(/Someone else changed this staff member/)).toBeInTheDocument();
    expect(updates).toEqual([{ id: maya.id, version: 3, name: 'Maya L.', roles: ['manager'] }]);

    // The list is refetched, so saving again sends the newer version and succeeds; the edit is kept.
    await waitFor(() => expect(finds).toBeGreaterThanOrEqual(2));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(updates.at(-1)).toEqual({ id: maya.id, version: 4, name: 'Maya L.', roles: ['manager'] });
  });

  it('asks for a reason before disabling', async () => {
    signedInAs(['admin']);
    const disables: InputOf<'staff.disable'>[] = [];
    server.use(
      trpcQuery('staff.find', () => page([maya])),
      trpcMutation('staff.disable', (input) => {
        disables.push(input);
        return { ...maya, disabled: true, version: 4 };
      }),
    );
    const { user } = renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Actions for Maya Lindqvist' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable Maya Lindqvist' });
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect(await within(dialog).findByText('Give a reason of at least 3 characters.')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Reason'), 'Left the company');
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(disables).toEqual([{ id: maya.id, version: 3, reason: 'Left the company' }]);
    expect(await screen.findByText('Account disabled')).toBeInTheDocument();
  });

  it('shows a role waiting for a second admin; confirming asks for a fresh code first, then grants it', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['admin'], { name: 'Bea Okonkwo' })));
    const grant = {
      id: '00000000-0000-4000-8000-0000000000aa',
      role: 'privacy_officer' as const,
      requestedBy: { id: '00000000-0000-4000-8000-0000000000ad', name: 'Ade Mensah' },
      requestedAt: '2026-03-02T09:00:00.000Z',
      expiresAt: '2026-03-05T09:00:00.000Z',
    };
    let current = { ...sam, pendingGrants: [grant] };
    const confirms: InputOf<'staff.confirmRoleGrant'>[] = [];
    const stepUps: InputOf<'auth.stepUp'>[] = [];
    server.use(
      trpcQuery('staff.find', () => page([current])),
      trpcMutation('staff.confirmRoleGrant', (input) => {
        confirms.push(input);
        if (stepUps.length === 0) {
          return new TrpcFailure(
            'FORBIDDEN',
            'Confirm it is you: enter a code from your authenticator app.',
            null,
            'STEP_UP_REQUIRED',
          );
        }
        current = {
          ...sam,
          roles: [...sam.roles, 'privacy_officer'],
          pendingGrants: [],
          version: sam.version + 1,
        };
        return current;
      }),
      trpcMutation('auth.stepUp', (input) => {
        stepUps.push(input);
        return { validUntil: '2026-03-02T09:10:00.000Z' };
      }),
    );
    const { user } = renderApp('/staff');
    const table = await screen.findByRole('table', { name: 'Staff members' });
    expect(within(table).getByText(/Privacy officer/)).toHaveTextContent(
      'Privacy officer, waiting for a second admin',
    );

    await user.click(screen.getByRole('button', { name: 'Actions for Sam Rivera' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Review Privacy officer grant' }));
    const dialog = await screen.findByRole('dialog', { name: 'Privacy officer for Sam Rivera?' });
    expect(dialog).toHaveTextContent('Ade Mensah asked on');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm Privacy officer' }));

    const codeDialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    await user.type(within(codeDialog).getByLabelText('Authentication code'), '123456');
    await user.click(within(codeDialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(confirms).toHaveLength(2));
    expect(stepUps).toEqual([{ code: '123456' }]);
    expect(confirms).toEqual([{ grantId: grant.id }, { grantId: grant.id }]);
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Privacy officer for Sam Rivera?' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('lets the admin who asked withdraw its request, never confirm it', async () => {
    const me = activeMe(['admin'], { name: 'Ade Mensah' });
    server.use(trpcQuery('auth.me', () => me));
    const askerId = me.staff?.id ?? '';
    const grant = {
      id: '00000000-0000-4000-8000-0000000000ab',
      role: 'privacy_officer' as const,
      requestedBy: { id: askerId, name: 'Ade Mensah' },
      requestedAt: '2026-03-02T09:00:00.000Z',
      expiresAt: '2026-03-05T09:00:00.000Z',
    };
    const cancels: InputOf<'staff.cancelRoleGrant'>[] = [];
    server.use(
      trpcQuery('staff.find', () => page([{ ...maya, pendingGrants: [grant] }])),
      trpcMutation('staff.cancelRoleGrant', (input) => {
        cancels.push(input);
        return maya;
      }),
    );
    const { user } = renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Actions for Maya Lindqvist' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Review Privacy officer grant' }));
    const dialog = await screen.findByRole('dialog', { name: 'Privacy officer for Maya Lindqvist?' });
    expect(dialog).toHaveTextContent('You asked for it, so you cannot also confirm it.');
    expect(within(dialog).queryByRole('button', { name: /^Confirm/ })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(cancels).toEqual([{ grantId: grant.id }]));
  });

  it('asking for a role that reads personal data needs a code; a wrong code is shown, cancelling saves nothing', async () => {
    signedInAs(['admin']);
    const updates: InputOf<'staff.update'>[] = [];
    server.use(
      trpcQuery('staff.find', () => page([maya])),
      trpcMutation('staff.update', (input) => {
        updates.push(input);
        return new TrpcFailure(
          'FORBIDDEN',
          'Confirm it is you: enter a code from your authenticator app.',
          null,
          'STEP_UP_REQUIRED',
        );
      }),
      trpcMutation(
        'auth.stepUp',
        () =>
          new TrpcFailure('BAD_REQUEST', 'That code is not valid.', { code: ['That code is not valid.'] }),
      ),
    );
    const { user } = renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Actions for Maya Lindqvist' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Maya Lindqvist' });
    expect(within(dialog).getByText('A second admin confirms it')).toBeInTheDocument();
    await user.click(within(dialog).getByLabelText(/Privacy officer/));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    const codeDialog = await screen.findByRole('dialog', { name: 'Confirm it is you' });
    await user.click(within(codeDialog).getByRole('button', { name: 'Confirm' }));
    expect(
      await within(codeDialog).findByText('Enter the 6-digit code from your authenticator app.'),
    ).toBeInTheDocument();
    await user.type(within(codeDialog).getByLabelText('Authentication code'), '000000');
    await user.click(within(codeDialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(codeDialog).findByText('That code is not valid.')).toBeInTheDocument();
    await user.click(within(codeDialog).getByRole('button', { name: 'Cancel' }));

    expect(
      await within(dialog).findByText('Not confirmed: the action needs a code from your authenticator app.'),
    ).toBeInTheDocument();
    expect(updates).toHaveLength(1);
  });

  it('offers an admin nothing on their own row that the server refuses', async () => {
    const me = activeMe(['admin'], { name: 'Ade Mensah' });
    server.use(trpcQuery('auth.me', () => me));
    const own = staffRow({ id: me.staff?.id ?? '', name: 'Ade Mensah', roles: ['admin'] });
    server.use(trpcQuery('staff.find', () => page([own, maya])));
    const { user } = renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Actions for Ade Mensah' }));
    expect(await screen.findByRole('menuitem', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Disable' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Ade Mensah' });
    expect(within(dialog).getByText('Your own roles are changed by another admin.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Admin')).toBeDisabled();
    // Another person's row still offers everything.
    await user.keyboard('{Escape}');
    await user.click(await screen.findByRole('button', { name: 'Actions for Maya Lindqvist' }));
    expect(await screen.findByRole('menuitem', { name: 'Disable' })).toBeInTheDocument();
  });
});
