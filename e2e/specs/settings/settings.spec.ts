import type { Page } from '@playwright/test';
import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { demo } from '../../fixtures/demo.js';

// The settings are global: every spec shares one server. So this spec runs in its own Playwright project, after
// every other spec has finished (playwright.config.ts), and puts back each value it changed: through the page
// as an admin would, and, should the test fail or time out half-way, through the API after it.

interface Restorable {
  ukGdpr: { calendar: string; timeZone: string };
  unverifiedCloseDays: number;
}

interface SettingsAnswer {
  version: number;
  settings: { handling: Record<string, { calendar: string; timeZone: string }>; unverifiedCloseDays: number };
}

async function readSettings(page: Page): Promise<SettingsAnswer> {
  return page.evaluate(async () => {
    const response = await fetch('/trpc/settings.get');
    const body = (await response.json()) as { result?: { data: SettingsAnswer } };
    if (!body.result) throw new Error(`settings.get failed: ${JSON.stringify(body)}`);
    return body.result.data;
  });
}

/** The safety net: whatever happened in the test, the shared server goes back to what it had. */
async function restore(page: Page, original: Restorable): Promise<void> {
  const current = await readSettings(page);
  const handling = current.settings.handling.uk_gdpr;
  if (
    handling?.calendar === original.ukGdpr.calendar &&
    handling.timeZone === original.ukGdpr.timeZone &&
    current.settings.unverifiedCloseDays === original.unverifiedCloseDays
  ) {
    return;
  }
  await page.evaluate(
    async ({ version, original: values }) => {
      const response = await fetch('/trpc/settings.update', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          version,
          handling: { uk_gdpr: values.ukGdpr },
          unverifiedCloseDays: values.unverifiedCloseDays,
          reason: 'End-to-end test: put the settings back.',
        }),
      });
      if (!response.ok) throw new Error(`settings.update failed: ${await response.text()}`);
    },
    { version: current.version, original },
  );
}

/** What the test found before changing anything; set once it has read the settings. */
let original: Restorable | undefined;

test.afterEach(async ({ signedInAs }) => {
  if (original === undefined) return;
  const page = await signedInAs('admin');
  await page.goto('/');
  await restore(page, original);
  original = undefined;
});

test('an admin changes a handling entity and a target with a reason, and sees them saved', async ({
  signedInAs,
}) => {
  const page = await signedInAs('admin');
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page).toHaveURL(/\/settings$/);
  await expectNoSeriousA11yViolations(page);

  const before = await readSettings(page);
  const found: Restorable = {
    ukGdpr: before.settings.handling.uk_gdpr ?? { calendar: 'GB-ENG', timeZone: 'Europe/London' },
    unverifiedCloseDays: before.settings.unverifiedCloseDays,
  };
  original = found;
  const newDays = found.unverifiedCloseDays === 28 ? 27 : 28;

  const uk = page.getByRole('group', { name: 'UK GDPR' });
  const calendar = uk.getByRole('combobox', { name: 'Holiday calendar' });
  await calendar.fill('wales');
  await page.getByRole('option', { name: 'Wales (GB-WLS)' }).click();
  const zone = uk.getByRole('combobox', { name: 'Time zone' });
  await zone.fill('isle of man');
  await page.getByRole('option', { name: 'Europe/Isle_of_Man' }).click();
  await page.getByLabel('Close unverified requests after').fill(String(newDays));
  await expect(page.getByText('Unsaved changes: UK GDPR, Close unverified requests after.')).toBeVisible();
  // It moves due dates: before saving, the page counts the open requests it changes.
  await expect(
    page.getByText(/^(Of \d+ open requests?, \d+ change due date|No open request’s due date changes)/),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Reason for the change').fill('End-to-end test: a Welsh handling entity.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('No unsaved changes.')).toBeVisible();

  // A fresh load shows what the server kept, and who changed it.
  await page.reload();
  await expect(page.getByText(new RegExp(`Last changed by ${demo.admin.name} on`))).toBeVisible();
  await expect(calendar).toHaveValue('Wales (GB-WLS)');
  await expect(zone).toHaveValue('Europe/Isle_of_Man');
  await expect(uk.getByText('Default: England (GB-ENG)')).toBeVisible();
  await expect(page.getByLabel('Close unverified requests after')).toHaveValue(String(newDays));

  // A calendar date-holidays does not know is refused beside its field, and nothing is saved.
  const eu = page.getByRole('group', { name: 'EU GDPR' });
  const euCalendar = eu.getByRole('combobox', { name: 'Holiday calendar' });
  await euCalendar.fill('xx-yy');
  await page.getByRole('option', { name: 'Use the code XX-YY' }).click();
  // It moves due dates, so it needs a reason.
  await page.getByLabel('Reason for the change').fill('End-to-end test: an unknown calendar.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(euCalendar).toHaveAttribute('aria-invalid', 'true');
  await expect(eu.getByText(/^Unknown holiday calendar/)).toBeVisible();
  await expect(euCalendar).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  // A number out of range is caught before anything is sent.
  const sla = page.getByLabel('Company SLA');
  await sla.fill('91');
  await sla.blur();
  await expect(sla).toHaveAccessibleDescription(/Enter a whole number of days from 1 to 90\./);
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByText('No unsaved changes.')).toBeVisible();

  // Put it back through the page, as an admin would.
  await calendar.fill('england');
  await page.getByRole('option', { name: 'England (GB-ENG)' }).click();
  await zone.fill('europe/london');
  await page.getByRole('option', { name: 'Europe/London' }).click();
  await page.getByLabel('Close unverified requests after').fill(String(found.unverifiedCloseDays));
  await page.getByLabel('Reason for the change').fill('End-to-end test: back to England.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('No unsaved changes.')).toBeVisible();
  await expect(uk.getByText(/^Default:/)).toHaveCount(0);
  // The page put everything back; the API agrees.
  const after = await readSettings(page);
  expect(after.settings.handling.uk_gdpr).toEqual(found.ukGdpr);
  expect(after.settings.unverifiedCloseDays).toBe(found.unverifiedCloseDays);
});

test('an officer is refused the settings page, and the navigation does not offer it', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: "You don't have access" })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }),
  ).toHaveCount(0);
});
