import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { queueRows } from './helpers.js';

test('an auditor opens a request and is offered no actions', async ({ signedInAs }) => {
  const page = await signedInAs('auditor');
  await page.goto('/queue?status=in_progress');
  // The first queue load after start-up can be slow on a loaded CI machine.
  await expect(queueRows(page).first()).toBeVisible({ timeout: 20_000 });
  // Auditors read: no selection, no new request; they may export what they can read.
  await expect(page.getByRole('checkbox', { name: /^Select / })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New request' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Export CSV' })).toBeVisible();

  await queueRows(page).first().getByRole('link', { name: /^DSR-/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^DSR-/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Actions' })).toHaveCount(0);
  for (const name of ['Assign', 'Re-assign', 'Deny', 'Complete', 'Record withdrawal', 'Add note']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await expectNoSeriousA11yViolations(page);
});

test('the queue exports the current filter as CSV, masked as the role requires', async ({ signedInAs }) => {
  const page = await signedInAs('auditor');
  // One filter only: other journeys running in parallel move requests between statuses.
  await page.goto('/queue?type=access');
  await expect(queueRows(page).first()).toBeVisible({ timeout: 20_000 });
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  expect(href).toMatch(/^\/export\/requests\.csv\?input=/);
  // The link is plain: the session cookie authenticates it, as it does the browser's download.
  const response = await page.request.get(href ?? '');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
  const lines = (await response.text()).trim().split('\r\n');
  expect(lines[0]).toContain('reference,type,regime');
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) {
    expect(line).toContain(',access,');
    // Auditors see requesters masked, in the export as on screen.
    expect(line).toMatch(/\*\*\*@/);
  }
});
