import type { Locator, Page } from '@playwright/test';
import { test, expect, signInThroughUi } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { demoPassword } from '../../fixtures/demo.js';

// The demo seed runs the daily reminders once for today, so officers and managers start with one unread
// reminder each. Opening the panel changes nothing; following a link or "Mark all read" does. The officer's
// journey marks its one reminder read (no other spec looks at the officer's bell), "Mark all read" runs as
// officer2, whom no other spec signs in as. A retry finds those reminders read already, so the checks on
// counts run on a first attempt only.

/** The second demo officer (server/src/demo/demo-staff.ts): no other spec signs in as them. */
const officer2 = { email: 'officer2@privacydesk.example', totpSecret: 'PRIVACYDESKDEMOOFFICERBBBBBBBBBB' };

const bellOf = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
const panelOf = (page: Page) => page.getByRole('dialog', { name: 'Notifications' });

async function unreadOf(bell: Locator): Promise<number> {
  const name = (await bell.getAttribute('aria-label')) ?? '';
  return Number(/^Notifications, (\d+) unread$/.exec(name)?.[1] ?? 0);
}

test('an officer sees today’s reminders under the bell and follows one to its request', async ({
  signedInAs,
}, testInfo) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const bell = bellOf(page);
  await expect(bell).toBeVisible();
  if (testInfo.retry === 0) await expect(bell).toHaveAccessibleName(/^Notifications, [1-9]\d* unread$/);
  const before = await unreadOf(bell);

  await bell.click();
  const panel = panelOf(page);
  await expect(panel).toBeVisible();
  const reminder = panel
    .getByRole('listitem')
    .filter({ hasText: /Your requests: / })
    .first();
  await expect(reminder).toBeVisible();
  await expect(reminder.getByText(/^(Overdue|Due soon)$/).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Escape closes the panel and puts focus back on the bell.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(bell).toBeFocused();

  await bell.click();
  // A link of the reminder whose unread state is checked below, not of whichever card comes first.
  const link = reminder.getByRole('link', { name: /^DSR-\d{4}-\d{6}$/ }).first();
  const reference = (await link.textContent()) ?? '';
  const wasUnread = (await reminder.getByText('Unread:').count()) > 0;
  await link.click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  await expect(panel).toBeHidden();
  // Following a request from a reminder marks that reminder read.
  if (wasUnread) {
    await expect(bell).toHaveAccessibleName(
      before > 1 ? `Notifications, ${before - 1} unread` : 'Notifications',
    );
  }
});

test('a manager is told about requests left unassigned', async ({ signedInAs }) => {
  const page = await signedInAs('manager');
  await page.goto('/queue');
  await bellOf(page).click();
  const panel = panelOf(page);
  const reminder = panel
    .getByRole('listitem')
    .filter({ hasText: /requests? unassigned for more than 2 days/ })
    .first();
  await expect(reminder).toBeVisible();
  await expect(reminder.getByRole('link', { name: /^DSR-\d{4}-\d{6}$/ }).first()).toBeVisible();
  await expect(reminder.getByText('Unassigned', { exact: true }).first()).toBeVisible();
});

test('marking all read empties the badge, and it stays empty after a reload (dark theme)', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => window.localStorage.setItem('privdesk-color-scheme', 'dark'));
    await page.goto('/sign-in');
    await signInThroughUi(page, officer2.email, demoPassword, officer2.totpSecret);
    const bell = bellOf(page);
    await expect(bell).toBeVisible();
    if (testInfo.retry === 0) await expect(bell).toHaveAccessibleName(/^Notifications, [1-9]\d* unread$/);

    await bell.click();
    const panel = panelOf(page);
    await expect(
      panel
        .getByRole('listitem')
        .filter({ hasText: /Your requests: / })
        .first(),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell).toHaveAccessibleName('Notifications');
    await expect(panel.getByText('Unread:')).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Mark all read' })).toBeDisabled();

    await page.reload();
    await expect(bellOf(page)).toHaveAccessibleName('Notifications');
  } finally {
    await context.close();
  }
});
