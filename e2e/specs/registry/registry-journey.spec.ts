import { expect, test, type Page } from '@playwright/test';
import { registryCsvColumns } from '@privdesk/shared/constants';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import {
  advanceClockServer,
  clockServerNow,
  clockServerUrl,
  signInOnClockServer,
} from '../../fixtures/clock-server.js';

/**
 * Issue 14, "Done when", in Chromium on the second server, whose clock the test moves: an officer proposes a
 * new analytics subprocessor to replace the old one, sends the notice (the subscribers' emails land in the
 * demo's capture inbox), sees the objection window, records an objection from one customer organisation,
 * activates the new one only after the window, and retires the old one; the public page and the exports
 * show the change; a CSV import with one bad row writes nothing and names the row and column.
 */

test.describe.configure({ mode: 'serial' });

const name = 'Insightra';
const replaced = 'Metricly';

/** Picks an option of a Mantine Select or MultiSelect, the field scrolled to the middle (clear of the header). */
async function pick(page: Page, label: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  await box.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  // A MultiSelect's pill box lies over its input: the click lands on the box, which opens the list.
  await box.click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function statusOf(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('an officer replaces the analytics subprocessor, through its notice and objection window', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInOnClockServer(page, 'officer');

  // Propose the replacement.
  await page.goto(`${clockServerUrl}/registry`);
  await expect(page.getByRole('link', { name: replaced })).toBeVisible();
  await page.getByRole('link', { name: 'Propose a subprocessor' }).click();
  await page.getByRole('textbox', { name: /^Name/ }).fill(name);
  await page.getByLabel('Legal name').fill('Insightra Analytics SAS (e2e record)');
  await page.getByLabel('Registered address').fill('8 Rue de l’Exemple, 75002 Paris, France (fictional)');
  await page.getByLabel('Contact email').fill('dpo@insightra.example');
  await pick(page, 'Category', 'Analytics');
  await page.getByLabel('Purpose').fill('Product analytics: which features customers use, to improve them.');
  await page.getByLabel('Services').fill('Event collection and dashboards, hosted in the EU.');
  await pick(page, 'Data categories', 'Usage data');
  await page.keyboard.press('Escape');
  await pick(page, 'Data subjects', 'Customers’ users');
  await page.keyboard.press('Escape');
  const country = page.getByRole('listitem', { name: 'Country 1' });
  await country
    .getByRole('combobox', { name: 'Country' })
    .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await country.getByRole('combobox', { name: 'Country' }).fill('France');
  await page.getByRole('option', { name: 'France (FR)' }).click();
  await pick(page, 'Transfer mechanism', 'None needed (within the EEA)');
  await page.getByLabel('DPA signed on').fill('2026-11-02');
  await pick(page, 'Data systems', 'Product analytics');
  await page.keyboard.press('Escape');
  await pick(page, 'Replaces', replaced);
  await page.getByRole('button', { name: 'Propose subprocessor' }).click();
  await statusOf(page);
  await expect(page.getByText('Proposed', { exact: true }).first()).toBeVisible();
  const detailUrl = page.url();

  // Send the notice by email to every confirmed subscriber.
  await page.getByRole('button', { name: 'Send change notice' }).click();
  const notice = page.getByRole('dialog', { name: `Send the change notice for ${name}` });
  await expect(notice.getByLabel('Subject')).toHaveValue(
    `Subprocessor change: ${name} to replace ${replaced}`,
  );
  await notice.getByRole('button', { name: 'Send the notice' }).click();
  await expect(notice).toBeHidden();
  // The window opens once the mail has left (the page polls until it does).
  await expect(page.getByRole('button', { name: 'Record an objection' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Activate is not available yet/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The subscribers' copies, in the demo's capture inbox.
  await page.goto(`${clockServerUrl}/mailbox?view=inbox`);
  await expect(page.getByText(`Subprocessor change: ${name} to replace ${replaced}`).first()).toBeVisible();

  // An objection from one customer organisation, then its outcome.
  await page.goto(detailUrl);
  await page.getByRole('button', { name: 'Record an objection' }).click();
  const objection = page.getByRole('dialog', { name: `Record an objection to ${name}` });
  await objection.getByRole('combobox', { name: 'Customer organisation' }).click();
  await page.getByRole('option').first().click();
  const today = (await clockServerNow()).toISOString().slice(0, 10);
  await objection.getByLabel('Received on').fill(today);
  await objection.getByLabel('What they object to').fill('Wants to know where event data is stored.');
  await objection.getByRole('button', { name: 'Record objection' }).click();
  await expect(objection).toBeHidden();
  await expect(page.getByText('Wants to know where event data is stored.')).toBeVisible();
  await page
    .getByRole('button', { name: /^Decide the objection from/ })
    .first()
    .click();
  const decide = page.getByRole('dialog', { name: /^Decide the objection from/ });
  await decide.getByRole('radio', { name: 'Resolved: concerns answered' }).check();
  await decide.getByLabel('Note').fill('Sent the hosting locations; the customer is satisfied.');
  await decide.getByRole('button', { name: 'Record outcome' }).click();
  await expect(decide).toBeHidden();
  // Still inside the window: activation waits.
  await expect(page.getByText(/Activate is not available yet/)).toBeVisible();

  // Thirty-one days later (the session has long expired: sign in again), the window has ended.
  await advanceClockServer({ days: 31 });
  await signInOnClockServer(page, 'officer');
  await page.goto(detailUrl);
  await statusOf(page);
  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  const activate = page.getByRole('dialog', { name: `Activate ${name}?` });
  await activate.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(activate).toBeHidden();
  await expect(page.getByText(/^Active since/)).toBeVisible();

  // Retire the one it replaced.
  await page.getByRole('link', { name: replaced }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: replaced })).toBeVisible();
  await page.getByRole('button', { name: 'Retire' }).first().click();
  const retire = page.getByRole('dialog', { name: `Retire ${replaced}?` });
  await retire.getByRole('textbox').first().fill(`Replaced by ${name}; its data deleted under its DPA.`);
  await retire.getByRole('button', { name: 'Retire' }).click();
  await expect(retire).toBeHidden();
  await expect(page.getByText(/^Retired on/)).toBeVisible();

  // The public page and the exports show the change.
  await page.goto(`${clockServerUrl}/subprocessors`);
  const active = page.getByRole('table').first();
  await expect(active.getByText(name, { exact: true })).toBeVisible();
  await expect(active.getByText(replaced, { exact: true })).toHaveCount(0);
  const markdown = await (await page.request.get(`${clockServerUrl}/subprocessors.md`)).text();
  expect(markdown).toContain(name);
  const csv = await (await page.request.get(`${clockServerUrl}/export/registry.csv`)).text();
  const line = (who: string) => csv.split('\n').find((l) => l.includes(`,${who},`)) ?? '';
  expect(line(name)).toContain(',active,');
  expect(line(replaced)).toContain(',retired,');
  const json = (await (await page.request.get(`${clockServerUrl}/export/registry.json`)).json()) as unknown;
  expect(JSON.stringify(json)).toContain(name);
});

test('a CSV import with one bad row writes nothing and names the row and column', async ({ page }) => {
  await signInOnClockServer(page, 'officer');
  await page.goto(`${clockServerUrl}/registry/import`);
  const row = (rowName: string, locations: string) =>
    [
      '',
      rowName,
      `${rowName} Ltd (e2e record)`,
      '"1 Example Street, Dublin, Ireland (fictional)"',
      'privacy@import.example',
      '',
      'other',
      'A test import.',
      'Nothing real.',
      'contact_details',
      'customer_users',
      locations,
      '',
      '',
      '',
      '',
      '',
      '',
      ...Array.from({ length: registryCsvColumns.length - 18 }, () => ''),
    ].join(',');
  const text = [
    registryCsvColumns.join(','),
    row('Goodrow Import', 'IE:none_needed'),
    row('Badrow Import', 'XX:scc'),
  ].join('\n');
  await page.getByLabel('Its text').fill(text);
  await page.getByRole('button', { name: 'Check file' }).click();
  const problems = page.getByRole('list', { name: 'Problems to fix' });
  await expect(problems).toContainText('Row 3');
  await expect(problems).toContainText('locations');
  await expect(page.getByRole('button', { name: /^Import/ })).toBeDisabled();
  // Nothing was written: neither row is in the registry.
  await page.goto(`${clockServerUrl}/registry?search=Import`);
  await expect(page.getByText('Goodrow Import')).toHaveCount(0);
  await expect(page.getByText('Badrow Import')).toHaveCount(0);
});
