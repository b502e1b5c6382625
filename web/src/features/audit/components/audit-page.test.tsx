import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '@privdesk/shared/constants';
import { activeMe, auditEvent, page, staffRow } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcQuery, type InputOf } from '../../../testing/trpc-msw';

const ade = staffRow({ name: 'Ade Mensah', roles: ['admin'] });

function answerAudit(roles: Role[] = ['auditor']) {
  const requests: InputOf<'audit.find'>[] = [];
  server.use(
    trpcQuery('auth.me', () => activeMe(roles)),
    trpcQuery('staff.find', () => page([ade])),
    trpcQuery('audit.find', (input) => {
      requests.push(input);
      return page(
        [
          auditEvent({
            seq: 42,
            at: '2026-03-02T09:15:07.000Z',
            actorId: ade.id,
            actorName: 'Ade Mensah',
            action: 'staff.disabled',
            entityType: 'staff',
            entityId: 'staff-0042',
            entityLabel: 'Bea Berger',
            ip: '198.51.100.4',
            reason: 'Left the company',
            before: { disabled: false },
            after: { disabled: true },
          }),
          auditEvent({
            seq: 41,
            action: 'auth.sign_in_failed',
            entityType: 'staff',
            entityId: null,
            actorId: null,
          }),
        ],
        { total: 120, page: input?.page ?? 1, pageSize: input?.pageSize ?? 25 },
      );
    }),
  );
  return requests;
}

describe('audit page', () => {
  it('renders the events the server returns', async () => {
    answerAudit();
    renderApp('/audit');
    const table = await screen.findByRole('table', { name: 'Audit events' });
    const [header, first, second] = within(table).getAllByRole('row');
    expect(header).toHaveTextContent('#Time (UTC)ActorActionRecordIPReason');
    expect(first).toHaveTextContent('42');
    expect(first).toHaveTextContent('2026-03-02 09:15:07');
    expect(first).toHaveTextContent('Ade Mensah');
    // The action by name, its code beside it; the record by what people call it.
    expect(first).toHaveTextContent('Staff member disabledstaff.disabled');
    expect(first).toHaveTextContent('Bea Berger');
    expect(first).toHaveTextContent('staff');
    expect(first).toHaveTextContent('198.51.100.4');
    expect(first).toHaveTextContent('Left the company');
    expect(second).toHaveTextContent('Sign-in failedauth.sign_in_failed');
    expect(screen.getByText('1–25 of 120 events')).toBeInTheDocument();
  });

  it('writes filter changes to the URL and asks the server for them', async () => {
    const requests = answerAudit();
    const { user, location } = renderApp('/audit?page=3');
    await screen.findByRole('table', { name: 'Audit events' });
    expect(requests.at(-1)).toMatchObject({ page: 3, pageSize: 25 });

    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Staff member disabled' }));
    // A new filter starts again at page 1.
    await waitFor(() => expect(location().search).toBe('?action=staff.disabled'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ action: 'staff.disabled', page: 1 }));

    await user.click(screen.getByRole('combobox', { name: 'Actor' }));
    await user.click(await screen.findByRole('option', { name: 'Ade Mensah' }));
    await waitFor(() => expect(new URLSearchParams(location().search).get('actorId')).toBe(ade.id));

    await user.type(screen.getByLabelText('Entity ID'), 'staff-0042');
    await waitFor(() => expect(new URLSearchParams(location().search).get('entityId')).toBe('staff-0042'));
    await waitFor(() =>
      expect(requests.at(-1)).toMatchObject({
        action: 'staff.disabled',
        actorId: ade.id,
        entityId: 'staff-0042',
      }),
    );

    // A request by its reference: sent once whole, upper-cased; a partial one says what it wants.
    const record = screen.getByLabelText('Request or account');
    await user.type(record, 'dsr-2026');
    expect(
      await screen.findByText('A request reference (DSR-2026-000123) or an account number (SYN-100042).'),
    ).toBeInTheDocument();
    await user.type(record, '-000123');
    await waitFor(() => expect(new URLSearchParams(location().search).get('record')).toBe('DSR-2026-000123'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ record: 'DSR-2026-000123' }));

    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => expect(new URLSearchParams(location().search).get('page')).toBe('2'));
  });

  it('offers the auditor the filtered log as CSV and JSON', async () => {
    answerAudit(['auditor']);
    renderApp('/audit?record=DSR-2026-000123&action=pii.viewed');
    const csv = await screen.findByRole('link', { name: 'Export CSV' });
    const href = new URL(csv.getAttribute('href') ?? '', window.location.origin);
    expect(href.pathname).toBe('/export/audit.csv');
    expect(JSON.parse(href.searchParams.get('input') ?? '')).toEqual({
      action: 'pii.viewed',
      record: 'DSR-2026-000123',
    });
    expect(screen.getByRole('link', { name: 'Export JSON' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/export\/audit\.json\?input=/),
    );
  });

  it('lets an admin read the log but not take it away', async () => {
    answerAudit(['admin']);
    renderApp('/audit');
    await screen.findByRole('table', { name: 'Audit events' });
    expect(screen.queryByRole('link', { name: 'Export CSV' })).not.toBeInTheDocument();
  });

  it('falls back to defaults for a bad link instead of failing', async () => {
    const requests = answerAudit();
    renderApp('/audit?page=-4&pageSize=7&action=nonsense&from=yesterday&actorId=42');
    await screen.findByRole('table', { name: 'Audit events' });
    expect(requests.at(-1)).toEqual({ page: 1, pageSize: 25 });
  });

  it('shows an inverted date range as an error and does not send the end date', async () => {
    const requests = answerAudit();
    renderApp('/audit?from=2026-03-10&to=2026-03-01');
    expect(await screen.findByText('The end date is before the start date.')).toBeInTheDocument();
    expect(requests.at(-1)).toEqual({ page: 1, pageSize: 25, from: '2026-03-10' });
  });

  it('opens the before and after of an event with a click or Enter', async () => {
    answerAudit();
    const { user } = renderApp('/audit');
    const table = await screen.findByRole('table', { name: 'Audit events' });
    const [, first] = within(table).getAllByRole('row');
    if (!first) throw new Error('no first row');

    await user.click(within(first).getByText('Left the company'));
    const drawer = await screen.findByRole('dialog', { name: 'Audit event #42' });
    expect(within(drawer).getByLabelText('Before (JSON)')).toHaveTextContent('"disabled": false');
    expect(within(drawer).getByLabelText('After (JSON)')).toHaveTextContent('"disabled": true');
    await user.click(within(drawer).getByRole('button', { name: 'Close event details' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    first.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'Audit event #42' })).toBeInTheDocument();
  });

  it('verifies the chain on request and reports a break', async () => {
    answerAudit();
    server.use(
      trpcQuery('audit.verify', () => ({
        ok: false,
        checked: 17,
        firstBrokenSeq: 18,
        problem: 'event 18 was altered after it was written',
        head: { seq: 17, hash: 'ab12' },
      })),
    );
    const { user } = renderApp('/audit');
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    const result = await screen.findByText(/First broken event/);
    expect(result).toHaveTextContent('#18');
    expect(result).toHaveTextContent('event 18 was altered after it was written');
  });

  it('verifies the chain and reports it intact', async () => {
    answerAudit();
    server.use(
      trpcQuery('audit.verify', () => ({
        ok: true,
        checked: 1234,
        firstBrokenSeq: null,
        problem: null,
        head: { seq: 1234, hash: 'f00dcafe' },
      })),
    );
    const { user } = renderApp('/audit');
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByText('Chain intact')).toBeInTheDocument();
    expect(screen.getByText(/All 1,234 events/)).toBeInTheDocument();
    expect(screen.getByLabelText('Head hash')).toHaveTextContent('f00dcafe');
  });

  it('leaves the actor filter out for people who may not list staff', async () => {
    // No role holds audit:read without staff:read today, so the permission list is trimmed by hand:
    // the page must follow the permissions it is given, not assume today's role map.
    const me = activeMe(['auditor']);
    if (me.staff) me.staff.permissions = me.staff.permissions.filter((p) => p !== 'staff:read');
    server.use(
      trpcQuery('auth.me', () => me),
      trpcQuery('audit.find', () => page([])),
    );
    renderApp('/audit');
    expect(await screen.findByText('No events yet')).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Actor' })).not.toBeInTheDocument();
  });
});
