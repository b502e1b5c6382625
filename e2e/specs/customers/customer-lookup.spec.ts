import type { Page } from '@playwright/test';
import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';

// Issue 12, "Done when". The account is the demo's SYN-100196 (seeded active, in an organisation); its name
// and email are read in clear by an officer first, so the spec does not depend on the seed's draws.
const account = 'SYN-100196';

/** "Gustavo Fontaine" → "Gusatvo Fonatine": two neighbours swapped in each word, as a caller spells it. */
function misspelt(name: string): string {
  return name
    .split(' ')
    .map((w) => (w.length >= 4 ? `${w.slice(0, 3)}${w[4] ?? ''}${w[3] ?? ''}${w.slice(5)}` : w))
    .join(' ');
}

async function openPalette(page: Page) {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('textbox', { name: 'Search pages, customers and requests' });
  await expect(box).toBeVisible();
  return box;
}

test('a support agent finds a customer by a misspelt name and a full email, reveals it, and logs an erasure in one step; an officer’s legal hold shows in the queue', async ({
  signedInAs,
}) => {
  test.setTimeout(180_000);
  // An officer reads the account in clear and sets a legal hold on it.
  const officer = await signedInAs('officer');
  await officer.setViewportSize({ width: 1280, height: 800 });
  await officer.goto(`/customers?q=${account}`);
  await officer.getByRole('link', { name: new RegExp(account) }).click();
  await expect(officer).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(officer.getByRole('region', { name: 'Account' })).toBeVisible();
  const name = (await officer.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
  const email = (await officer.locator('dl dt:text-is("Email") + dd').first().textContent())?.trim() ?? '';
  expect(name).toMatch(/^\p{L}+ \p{L}+$/u);
  expect(email).toContain('@');
  await expectNoSeriousA11yViolations(officer);

  // The officer's palette finds the account by the start of its email.
  const officerBox = await openPalette(officer);
  await officerBox.fill(email.split('@')[0] ?? '');
  await expect(officer.getByRole('button', { name: new RegExp(`${name} · ${account}`) })).toBeVisible();
  await officer.keyboard.press('Escape');

  const hold = officer
    .getByRole('region', { name: 'Flags' })
    .getByText(/Litigation hold from Legal, matter 2026-014/);
  // A retry runs on the same server: the hold may already stand from the first try (the page's regions
  // render together, so the Flags region is complete once Account is there).
  if ((await hold.count()) === 0) {
    await officer.getByRole('button', { name: 'Set a flag' }).click();
    const setDialog = officer.getByRole('dialog', { name: /Set a flag/ });
    await setDialog.getByRole('combobox', { name: /^Flag/ }).click();
    await officer.getByRole('option', { name: 'Legal hold' }).click();
    await setDialog
      .getByRole('textbox', { name: /Reason/ })
      .fill('Litigation hold from Legal, matter 2026-014');
    await setDialog.getByRole('button', { name: 'Set flag' }).click();
    await expect(setDialog).toBeHidden();
  }
  await expect(hold).toBeVisible();

  // A support agent, on the phone with the customer: the palette finds them by a misspelt name, masked.
  const support = await signedInAs('support');
  await support.setViewportSize({ width: 1280, height: 800 });
  await support.goto('/queue');
  await expect(support.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const box = await openPalette(support);
  await box.fill(misspelt(name));
  const hit = support.getByRole('button', { name: new RegExp(`· ${account}`) });
  await expect(hit).toBeVisible();
  await expect(hit).not.toContainText(name);
  await hit.click();
  await expect(support).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  // The palette closes with a short transition; axe below must not meet it half-gone.
  await expect(box).toBeHidden();
  const heading = support.getByRole('heading', { level: 1 });
  await expect(heading).not.toHaveText(name);
  await expect(support.getByText('Name and email masked')).toBeVisible();
  // The officer's hold stands on the account, and the agent is told to mention it.
  await expect(support.getByText('Tell the caller about what stands on this account')).toBeVisible();
  await expectNoSeriousA11yViolations(support);

  // One step: an erasure request for this account, the requester filled in by the server.
  await support.getByRole('button', { name: 'Log a request' }).click();
  const logDialog = support.getByRole('dialog', { name: `Log a request for ${account}` });
  await logDialog.getByRole('combobox', { name: /What did the customer ask for/ }).click();
  await support
    .getByRole('option', { name: 'Erasure', exact: true })
    .or(support.getByRole('option', { name: 'Delete', exact: true }))
    .first()
    .click();
  await logDialog.getByRole('button', { name: 'Log request' }).click();
  const another = logDialog.getByRole('button', { name: 'Log another anyway' });
  const logged = support.getByText(/^Logged DSR-\d{4}-\d{6}$/);
  await expect(logged.or(another).first()).toBeVisible();
  if (await another.isVisible()) await another.click();
  await expect(logged).toBeVisible();
  const reference = ((await logged.textContent()) ?? '').replace('Logged ', '');
  const line = new RegExp(
    `^Tell the customer: “We have your deletion request ${reference} and will answer by \\d{1,2} \\w+( \\d{4})?\\.”$`,
  );
  // Once in the confirmation, once beside the request in the list.
  await expect(support.getByText(line)).toHaveCount(2);
  // The request is on the account's list with the line to read out.
  await expect(
    support.getByRole('region', { name: /Requests/ }).getByText(reference, { exact: true }),
  ).toBeVisible();

  // Reveal, with a reason: the name in clear for this page view.
  await support.getByRole('button', { name: 'Reveal details' }).click();
  const reveal = support.getByRole('dialog', { name: `Reveal ${account}` });
  await reveal.getByRole('textbox').fill('The customer is on the phone and must be identified.');
  await reveal.getByRole('button', { name: 'Reveal' }).click();
  await expect(heading).toHaveText(name);
  await expect(support.getByText(email, { exact: true })).toBeVisible();

  // The palette also finds the account by its full email.
  const again = await openPalette(support);
  await again.fill(email);
  await expect(support.getByRole('button', { name: new RegExp(`· ${account}`) })).toBeVisible();
  await support.keyboard.press('Escape');

  // The queue shows the officer's hold on this customer's request.
  await officer.goto(`/queue?status=all&search=${reference}`);
  const row = officer.getByRole('row').filter({ hasText: reference });
  await expect(row.getByTitle('Legal hold')).toBeVisible();

  // The audit log shows the reveal, with its reason.
  const auditor = await signedInAs('auditor');
  await auditor.goto(`/audit?record=${account}`);
  await expect(auditor.getByRole('cell', { name: 'Customer details revealed' })).toBeVisible();
});

test('on a phone, the Customers page and a customer page read without sideways scrolling', async ({
  signedInAs,
}) => {
  const page = await signedInAs('support');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/customers?q=${account}`);
  const result = page.getByRole('link', { name: new RegExp(account) });
  await expect(result).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search customers' }).press('ArrowDown');
  await expect(result).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Log a request' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
});
