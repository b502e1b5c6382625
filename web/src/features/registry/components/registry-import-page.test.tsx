import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { trpcMutation, trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

const csv =
  'id,name,legal_name,address,contact_email,website,category,purpose,services,data_categories,subject_categories,locations,dpa_signed_on,dpa_url,dpa_expires_on,certifications,replaces_id,data_systems,status,proposed_on,objection_deadline,active_from,retired_on\n' +
  ',Trackwise,…\n,Pagerly,…\n';

const withBadRow: OutputOf<'registry.importCsv'> = {
  dryRun: true,
  written: false,
  fileErrors: [],
  created: 1,
  updated: 0,
  rows: [
    { row: 2, name: 'Trackwise', action: 'create', errors: [] },
    {
      row: 3,
      name: 'Pagerly',
      action: 'create',
      errors: [
        {
          column: 'locations',
          message:
            '2nd location (XX:scc:module_3:eu_2021_914): Not an ISO 3166 country code (two letters, such as DE or US).',
        },
      ],
    },
  ],
};

const clean: OutputOf<'registry.importCsv'> = {
  dryRun: true,
  written: false,
  fileErrors: [],
  created: 1,
  updated: 1,
  rows: [
    { row: 2, name: 'Trackwise', action: 'create', errors: [] },
    { row: 3, name: 'Pagerly', action: 'update', errors: [] },
  ],
};

async function pasteCsv(user: ReturnType<typeof renderApp>['user'], text: string) {
  await user.click(await screen.findByRole('textbox', { name: 'Its text' }));
  await user.paste(text);
}

describe('the registry import page', () => {
  it('names a bad row by row and column after a check, and keeps the import locked', async () => {
    const asked: InputOf<'registry.importCsv'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['privacy_officer'])),
      trpcMutation('registry.importCsv', (input) => {
        asked.push(input);
        return withBadRow;
      }),
    );
    const { user } = renderApp('/registry/import');
    await pasteCsv(user, csv);
    await user.click(screen.getByRole('button', { name: 'Check file' }));

    const problems = await screen.findByRole('list', { name: 'Problems to fix' });
    expect(
      within(problems)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Row 3 · locations: 2nd location (XX:scc:module_3:eu_2021_914): Not an ISO 3166 country code (two letters, such as DE or US).',
    ]);
    expect(screen.getByText('2 rows: 1 new, 0 to update, 1 to fix.')).toBeInTheDocument();
    const [, first, second] = within(screen.getByRole('table', { name: 'Rows of the file' })).getAllByRole(
      'row',
    );
    expect(first).toHaveTextContent('2TrackwiseNew—');
    expect(second).toHaveTextContent('3PagerlyTo fixlocations: 2nd location');
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(screen.getByText('Fix the problems and check the file again.')).toBeInTheDocument();
    expect(asked).toEqual([{ csv, dryRun: true }]);
  });

  it('imports only after a clean check of the same text, then sums up with a way back', async () => {
    const asked: InputOf<'registry.importCsv'>[] = [];
    server.use(
      trpcQuery('auth.me', () => activeMe(['admin'])),
      trpcMutation('registry.importCsv', (input) => {
        asked.push(input);
        return input.dryRun === false ? { ...clean, dryRun: false, written: true } : clean;
      }),
    );
    const { user } = renderApp('/registry/import');
    await pasteCsv(user, csv);
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    const importButton = await screen.findByRole('button', { name: 'Import 2 rows' });
    expect(importButton).toBeEnabled();

    // Text changed after the check: the check no longer speaks for it.
    await user.type(screen.getByRole('textbox', { name: 'Its text' }), 'x');
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(screen.getByText('The text changed since this check: check it again.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Its text' }), '{Backspace}');

    await user.click(screen.getByRole('button', { name: 'Import 2 rows' }));
    expect(
      await screen.findByText(/^1 subprocessor proposed, 1 updated\. New subprocessors start as proposed/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the registry' })).toHaveAttribute('href', '/registry');
    expect(screen.queryByRole('button', { name: 'Check file' })).not.toBeInTheDocument();
    expect(asked).toEqual([
      { csv, dryRun: true },
      { csv, dryRun: false },
    ]);
  });

  it('is not offered to a support agent', async () => {
    server.use(trpcQuery('auth.me', () => activeMe(['support_agent'])));
    renderApp('/registry/import');
    expect(await screen.findByRole('heading', { name: "You don't have access" })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Check file' })).not.toBeInTheDocument();
  });
});
