import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { queueRows } from './helpers.js';

// Issue 10, item 1: an officer lands on open work, most urgent first, and works the queue by keyboard alone.
test('an officer lands on open work by urgency and moves through it by keyboard to a request page at its top', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/queue');
  await expect(page.getByText(/^Open requests, most urgent first\./)).toBeVisible();
  const views = page.getByRole('group', { name: 'Views' });
  await expect(views.getByRole('button', { name: 'Open', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('columnheader', { name: /Due/ })).toHaveAttribute('aria-sort', 'ascending');
  const rows = queueRows(page);
  await expect(rows.nth(5)).toBeVisible();
  // At least ten requests are in view without scrolling, and nothing is cut off at the side.
  const inView = await rows.evaluateAll(
    (trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length,
  );
  expect(inView).toBeGreaterThanOrEqual(10);
  // Every column, the last (priority) included, ends inside the window: nothing scrolls sideways.
  const lastHeader = await page.getByRole('columnheader', { name: /Priority/ }).boundingBox();
  expect((lastHeader?.x ?? 9999) + (lastHeader?.width ?? 0)).toBeLessThanOrEqual(1280);
  // Most urgent first: the effective due dates never go down the page.
  const dues = await rows
    .locator('td:nth-child(9) time')
    .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
  expect(dues.length).toBeGreaterThan(5);
  expect([...dues].sort()).toEqual(dues);
  await expectNoSeriousA11yViolations(page);

  // `/` jumps to the search box; the rows are one tab stop, moved through with j/k.
  await page.locator('body').press('/');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await rows.first().focus();
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('x');
  await expect(rows.nth(1).getByRole('checkbox')).toBeChecked();
  await expect(page.getByRole('region', { name: 'Bulk actions' })).toBeVisible();
  await page.keyboard.press('x');
  await expect(rows.nth(1).getByRole('checkbox')).not.toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toBeFocused();
  const reference = (await rows.nth(2).getByRole('link', { name: /^DSR-/ }).innerText()).trim();
  // Read further down the queue, then open the request: its page opens at its top.
  await page.evaluate(() => window.scrollTo(0, 250));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // The one next step is the header's primary action, in view; the rest are under "More actions".
  const actions = page.getByRole('group', { name: 'Actions', exact: true });
  await expect(actions.getByRole('button').first()).toBeInViewport();
  await expect(actions.getByRole('button', { name: 'More actions' })).toBeVisible();
  // A dialog opened from the menu gives focus back to the menu's button when it closes.
  await actions.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'More actions' })).toBeFocused();
  // Back returns to the queue where it was left.
  await page.goBack();
  await expect(queueRows(page).first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
});

test('on a phone, an officer sees ten requests at once, each with its due date in view', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/queue');
  const rows = queueRows(page);
  await expect(rows.nth(9)).toBeVisible();
  const inView = await rows.evaluateAll(
    (trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length,
  );
  expect(inView).toBeGreaterThanOrEqual(10);
  // The due date of a card sits inside the screen, not past its right edge.
  const due = await rows.first().locator('td[data-col="dueOn"]').boundingBox();
  expect((due?.x ?? 9999) + (due?.width ?? 0)).toBeLessThanOrEqual(390);
  await expect(page.getByRole('button', { name: 'Filters' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
