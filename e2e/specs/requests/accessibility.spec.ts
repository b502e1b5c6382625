import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { queueRows } from './helpers.js';

for (const scheme of ['light', 'dark'] as const) {
  test(`queue, request page and intake have no serious accessibility issues (${scheme})`, async ({
    signedInAs,
  }) => {
    const page = await signedInAs('officer');
    await page.addInitScript((s) => window.localStorage.setItem('privdesk-color-scheme', s), scheme);

    await page.goto('/queue?sort=dueOn&dir=asc&status=received,verifying,in_progress');
    await expect(queueRows(page).first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    await expectNoSeriousA11yViolations(page);
    // With a row selected, the bulk bar and the highlighted row.
    await queueRows(page).first().getByRole('checkbox').check();
    await expect(page.getByRole('region', { name: 'Bulk actions' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await queueRows(page).first().getByRole('link', { name: /^DSR-/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.goto('/requests/new');
    await page.getByRole('button', { name: 'Log request' }).click();
    await expect(page.getByText('Choose the request type.')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
}
