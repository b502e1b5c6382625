import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { choose, freshRequester, queueRows } from './helpers.js';

test('a support agent logs a request on a customer’s behalf, linking the account found by search', async ({
  signedInAs,
}) => {
  const page = await signedInAs('support');
  const requester = freshRequester('Support');

  await page.goto('/queue');
  await page.getByRole('link', { name: 'New request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
  // A call to support: the channel starts there.
  await expect(page.getByRole('combobox', { name: 'Channel' })).toHaveValue('Support');

  // Search as you type; names come back masked for this role.
  await page.getByRole('combobox', { name: 'Customer account' }).fill('SYN-10');
  const first = page.getByRole('option').first();
  // Masked, each entry still shows what tells accounts apart: number, organisation, country, plan.
  await expect(first).toContainText(/\*\*\*\s*SYN-10\d+ · .+ plan$/);
  await first.click();
  await expect(page.getByText(/^Linked: /)).toBeVisible();
  // The account's country suggested a regime; the agent may still choose another (whichever account the
  // search lists first, by account number, the request is handled under the GDPR here).
  await expect(page.getByRole('combobox', { name: 'Regime' })).not.toHaveValue('');
  await choose(page, 'Regime', 'EU GDPR');

  await choose(page, 'Request type', 'Access');
  await page.getByRole('textbox', { name: 'Name' }).fill(requester.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(requester.email);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Log request' }).click();

  // Support agents cannot open request pages: they get the reference to give the customer.
  const logged = page.getByRole('heading', { name: /^Logged as DSR-\d{4}-\d{6}$/ });
  await expect(logged).toBeVisible();
  const reference = ((await logged.textContent()) ?? '').replace('Logged as ', '');
  await expectNoSeriousA11yViolations(page);

  // "Log another" starts a fresh form.
  await page.getByRole('button', { name: 'Log another' }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('');

  // It is on the queue, as a summary row with the requester masked and no link.
  await page.goto(`/queue?search=${reference}`);
  await expect(queueRows(page)).toHaveCount(1);
  const row = queueRows(page).first();
  await expect(row).toContainText(reference);
  await expect(row).toContainText('Received');
  await expect(row).not.toContainText(requester.email);
  await expect(row.getByRole('link')).toHaveCount(0);
});
