import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicRegistry } from '@privdesk/shared';
import { server } from '../testing/msw-server';

// The public subprocessor page (issue 14, item 3): plain DOM, run as the browser runs its entry.
const registry: PublicRegistry = {
  updatedOn: '2026-06-02',
  active: [
    {
      name: 'Nimbus Cloud',
      legalName: 'Nimbus Cloud Services Ireland Limited',
      category: 'cloud_infrastructure',
      purpose: 'Hosting of the platform.',
      countries: ['IE', 'US'],
      mechanisms: ['none_needed', 'dpf'],
      website: 'https://nimbus-cloud.example',
      activeFrom: '2026-05-26',
    },
  ],
  upcoming: [
    {
      kind: 'replacement',
      name: 'Helpwise Desk',
      legalName: 'Helpwise Software GmbH',
      category: 'customer_support',
      purpose: 'The support desk.',
      countries: ['DE'],
      replaces: 'Old Desk',
      noticeOn: '2026-05-28',
      objectionDeadline: '2026-06-27',
    },
  ],
};

async function open(path: string): Promise<void> {
  window.history.replaceState({}, '', path);
  document.body.innerHTML = '<main id="page"></main>';
  vi.resetModules();
  await import('./main');
}

beforeEach(() => {
  server.use(http.get('*/public/registry.json', () => HttpResponse.json(registry)));
});

describe('the subprocessor list', () => {
  it('shows the active ones with their countries by name, and the announced change with its dates', async () => {
    await open('/subprocessors');
    await screen.findByRole('heading', { level: 1, name: 'Subprocessors' });
    const table = screen.getByRole('table', { name: 'Current subprocessors' });
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    expect(within(row).getByRole('cell', { name: /Nimbus Cloud/ })).toHaveTextContent(
      'Nimbus CloudNimbus Cloud Services Ireland Limitednimbus-cloud.example',
    );
    expect(row).toHaveTextContent('Ireland, United States');
    expect(row).toHaveTextContent('None needed (within the EEA), EU–US Data Privacy Framework');
    expect(row).toHaveTextContent('26 May 2026');
    const changes = screen.getByRole('region', { name: 'Upcoming changes' });
    expect(within(changes).getByRole('heading', { level: 3, name: 'Helpwise Desk' })).toBeInTheDocument();
    expect(changes).toHaveTextContent('Replaces Old Desk');
    expect(changes).toHaveTextContent('Objections until27 June 2026');
    expect(changes.querySelector('time[datetime="2026-06-27"]')).not.toBeNull();
  });

  it('subscribes, and shows the server’s message for a bad address beside the field', async () => {
    const asked: unknown[] = [];
    server.use(
      http.post('*/public/registry/subscribe', async ({ request }) => {
        const body = (await request.json()) as { email: string };
        asked.push(body);
        return body.email.includes('@')
          ? HttpResponse.json(
              { state: 'sent', message: 'If this address can subscribe, we’ve sent it a link.' },
              { status: 202 },
            )
          : HttpResponse.json(
              {
                error: {
                  message: 'Some fields need attention.',
                  fieldErrors: { email: ['Enter a valid email address.'] },
                },
              },
              { status: 400 },
            );
      }),
    );
    await open('/subprocessors');
    const user = userEvent.setup();
    const email = await screen.findByLabelText('Email address');
    await user.type(email, 'nobody');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter a valid email address.');
    await user.clear(email);
    await user.type(email, 'dpo@customer.example');
    await user.type(screen.getByLabelText('Organisation (optional)'), 'Customer AG');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    expect(await screen.findByRole('status')).toHaveTextContent('If this address can subscribe');
    expect(email).not.toHaveAttribute('aria-invalid');
    expect(asked).toEqual([
      { email: 'nobody' },
      { email: 'dpo@customer.example', organisation: 'Customer AG' },
    ]);
  });
});

describe('a subscriber’s link', () => {
  it('acts only when the button is pressed, with the token from the address', async () => {
    const tokens: unknown[] = [];
    server.use(
      http.post('*/public/registry/confirm', async ({ request }) => {
        tokens.push(await request.json());
        return HttpResponse.json({ outcome: 'confirmed', message: 'You will now receive an email.' });
      }),
    );
    await open('/subprocessors/confirm/abc.def0123');
    const button = await screen.findByRole('button', { name: 'Confirm subscription' });
    expect(tokens).toEqual([]);
    await userEvent.setup().click(button);
    expect(await screen.findByRole('heading', { level: 1, name: 'Subscribed' })).toHaveFocus();
    expect(screen.getByText('You will now receive an email.')).toBeInTheDocument();
    expect(tokens).toEqual([{ token: 'abc.def0123' }]);
  });

  it('says an unsubscribe link could not be used', async () => {
    server.use(
      http.post('*/public/registry/unsubscribe', () =>
        HttpResponse.json({ outcome: 'invalid', message: 'The link may be incomplete or altered.' }),
      ),
    );
    await open('/subprocessors/unsubscribe/xyz');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Unsubscribe' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This link cannot be used' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See the list of subprocessors' })).toHaveAttribute(
      'href',
      '/subprocessors',
    );
  });
});
