import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Role } from '@privdesk/shared/constants';
import { activeMe } from '../../../testing/factories';
import { server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf, type OutputOf } from '../../../testing/trpc-msw';

type SettingsView = OutputOf<'settings.get'>;
type AppSettings = SettingsView['settings'];

// Typing into a form of sixteen selects is slow in jsdom on a busy 2-core machine.
const slow = { timeout: 20_000 };

function signedInAs(roles: Role[]) {
  server.use(trpcQuery('auth.me', () => activeMe(roles)));
}

const ade = { id: '00000000-0000-4000-8000-0000000000ad', name: 'Ade Mensah' };
const bea = { id: '00000000-0000-4000-8000-0000000000be', name: 'Bea Berger' };

function settingsView(
  overrides: Partial<Omit<SettingsView, 'settings'>> & { settings?: Partial<AppSettings> } = {},
): SettingsView {
  const { settings, ...rest } = overrides;
  return {
    settings: { ...defaultSettings, handling: { ...defaultSettings.handling }, ...settings },
    version: 4,
    updatedAt: '2026-03-02T09:15:00.000Z',
    updatedBy: ade,
    defaults: defaultSettings,
    recomputePending: false,
    ...rest,
  };
}

/** One regime's row: its fields are a group named after the regime. */
function regimeGroup(name: string) {
  return screen.getByRole('group', { name });
}

async function pick(
  user: ReturnType<typeof renderApp>['user'],
  field: HTMLElement,
  search: string,
  option: string,
) {
  await user.clear(field);
  await user.type(field, search);
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('settings page', () => {
  it(
    'shows the saved settings, who changed them last, and the default where a value differs',
    slow,
    async () => {
      signedInAs(['admin']);
      server.use(
        trpcQuery('settings.get', () =>
          settingsView({
            settings: {
              handling: {
                ...defaultSettings.handling,
                gdpr: { calendar: 'DE-BY', timeZone: 'Europe/Berlin' },
              },
              companySlaDays: 25,
            },
          }),
        ),
      );
      renderApp('/settings');

      expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
      expect(await screen.findByText(/Last changed by Ade Mensah on/)).toBeInTheDocument();
      const eu = regimeGroup('EU GDPR');
      expect(within(eu).getByRole('combobox', { name: 'Holiday calendar' })).toHaveValue(
        'Germany, region BY (DE-BY)',
      );
      expect(within(eu).getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Berlin');
      expect(within(eu).getByText('Default: Ireland (IE)')).toBeInTheDocument();
      expect(within(eu).getByText('Default: Europe/Dublin')).toBeInTheDocument();
      const uk = regimeGroup('UK GDPR');
      expect(within(uk).getByRole('combobox', { name: 'Holiday calendar' })).toHaveValue('England (GB-ENG)');
      expect(within(uk).queryByText(/^Default:/)).not.toBeInTheDocument();

      const sla = screen.getByLabelText('Company SLA');
      expect(sla).toHaveValue('25');
      expect(sla).toHaveAccessibleDescription(expect.stringContaining('Default: 30 days.'));
      expect(screen.getByRole('switch', { name: /Pause EU GDPR clocks/ })).not.toBeChecked();
      expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
      expect(screen.getByText('No unsaved changes.')).toBeInTheDocument();
    },
  );

  it(
    'sends only what changed, with the version it started from, then shows the saved state',
    slow,
    async () => {
      signedInAs(['admin']);
      let current = settingsView();
      const updates: InputOf<'settings.update'>[] = [];
      const previews: InputOf<'settings.previewImpact'>[] = [];
      server.use(
        trpcQuery('settings.get', () => current),
        trpcQuery('settings.previewImpact', (input) => {
          previews.push(input);
          return { movesDueDates: true, open: 120, changed: 95, becomeOverdue: 12, becomeDueSoon: 8 };
        }),
        trpcMutation('settings.update', (input) => {
          updates.push(input);
          current = settingsView({
            version: 5,
            updatedAt: '2026-03-03T10:00:00.000Z',
            updatedBy: bea,
            recomputePending: true,
            settings: {
              handling: { ...defaultSettings.handling, ...input.handling },
              companySlaDays: input.companySlaDays ?? 30,
            },
          });
          return current;
        }),
      );
      const { user } = renderApp('/settings');
      const uk = await screen.findByRole('group', { name: 'UK GDPR' });
      await pick(
        user,
        within(uk).getByRole('combobox', { name: 'Holiday calendar' }),
        'scot',
        'Scotland (GB-SCT)',
      );
      const sla = screen.getByLabelText('Company SLA');
      await user.clear(sla);
      await user.type(sla, '20');
      expect(screen.getByText('Unsaved changes: UK GDPR, Company SLA.')).toBeInTheDocument();
      expect(
        screen.getByText('Saving recalculates the due dates of every open request.'),
      ).toBeInTheDocument();
      // Before saving: what it does, counted by the server.
      expect(
        await screen.findByText(
          'Of 120 open requests, 95 change due date: 12 become overdue and 8 due in 5 days or fewer.',
        ),
      ).toBeInTheDocument();
      expect(previews.at(-1)).toEqual({
        version: 4,
        handling: { uk_gdpr: { calendar: 'GB-SCT', timeZone: 'Europe/London' } },
        companySlaDays: 20,
      });
      // It moves due dates, so a reason is required.
      await user.click(screen.getByRole('button', { name: 'Save settings' }));
      expect(
        await screen.findByText('Give a reason: this change moves the due dates of open requests.'),
      ).toBeInTheDocument();
      expect(screen.getByLabelText(/Reason for the change/)).toHaveFocus();
      expect(updates).toHaveLength(0);
      await user.type(screen.getByLabelText(/Reason for the change/), ' Scottish entity. ');
      await user.click(screen.getByRole('button', { name: 'Save settings' }));

      await waitFor(() => expect(updates).toHaveLength(1));
      expect(updates[0]).toEqual({
        version: 4,
        handling: { uk_gdpr: { calendar: 'GB-SCT', timeZone: 'Europe/London' } },
        companySlaDays: 20,
        reason: 'Scottish entity.',
      });
      expect(await screen.findByText('Recalculating due dates')).toBeInTheDocument();
      expect(screen.getByText(/Last changed by Bea Berger on/)).toBeInTheDocument();
      expect(await screen.findByText('No unsaved changes.')).toBeInTheDocument();
      expect(within(regimeGroup('UK GDPR')).getByRole('combobox', { name: 'Holiday calendar' })).toHaveValue(
        'Scotland (GB-SCT)',
      );
      expect(screen.getByLabelText(/Reason for the change/)).toHaveValue('');
      expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    },
  );

  it('shows the server’s field error beside the field it is about', slow, async () => {
    signedInAs(['admin']);
    const message =
      'Unknown holiday calendar: use a country or country-state code that date-holidays knows, such as IE, DE, GB-ENG, US-CA or CA-QC.';
    const updates: InputOf<'settings.update'>[] = [];
    server.use(
      trpcQuery('settings.get', () => settingsView()),
      trpcQuery('settings.previewImpact', () => ({
        movesDueDates: true,
        open: 0,
        changed: 0,
        becomeOverdue: 0,
        becomeDueSoon: 0,
      })),
      trpcMutation('settings.update', (input) => {
        updates.push(input);
        return new TrpcFailure('BAD_REQUEST', 'Some fields need attention.', {
          'handling.gdpr.calendar': [message],
        });
      }),
    );
    const { user } = renderApp('/settings');
    const eu = await screen.findByRole('group', { name: 'EU GDPR' });
    const calendar = within(eu).getByRole('combobox', { name: 'Holiday calendar' });
    await pick(user, calendar, 'xx-yy', 'Use the code XX-YY');
    await user.type(screen.getByLabelText(/Reason for the change/), 'Moving to a new entity');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    await waitFor(() => expect(calendar).toHaveAttribute('aria-invalid', 'true'));
    expect(calendar).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(updates[0]?.handling).toEqual({ gdpr: { calendar: 'XX-YY', timeZone: 'Europe/Dublin' } });
    // Every problem found its field: no alert on top.
    expect(screen.queryByText('Not saved')).not.toBeInTheDocument();
  });

  it('raises a verification level without a reason, and keeps a CCPA opt-out at none', slow, async () => {
    signedInAs(['admin']);
    const updates: InputOf<'settings.update'>[] = [];
    server.use(
      trpcQuery('settings.get', () => settingsView()),
      trpcMutation('settings.update', (input) => {
        updates.push(input);
        return settingsView({ version: 5 });
      }),
    );
    const { user } = renderApp('/settings');
    const eu = await screen.findByRole('group', { name: 'Verification levels, EU GDPR' });
    await user.selectOptions(within(eu).getByRole('combobox', { name: 'Access' }), 'high');
    const ccpa = screen.getByRole('group', { name: 'Verification levels, CCPA/CPRA' });
    expect(within(ccpa).getByRole('combobox', { name: /opt-out of sale\/sharing/i })).toBeDisabled();
    expect(screen.getByText('Unsaved changes: Verification levels (EU GDPR).')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(updates).toHaveLength(1));
    // Only what changed, and no reason asked: a level moves no due date.
    expect(updates[0]).toEqual({ version: 4, verificationLevels: { gdpr: { access: 'high' } } });
  });

  it('checks the numbers before sending', slow, async () => {
    signedInAs(['admin']);
    const updates: InputOf<'settings.update'>[] = [];
    server.use(
      trpcQuery('settings.get', () => settingsView()),
      trpcQuery('settings.previewImpact', () => ({
        movesDueDates: true,
        open: 0,
        changed: 0,
        becomeOverdue: 0,
        becomeDueSoon: 0,
      })),
      trpcMutation('settings.update', (input) => {
        updates.push(input);
        return new TrpcFailure('INTERNAL_SERVER_ERROR', 'unexpected');
      }),
    );
    const { user } = renderApp('/settings');
    const sla = await screen.findByLabelText('Company SLA');
    for (const typed of ['91', '-3', '2.5']) {
      await user.clear(sla);
      await user.type(sla, typed);
      await user.click(screen.getByRole('button', { name: 'Save settings' }));
      // Refused beside the field as typed, never turned into another number.
      await waitFor(() => expect(sla).toHaveAttribute('aria-invalid', 'true'));
      expect(sla).toHaveValue(typed);
      expect(sla).toHaveAccessibleDescription(
        expect.stringContaining('Enter a whole number of days from 1 to 90.'),
      );
      expect(sla).toHaveFocus();
    }
    expect(updates).toHaveLength(0);
  });

  it(
    'keeps requesters’ data 36 months by default, refuses fewer than 24 with the reason, and saves without one',
    slow,
    async () => {
      signedInAs(['admin']);
      const updates: InputOf<'settings.update'>[] = [];
      server.use(
        trpcQuery('settings.get', () => settingsView()),
        trpcMutation('settings.update', (input) => {
          updates.push(input);
          return settingsView({
            version: 5,
            settings: { requestRetentionMonths: input.requestRetentionMonths },
          });
        }),
      );
      const { user } = renderApp('/settings');
      const months = await screen.findByLabelText('Keep requesters’ personal data after closing');
      expect(months).toHaveValue('36');
      expect(months).toHaveAccessibleDescription(expect.stringContaining('CCPA §7101'));
      await user.clear(months);
      await user.type(months, '23');
      await user.click(screen.getByRole('button', { name: 'Save settings' }));
      await waitFor(() => expect(months).toHaveAttribute('aria-invalid', 'true'));
      expect(months).toHaveAccessibleDescription(
        expect.stringContaining(
          'Keep requesters’ data at least 24 months: CCPA §7101 requires the record of each request to be kept for 24 months.',
        ),
      );
      expect(updates).toHaveLength(0);
      await user.clear(months);
      await user.type(months, '24');
      expect(
        screen.getByText('Unsaved changes: Keep requesters’ personal data after closing.'),
      ).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Save settings' }));
      await waitFor(() => expect(updates).toEqual([{ version: 4, requestRetentionMonths: 24 }]));
    },
  );

  it('refuses to overwrite a newer version, says who changed it, and reloads on request', slow, async () => {
    signedInAs(['admin']);
    let current = settingsView();
    server.use(
      trpcQuery('settings.get', () => current),
      trpcQuery('settings.previewImpact', () => ({
        movesDueDates: true,
        open: 3,
        changed: 1,
        becomeOverdue: 0,
        becomeDueSoon: 1,
      })),
      trpcMutation('settings.update', () => {
        // Bea saved first.
        current = settingsView({
          version: 5,
          updatedBy: bea,
          updatedAt: '2026-03-03T10:00:00.000Z',
          settings: { euPauseEnabled: true },
        });
        return new TrpcFailure(
          'CONFLICT',
          'The settings were changed by Bea Berger at 10:00 UTC — reload to see the change, then try again.',
        );
      }),
    );
    const { user } = renderApp('/settings');
    const sla = await screen.findByLabelText('Company SLA');
    await user.clear(sla);
    await user.type(sla, '28');
    await user.type(screen.getByLabelText(/Reason for the change/), 'Policy v4');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed the settings');
    expect(alert).toHaveTextContent(
      'The settings were changed by Bea Berger at 10:00 UTC — reload to see the change, then try again.',
    );
    await user.click(within(alert).getByRole('button', { name: 'Reload the settings' }));

    await waitFor(() => expect(screen.getByRole('switch', { name: /Pause EU GDPR clocks/ })).toBeChecked());
    expect(screen.getByLabelText('Company SLA')).toHaveValue('30');
    expect(screen.getByText(/Last changed by Bea Berger on/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows read-only settings to people who may read but not change them', async () => {
    signedInAs(['auditor']);
    server.use(
      trpcQuery('settings.get', () =>
        settingsView({ settings: { euPauseEnabled: true, minorTargetHours: 48 } }),
      ),
    );
    renderApp('/settings');

    const table = await screen.findByRole('table', { name: 'Handling entity of each regime' });
    const uk = within(table).getByRole('row', { name: /UK GDPR/ });
    expect(uk).toHaveTextContent('England (GB-ENG)');
    expect(uk).toHaveTextContent('Europe/London');
    expect(
      screen.getByText('You can read these settings; only an admin can change them.'),
    ).toBeInTheDocument();
    expect(screen.getByText('48 hours')).toBeInTheDocument();
    expect(screen.getByText('(default 72 hours)')).toBeInTheDocument();
    expect(screen.getByText('On')).toBeInTheDocument();
    // Nothing to change: the only fields are the message templates' pickers and their texts, read-only.
    const templates = await screen.findByRole('region', { name: 'Messages to requesters' });
    for (const select of screen.queryAllByRole('combobox')) expect(templates).toContainElement(select);
    const texts = screen.queryAllByRole('textbox');
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(templates).toContainElement(text);
      expect(text).toHaveAttribute('readonly');
    }
    expect(screen.queryByRole('button', { name: 'Save settings' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save the text' })).not.toBeInTheDocument();
  });

  it('shows an error with a retry when the settings cannot load', async () => {
    signedInAs(['admin']);
    let calls = 0;
    server.use(
      trpcQuery('settings.get', () => {
        calls += 1;
        return calls === 1
          ? new TrpcFailure('INTERNAL_SERVER_ERROR', 'Something went wrong on our side.')
          : settingsView();
      }),
    );
    const { user } = renderApp('/settings');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the settings');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('group', { name: 'UK GDPR' })).toBeInTheDocument();
  });

  it('tells people without the permission that they have no access', async () => {
    signedInAs(['privacy_officer']);
    renderApp('/settings');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });
});

describe('message templates', () => {
  it('checks placeholders as the admin types and saves a law’s own text with the version it started from', async () => {
    signedInAs(['admin']);
    const saved: InputOf<'messages.saveTemplate'>[] = [];
    server.use(
      trpcQuery('settings.get', () => settingsView()),
      trpcMutation('messages.saveTemplate', (input) => {
        saved.push(input);
        return {
          kind: input.kind,
          regime: input.regime,
          subject: input.subject,
          body: input.body,
          isDefault: false,
          version: 1,
          updatedAt: '2026-03-10T15:00:00.000Z',
          updatedBy: { id: '00000000-0000-4000-8000-0000000000a9', name: 'Ade Mensah' },
        };
      }),
    );
    const { user } = renderApp('/settings');
    const templates = await screen.findByRole('region', { name: 'Messages to requesters' });
    await user.selectOptions(
      within(templates).getByRole('combobox', { name: 'Message' }),
      'extension_notice',
    );
    await user.selectOptions(within(templates).getByRole('combobox', { name: 'Law' }), 'ccpa');
    expect(within(templates).getByText(/this law sends the one for every law/)).toBeInTheDocument();
    const body = within(templates).getByRole('textbox', { name: 'Message' });
    await user.clear(body);
    await user.type(body, 'We need more time for {{{{reference}}: {{{{mood}}.');
    await user.click(within(templates).getByRole('button', { name: 'Save the text' }));
    expect(
      await within(templates).findByText(/\{\{mood\}\} is not a placeholder of this message/),
    ).toBeInTheDocument();
    expect(saved).toHaveLength(0);

    await user.clear(body);
    await user.type(
      body,
      'We need more time, because {{{{extension_reason}}. We will answer by {{{{extended_due_date}}.',
    );
    await user.click(within(templates).getByRole('button', { name: 'Save the text' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({
      kind: 'extension_notice',
      regime: 'ccpa',
      version: 0,
      body: 'We need more time, because {{extension_reason}}. We will answer by {{extended_due_date}}.',
    });
  });
});
