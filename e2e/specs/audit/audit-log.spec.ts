import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';

test('an auditor filters the audit log and verifies the chain', async ({ signedInAs }) => {
  const page = await signedInAs('auditor');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit' })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto('/audit?action=auth.sign_in');
  const rows = page.getByRole('row');
  await expect(rows.nth(1)).toContainText('auth.sign_in');

  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByText(/intact/i)).toBeVisible();
});

test('not-found and coming-soon pages are accessible', async ({ signedInAs }) => {
  const page = await signedInAs('officer');
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  for (const path of ['/queue', '/customers', '/registry', '/dashboard']) {
    await page.goto(path);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  }
});
