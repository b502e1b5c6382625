import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me } from '@privdesk/shared';
import { activeMe, page, signedOut, staffRow } from '../../testing/factories';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';
import { emptyQueueHandlers } from '../../testing/queue-msw';
import { dashboard } from '../../features/dashboard/dashboard-test-data';
import { TrpcFailure, trpcMutation, trpcQuery } from '../../testing/trpc-msw';

describe('route guard', () => {
  it('sends signed-out visitors to sign in, remembering where they were going', async () => {
    server.use(trpcQuery('auth.me', () => signedOut));
    const { location } = renderApp('/staff?role=admin');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(location().pathname).toBe('/sign-in');
    expect(new URLSearchParams(location().search).get('next')).toBe('/staff?role=admin');
  });

  it('tells people without the permission that they have no access', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['support_agent'])));
    renderApp('/staff');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });

  it('guards the coming-soon pages by permission too', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['admin'])));
    renderApp('/customers');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });

  it('sends people back to sign in when a call finds the session expired', async () => {
    const session: { me: Me } = { me: activeMe(['admin']) };
    server.use(
      trpcQuery('auth.me', () => session.me),
      trpcQuery('staff.find', () => {
        session.me = signedOut;
        return new TrpcFailure('UNAUTHORIZED', 'Sign in to continue.');
      }),
    );
    const { location } = renderApp('/staff?status=active');
    await waitFor(() => expect(location().pathname).toBe('/sign-in'));
    expect(new URLSearchParams(location().search).get('next')).toBe('/staff?status=active');
    expect(await screen.findByLabelText('Email')).toBeInTheDocument();
  });

  it('sends "/" to the first section the roles allow', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['manager'])),
      ...emptyQueueHandlers(),
    );
    const { location } = renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeInTheDocument();
    expect(location().pathname).toBe('/queue');
  });
});

describe('app shell', () => {
  it('shows the signed-in person and only the sections their roles allow', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['auditor'], { name: 'Aiko Tanaka' })),
      trpcQuery('dashboard.get', () => dashboard()),
      trpcQuery('staff.assignable', () => ({ items: [] })),
    );
    renderApp('/dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(links).toEqual([
      'Queue',
      'Pending deletions',
      'Customers',
      'Registry',
      'Dashboard',
      'Audit',
      'Staff',
      'Settings',
    ]);
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getAllByText('Aiko Tanaka').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Auditor').length).toBeGreaterThan(0);
  });

  it('toggles and remembers the colour scheme', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('staff.find', () => page([staffRow()])),
    );
    const { user } = renderApp('/staff');
    const toggle = await screen.findByRole('button', { name: 'Toggle colour scheme' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(window.localStorage.getItem('privdesk-color-scheme')).toBe('dark');
  });

  it('signs out to the sign-in page', async () => {
    const session: { me: Me } = { me: activeMe(['admin']) };
    let signOuts = 0;
    server.use(
      trpcQuery('auth.me', () => session.me),
      trpcQuery('audit.find', () => page([])),
      trpcQuery('staff.find', () => page([])),
      trpcMutation('auth.signOut', () => {
        signOuts += 1;
        session.me = signedOut;
        return { ok: true as const };
      }),
    );
    const { user, location } = renderApp('/audit');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('Email')).toBeInTheDocument();
    expect(location().pathname).toBe('/sign-in');
    expect(location().search).toBe('');
    expect(signOuts).toBe(1);
  });

  it('opens the command palette with Ctrl+K and goes to the chosen page', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('audit.find', () => page([])),
      trpcQuery('staff.find', () => page([])),
    );
    const { user, location } = renderApp('/audit');
    await screen.findByRole('heading', { level: 1, name: 'Audit log' });
    await user.keyboard('{Control>}k{/Control}');
    const search = await screen.findByRole('textbox', { name: 'Search pages' });
    await user.type(search, 'sta');
    await user.click(await screen.findByRole('button', { name: /Staff/ }));
    await waitFor(() => expect(location().pathname).toBe('/staff'));
  });

  it('offers "New request" in the command palette to those who may log one', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('customers.search', () => ({ items: [], hasMore: false, guidance: null, capped: false })),
      ...emptyQueueHandlers(),
    );
    const { user, location } = renderApp('/queue');
    await screen.findByRole('heading', { level: 1, name: 'Queue' });
    await user.keyboard('{Control>}k{/Control}');
    await user.type(
      await screen.findByRole('textbox', { name: 'Search pages, customers and requests' }),
      'new',
    );
    // By its description: a role query over the whole queue page behind the palette is slow in jsdom.
    await user.click(await screen.findByText('Log a data-subject request'));
    await waitFor(() => expect(location().pathname).toBe('/requests/new'));
    expect(await screen.findByRole('heading', { level: 1, name: 'New request' })).toBeInTheDocument();
  });

  it('keeps "New request" out of the palette for roles that cannot log requests', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcQuery('audit.find', () => page([])),
      trpcQuery('staff.find', () => page([])),
    );
    const { user } = renderApp('/audit');
    await screen.findByRole('heading', { level: 1, name: 'Audit log' });
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('textbox', { name: 'Search pages' }), 'new');
    expect(await screen.findByText('No page matches')).toBeInTheDocument();
    expect(screen.queryByText('Log a data-subject request')).not.toBeInTheDocument();
  });
});
