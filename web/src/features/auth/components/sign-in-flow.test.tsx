import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me } from '@privdesk/shared';
import { activeMe, auditEvent, page, pendingMe, signedOut, staffRow } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { emptyQueueHandlers } from '../../../testing/queue-msw';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';

/** `auth.me` answers from a variable the test moves along, as the server's session would. */
function sessionOf(initial: Me) {
  const session = { me: initial };
  server.use(trpcQuery('auth.me', () => session.me));
  return session;
}

function adminPagesAnswer() {
  server.use(
    trpcQuery('audit.find', () => page([auditEvent({ seq: 7 })])),
    trpcQuery('staff.find', () => page([staffRow({ name: 'Ade Mensah' })])),
  );
}

describe('sign-in, step 1', () => {
  it('checks the fields in the browser before asking the server', async () => {
    sessionOf(signedOut);
    const signIns: InputOf<'auth.signIn'>[] = [];
    server.use(
      trpcMutation('auth.signIn', (input) => {
        signIns.push(input);
        return { next: 'mfa' as const };
      }),
    );
    const { user } = renderApp('/sign-in');

    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(signIns).toHaveLength(0);
  });

  it("shows the server's generic error in an alert", async () => {
    sessionOf(signedOut);
    server.use(
      trpcMutation('auth.signIn', () => new TrpcFailure('UNAUTHORIZED', 'Email or password is incorrect.')),
    );
    const { user } = renderApp('/sign-in');

    await user.type(await screen.findByLabelText('Email'), 'ada@privacydesk.example');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Email or password is incorrect.');
    // Still on the password step, still on the sign-in page.
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('shows field errors the server sends beside their fields', async () => {
    sessionOf(signedOut);
    server.use(
      trpcMutation(
        'auth.signIn',
        () =>
          new TrpcFailure('BAD_REQUEST', 'Some fields need attention.', {
            email: ['An email address has at most 254 characters.'],
          }),
      ),
    );
    const { user } = renderApp('/sign-in');
    await user.type(await screen.findByLabelText('Email'), 'ada@privacydesk.example');
    await user.type(screen.getByLabelText('Password'), 'whatever-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('An email address has at most 254 characters.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('sign-in, MFA step', () => {
  it('asks for the authentication code after the password, then goes to ?next', async () => {
    const session = sessionOf(signedOut);
    const verified: InputOf<'auth.verifyMfa'>[] = [];
    server.use(
      trpcMutation('auth.signIn', () => {
        session.me = pendingMe('mfa');
        return { next: 'mfa' as const };
      }),
      trpcMutation('auth.verifyMfa', (input) => {
        verified.push(input);
        session.me = activeMe(['admin']);
        return { ok: true as const };
      }),
    );
    adminPagesAnswer();
    const { user, location } = renderApp('/sign-in?next=%2Fstaff%3Fstatus%3Ddisabled');

    await user.type(await screen.findByLabelText('Email'), 'ada@privacydesk.example');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText('Authentication code');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText('Enter the 6-digit code from your authenticator app.'),
    ).toBeInTheDocument();

    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Staff' })).toBeInTheDocument();
    expect(location().pathname).toBe('/staff');
    expect(location().search).toBe('?status=disabled');
    expect(verified).toEqual([{ code: '123456' }]);
  });

  it('resumes at the MFA step when the page is reloaded half-way', async () => {
    sessionOf(pendingMe('mfa'));
    renderApp('/sign-in');
    expect(await screen.findByLabelText('Authentication code')).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('accepts a recovery code instead, and shows a wrong code beside the field', async () => {
    sessionOf(pendingMe('mfa'));
    const verified: InputOf<'auth.verifyMfa'>[] = [];
    server.use(
      trpcMutation('auth.verifyMfa', (input) => {
        verified.push(input);
        return new TrpcFailure(
          'BAD_REQUEST',
          'That code is not valid. Check the time on your device and try the current code.',
          {
            code: ['That code is not valid.'],
          },
        );
      }),
    );
    const { user } = renderApp('/sign-in');

    await user.click(await screen.findByRole('button', { name: 'Use a recovery code' }));
    const field = screen.getByLabelText('Recovery code');
    await user.type(field, 'ABCDE-12345');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('That code is not valid.')).toBeInTheDocument();
    expect(screen.getByLabelText('Recovery code')).toHaveAttribute('aria-invalid', 'true');
    expect(verified).toEqual([{ recoveryCode: 'abcde-12345' }]);
  });

  it('never follows a ?next that leaves the app', async () => {
    const session = sessionOf(pendingMe('mfa'));
    server.use(
      trpcMutation('auth.verifyMfa', () => {
        session.me = activeMe(['admin']);
        return { ok: true as const };
      }),
    );
    adminPagesAnswer();
    const { user, location } = renderApp('/sign-in?next=https%3A%2F%2Fevil.example%2Fsteal');
    await user.type(await screen.findByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    // An admin's first section.
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeInTheDocument();
    expect(location().pathname).toBe('/audit');
  });
});

describe('sign-in, enrolment step', () => {
  it('shows the QR code and key, then the recovery codes once, then continues', async () => {
    const session = sessionOf(pendingMe('enrol'));
    let starts = 0;
    const codes = Array.from({ length: 10 }, (_, i) => `code${i}-abcde`);
    server.use(
      ...emptyQueueHandlers(),
      trpcMutation('auth.startMfaEnrolment', () => {
        starts += 1;
        return {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauthUrl: 'otpauth://totp/x',
          qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        };
      }),
      trpcMutation('auth.confirmMfaEnrolment', (input) => {
        expect(input).toEqual({ code: '246810' });
        session.me = activeMe(['support_agent']);
        return { recoveryCodes: codes };
      }),
    );
    const { user, location } = renderApp('/sign-in');

    const qr = await screen.findByRole('img', { name: /QR code/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(screen.getByLabelText('Manual entry key')).toHaveTextContent('JBSWY3DPEHPK3PXP');

    await user.type(screen.getByLabelText('Authentication code'), '246810');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(list).toHaveTextContent('code0-abcde');
    // The codes stay until the person says they have them.
    expect(location().pathname).toBe('/sign-in');

    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeInTheDocument();
    expect(location().pathname).toBe('/queue');
    expect(starts).toBe(1);
  });
});

describe('signed-in visitors', () => {
  it('are sent on from the sign-in page', async () => {
    sessionOf(activeMe(['support_agent']));
    server.use(...emptyQueueHandlers());
    const { location } = renderApp('/sign-in');
    await waitFor(() => expect(location().pathname).toBe('/queue'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeInTheDocument();
  });
});
