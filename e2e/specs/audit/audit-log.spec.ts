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

test('an auditor finds a request’s events by its reference and exports them', async ({ signedInAs }) => {
  const page = await signedInAs('auditor');
  // A seeded request with a history: the first of the demo year.
  await page.goto('/audit');
  await page.getByLabel('Request or account').fill('DSR-2026-000001');
  await expect(page).toHaveURL(/record=DSR-2026-000001/);
  const rows = page.getByRole('row');
  await expect(rows.nth(1)).toContainText('DSR-2026-000001');
  // Rows read as people say them: "Request logged", not an action code.
  await expect(page.getByRole('cell', { name: 'Request logged' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const csv = page.getByRole('link', { name: 'Export CSV' });
  expect(decodeURIComponent((await csv.getAttribute('href')) ?? '')).toContain('"record":"DSR-2026-000001"');
  const download = page.waitForEvent('download');
  await csv.click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(file, 'utf8');
  const lines = text.trim().split('\n');
  expect(lines[0]).toMatch(/^seq,at,/);
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes('DSR-2026-000001'))).toBe(true);
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
