import { expect, type Page } from '@playwright/test';

/** Picks an option of a Mantine Select (or MultiSelect) by the field's label and the option's text. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The data rows of the queue table (its header row left out). */
export function queueRows(page: Page) {
  return page.getByRole('table', { name: 'Requests' }).locator('tbody tr');
}

/** A unique, clearly fictional requester for one test run. */
export function freshRequester(label: string) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return { name: `${label} Tester`, email: `${label.toLowerCase()}.${stamp}@example.com` };
}

/** Waits until the queue shows exactly these references, in this order. */
export async function expectReferences(page: Page, references: string[]): Promise<void> {
  await expect(queueRows(page).getByRole('link', { name: /^DSR-/ })).toHaveText(references);
}
