import type { Page } from '@playwright/test';
import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { choose, freshRequester } from './helpers.js';

/** Logs a request through the intake form and returns its page's reference. */
async function logRequest(
  page: Page,
  r: { type: string; location: string; name: string; email: string },
): Promise<string> {
  await page.goto('/requests/new');
  await page.getByLabel(/^Location/).fill(r.location);
  await choose(page, 'Request type', r.type);
  await page.getByRole('textbox', { name: 'Name' }).fill(r.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(r.email);
  await page
    .getByRole('textbox', { name: 'What the requester asked for' })
    .fill('As written in their email.');
  await page.getByRole('button', { name: 'Log request' }).click();
  const heading = page.getByRole('heading', { level: 1, name: /^DSR-\d{4}-\d{6}$/ });
  await expect(heading).toBeVisible();
  return (await heading.textContent()) ?? '';
}

async function startVerification(page: Page) {
  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start verification' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('a CCPA opt-out of sale proceeds without verification: the law forbids asking', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  const requester = freshRequester('Optout');
  await logRequest(page, { type: 'Opt-out of sale/sharing', location: 'US-CA', ...requester });
  await startVerification(page);
  const verification = page.getByRole('region', { name: 'Identity verification' });
  await expect(verification).toContainText('None needed');
  await expect(verification).toContainText('the CCPA forbids verifying an opt-out of sale or sharing');
  await expect(verification.getByRole('button')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Start work: no verification needed' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Identity verified: start work' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('request-header')).toContainText('In progress');
});

test('a duplicate merges into the open request it repeats, which stays unverified until checked itself', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  const requester = freshRequester('Twice');
  const first = await logRequest(page, { type: 'Access', location: 'DE', ...requester });
  const second = await logRequest(page, { type: 'Access', location: 'DE', ...requester });
  // The second one verified by a document: none of that carries over to the first.
  await startVerification(page);
  const verification = page.getByRole('region', { name: 'Identity verification' });
  await verification.getByRole('button', { name: 'Record a document seen' }).click();
  await choose(page, 'Document', 'Passport');
  await choose(page, 'Outcome', 'Checked out: it matches the requester');
  await page.getByRole('dialog').getByRole('button', { name: 'Record' }).click();
  await expect(verification.getByText('Verified', { exact: true })).toBeVisible();

  const related = page.getByRole('region', { name: 'Other requests from this requester' });
  await expect(related).toContainText(first);
  await related.getByRole('button', { name: 'Merge this request into it' }).click();
  const dialog = page.getByRole('dialog', { name: `Merge ${second} into ${first}` });
  await expect(dialog).toContainText('nothing verified here carries over');
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('request-header')).toContainText('Denied');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(`Merged into ${first}`);

  // The survivor: the duplicate on its timeline, and still to be verified on its own.
  await related.getByRole('link', { name: first }).click();
  await expect(page.getByRole('heading', { level: 1, name: first })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(`Duplicate ${second} merged in`);
  await startVerification(page);
  await expect(page.getByRole('region', { name: 'Identity verification' })).toContainText('Not verified yet');
  await expect(page.getByRole('button', { name: 'Verify identity' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Identity verified: start work' })).toHaveCount(0);
});
