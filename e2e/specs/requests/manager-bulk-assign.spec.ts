import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { queueRows } from './helpers.js';

test('a manager re-assigns several requests at once and sees the result for each', async ({ signedInAs }) => {
  const page = await signedInAs('manager');
  // Old in-progress requests, oldest reference first: away from what other journeys create.
  await page.goto('/queue?status=in_progress&sort=reference&dir=asc');
  await expect(queueRows(page).first()).toBeVisible();
  const rows = queueRows(page);
  const references: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const link = rows.nth(i).getByRole('link', { name: /^DSR-/ });
    references.push((await link.textContent()) ?? '');
    await rows.nth(i).getByRole('checkbox').check();
  }
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('3 requests selected');
  // Managers assign; they do not change statuses.
  await expect(bar.getByRole('combobox', { name: 'Change status' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await bar.getByRole('combobox', { name: 'Assign to' }).click();
  await page.getByRole('option', { name: 'Piotr Nowak' }).click();
  await bar.getByRole('button', { name: 'Assign', exact: true }).click();

  const results = page.getByRole('dialog', { name: 'Results: Assign to Piotr Nowak' });
  await expect(results).toBeVisible();
  // A request already with Piotr is reported as unchanged, not as done (nothing was written for it).
  const summary = results.getByText(/^\d done(, \d unchanged \(already so\))?, 0 failed\.$/);
  await expect(summary).toBeVisible();
  const [, done, unchanged] =
    /^(\d) done(?:, (\d) unchanged)?/.exec((await summary.textContent()) ?? '') ?? [];
  expect(Number(done) + Number(unchanged ?? 0)).toBe(3);
  const resultRows = results.locator('tbody tr');
  await expect(resultRows).toHaveCount(3);
  for (const [i, reference] of references.entries()) {
    await expect(resultRows.nth(i)).toContainText(reference);
    await expect(resultRows.nth(i)).toContainText(/Done|Unchanged/);
  }
  await expect(results.getByText('Unchanged', { exact: true })).toHaveCount(Number(unchanged ?? 0));
  await expectNoSeriousA11yViolations(page);
  await results.getByRole('button', { name: 'Done' }).click();

  // The queue shows the new assignee, and the selection is gone.
  for (let i = 0; i < 3; i += 1) await expect(rows.nth(i)).toContainText('Piotr Nowak');
  await expect(page.getByRole('region', { name: 'Bulk actions' })).toHaveCount(0);
});
