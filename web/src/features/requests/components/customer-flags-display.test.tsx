import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe, olivia, queuePage, queueRow, requestDetail, summaryRow } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery } from '../../../testing/trpc-msw';

const slow = { timeout: 20_000 };
const id = '00000000-0000-4000-8000-00000000f001';

describe("a linked account's standing flags", slow, () => {
  it('tag its requests in the queue', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('views.find', () => ({ builtIn: [], saved: [] })),
      trpcQuery('staff.assignable', () => ({ items: [] })),
      trpcQuery('requests.find', () =>
        queuePage('full', [
          queueRow({ reference: 'DSR-2026-000201', customerFlags: ['legal_hold', 'restriction'] }),
          queueRow({ reference: 'DSR-2026-000202' }),
        ]),
      ),
    );
    renderApp('/queue');
    const flagged = (await screen.findByRole('link', { name: 'DSR-2026-000201' })).closest('tr');
    if (!flagged) throw new Error('no row');
    // One tag, the first flag and how many more; the whole list in its title and for screen readers.
    const tag = within(flagged).getByTitle('Legal hold, Processing restricted');
    expect(tag).toHaveTextContent('Hold +1: Legal hold, Processing restricted');
    const plain = screen.getByRole('link', { name: 'DSR-2026-000202' }).closest('tr');
    expect(plain).not.toHaveTextContent(/Legal hold|Restricted/);
  });

  it('show in summary rows too (support agents tell callers about them)', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('views.find', () => ({ builtIn: [], saved: [] })),
      trpcQuery('requests.find', () =>
        queuePage('summary', [summaryRow({ reference: 'DSR-2026-000203', customerFlags: ['legal_hold'] })]),
      ),
    );
    renderApp('/queue');
    const row = (await screen.findByText('DSR-2026-000203')).closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByTitle('Legal hold')).toHaveTextContent('Hold: Legal hold');
  });

  it('stand in the request header and, with since when, who and why, beside the linked account', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('requests.get', () =>
        requestDetail({
          id,
          reference: 'DSR-2026-000204',
          customerFlags: [
            {
              id: '00000000-0000-4000-8000-00000000f101',
              kind: 'legal_hold',
              setAt: '2026-02-03T10:00:00.000Z',
              setBy: olivia,
              setReason: 'Litigation hold from Legal: matter 2026-014.',
              liftedAt: null,
              liftedBy: null,
              liftedReason: null,
              customerToldAt: null,
              customerToldBy: null,
            },
          ],
        }),
      ),
      trpcQuery('requests.timeline', () => ({ items: [] })),
      trpcQuery('staff.assignable', () => ({ items: [] })),
    );
    renderApp(`/requests/${id}`);
    const header = await screen.findByTestId('request-header');
    expect(within(header).getByText('Legal hold')).toBeInTheDocument();
    const notice = screen.getByRole('alert', { name: 'Flags on this account' });
    expect(notice).toHaveTextContent(
      /Legal hold since 3 Feb 2026, \d\d:\d\d.* \(Olivia Okafor\): Litigation hold from Legal: matter 2026-014\./,
    );
  });
});
