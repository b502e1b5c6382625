import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcMutation, trpcQuery, type InputOf } from '../../../testing/trpc-msw';
import { acme, choices, detail, olivia, subprocessorId as id } from '../registry-test-data';

const notice = {
  id: '00000000-0000-4000-8000-00000000b001',
  channel: 'email' as const,
  sentOn: '2026-02-01',
  objectionDeadline: '2026-03-03',
  subject: 'New subprocessor: Sentry',
  body: 'Dear customer,\n\nSyncronis intends to engage Functional Software, Inc.',
  sentBy: olivia,
  deliveries: { queued: 0, sent: 4, failed: 1, cancelled: 0 },
};

const openObjection = {
  id: '00000000-0000-4000-8000-00000000a0b1',
  organisationId: acme.id,
  organisationName: acme.name,
  receivedOn: '2026-02-10',
  summary: 'Our data must stay in the EU.',
  outcome: 'pending' as const,
  note: null,
  recordedBy: olivia,
  decidedAt: null,
  decidedBy: null,
};

const afterWindow = detail({
  status: 'objection_window',
  objectionDeadline: '2026-03-03',
  windowOpen: false,
  notice,
  objections: [openObjection],
});

describe('a subprocessor’s page', () => {
  it('says why it cannot be activated yet, and lets a keeper decide the open objection', async () => {
    const decided: InputOf<'registry.decideObjection'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcQuery('registry.get', () => (decided.length === 0 ? afterWindow : resolved)),
      trpcQuery('registry.choices', () => choices),
      trpcQuery('registry.deliveries', () => ({
        items: [
          {
            messageId: '00000000-0000-4000-8000-00000000d001',
            email: 'dpo@acme.example',
            organisationName: 'Acme GmbH',
            status: 'failed' as const,
            attempts: 5,
            sentAt: null,
            failure: 'The mail server did not accept it after 5 attempts.',
          },
        ],
      })),
      trpcMutation('registry.decideObjection', (input) => {
        decided.push(input);
        return resolved;
      }),
    );
    const resolved = detail({
      ...afterWindow,
      version: 4,
      objections: [{ ...openObjection, outcome: 'resolved', note: 'Data stays in Frankfurt.' }],
    });
    const { user } = renderApp(`/registry/${id}`);
    const nextStep = await screen.findByRole('region', { name: 'Objection window ended' });
    const activate = within(nextStep).getByRole('button', { name: 'Activate' });
    expect(activate).toBeDisabled();
    expect(activate).toHaveAccessibleDescription(/An objection is still open: record its outcome first\./);
    expect(screen.getByRole('region', { name: 'Change notice' })).toHaveTextContent('4 sent, 1 failed');
    // The keeper sees each subscriber's copy: the failed one with the server's reason.
    const perSubscriber = await screen.findByRole('list', { name: 'Delivery to each subscriber' });
    expect(perSubscriber).toHaveTextContent(
      'Acme GmbH · dpo@acme.example · FailedThe mail server did not accept it after 5 attempts.',
    );

    await user.click(screen.getByRole('button', { name: 'Decide the objection from Acme GmbH' }));
    const dialog = await screen.findByRole('dialog', { name: 'Decide the objection from Acme GmbH' });
    await user.click(within(dialog).getByRole('radio', { name: 'Resolved: concerns answered' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'Data stays in Frankfurt.');
    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));

    await waitFor(() =>
      expect(decided).toEqual([
        {
          id,
          version: 3,
          objectionId: openObjection.id,
          outcome: 'resolved',
          note: 'Data stays in Frankfurt.',
        },
      ]),
    );
    await waitFor(() => expect(within(nextStep).getByRole('button', { name: 'Activate' })).toBeEnabled());
    expect(screen.getByRole('region', { name: 'Objections (1)' })).toHaveTextContent(
      'Resolved: concerns answered',
    );
  });

  it('shows readers the history field by field, without the keepers’ buttons', async () => {
    server.use(
      trpcQuery('auth.me', () => activeMe(['support_agent'])),
      trpcQuery('registry.get', () =>
        detail({
          history: [
            {
              id: '00000000-0000-4000-8000-00000000e0e2',
              at: '2026-03-05T10:00:00.000Z',
              actor: olivia,
              system: null,
              kind: 'updated',
              version: 2,
              changes: [
                { field: 'name', before: 'Sentri', after: 'Sentry' },
                {
                  field: 'locations',
                  before: [{ country: 'US', mechanism: null, sccModule: null, sccVersion: null }],
                  after: [
                    { country: 'US', mechanism: 'scc', sccModule: 'module_3', sccVersion: 'eu_2021_914' },
                  ],
                },
              ],
              summary: 'Details changed',
              reason: 'Typo in the name',
            },
            {
              id: '00000000-0000-4000-8000-00000000e0e1',
              at: '2026-03-01T09:00:00.000Z',
              actor: olivia,
              system: null,
              kind: 'created',
              version: 1,
              changes: [],
              summary: 'Proposed',
              reason: null,
            },
          ],
        }),
      ),
    );
    renderApp(`/registry/${id}`);
    const history = await screen.findByRole('list', { name: 'History, newest first' });
    const [edit, created] = within(history).getAllByRole('listitem');
    if (!edit || !created) throw new Error('expected two history entries');
    expect(edit).toHaveTextContent('Details changed');
    expect(edit).toHaveTextContent('Olivia Okafor');
    expect(edit).toHaveTextContent('Reason: Typo in the name');
    // Each changed field: its name, then before → after (read out as "Before: …, after: …").
    expect(
      within(edit)
        .getAllByRole('term')
        .map((t) => t.textContent),
    ).toEqual(['Name', 'Processing countries and transfers']);
    expect(
      within(edit)
        .getAllByRole('definition')
        .map((d) => d.textContent),
    ).toEqual([
      'Before: Sentri →, after: Sentry',
      'Before: United States: no mechanism yet →, after: United States: Standard Contractual Clauses, Module 3 (processor to processor), EU 2021/914',
    ]);
    expect(created).toHaveTextContent('Proposed');
    expect(screen.getByRole('region', { name: 'Next: send the change notice' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send change notice' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit details' })).not.toBeInTheDocument();
  });
});
