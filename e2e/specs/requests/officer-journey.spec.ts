import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { choose, freshRequester, queueRows } from './helpers.js';

test('an officer logs a request, finds it, takes it on and completes it, every step on the timeline', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  const requester = freshRequester('Officer');

  // Intake: an emailed access request from Germany; the regime follows the location.
  await page.goto('/requests/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await choose(page, 'Request type', 'Access');
  await page.getByRole('textbox', { name: 'Name' }).fill(requester.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(requester.email);
  await page.getByLabel(/^Location/).fill('DE');
  await expect(page.getByRole('combobox', { name: 'Regime' })).toHaveValue('EU GDPR');
  await page.getByRole('textbox', { name: 'What the requester asked for' }).fill('A copy of my data.');
  await page.getByRole('button', { name: 'Log request' }).click();

  // The new request's page.
  const heading = page.getByRole('heading', { level: 1, name: /^DSR-\d{4}-\d{6}$/ });
  await expect(heading).toBeVisible();
  const reference = (await heading.textContent()) ?? '';
  const requestUrl = page.url();
  await expect(page.getByTestId('request-header')).toContainText('Access · EU GDPR · Email · Unassigned');
  await expectNoSeriousA11yViolations(page);

  // The queue finds it by filter: newest first among received access requests (from every status, as
  // the queue otherwise opens on open work, most urgent first).
  await page.goto('/queue?status=all&sort=receivedAt&dir=desc');
  await expect(queueRows(page).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await choose(page, 'Type', 'Access');
  await choose(page, 'Status', 'Received');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/type=access/);
  await expect(page).toHaveURL(/status=received/);
  // Other journeys log requests too: look for this one among the newest, not at a fixed place.
  const found = queueRows(page).filter({ hasText: reference });
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(requester.email);
  await expect(found).toContainText('Received');

  // ... and by search, from a fresh queue.
  await page.goto('/queue');
  await page.getByRole('searchbox', { name: 'Search' }).fill(requester.email);
  await expect(page).toHaveURL(/search=/);
  await expect(queueRows(page)).toHaveCount(1);
  await expect(queueRows(page).first()).toContainText(reference);
  await queueRows(page).first().getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(requestUrl);

  // The page opens on the one next step as its primary action; assigning is under "More actions".
  const actions = page.getByRole('group', { name: 'Actions', exact: true });
  await expect(actions.getByRole('button')).toHaveText(['Start verification', 'More actions']);
  await actions.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Assign' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('request-header')).toContainText('Assigned to Olivia Okafor');

  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start verification' }).click();

  // Work cannot start until identity is verified: the next step says so, and leads to the checks.
  await page.getByRole('button', { name: 'Verify identity' }).click();
  const verification = page.getByRole('region', { name: 'Identity verification' });
  await expect(verification).toBeFocused();
  await expect(verification).toContainText('Standard needed');
  await expect(verification).toContainText('Not verified yet');
  // No account is linked: a document seen is the way here (the requester sent a passport).
  await verification.getByRole('button', { name: 'Record a document seen' }).click();
  const documentDialog = page.getByRole('dialog', { name: /^Record a document seen/ });
  await choose(page, 'Document', 'Passport');
  await choose(page, 'Outcome', 'Checked out: it matches the requester');
  await expectNoSeriousA11yViolations(page);
  await documentDialog.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(verification.getByText('Verified', { exact: true })).toBeVisible();
  await expect(verification).toContainText('Passport checked out');
  await expect(page.getByRole('button', { name: 'Identity verified: start work' })).toBeVisible();

  await page.getByRole('button', { name: 'Identity verified: start work' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Identity verified: start work' }).click();
  await expect(page.getByRole('button', { name: 'Complete' })).toBeVisible();

  await page.getByRole('button', { name: 'Complete' }).click();
  const complete = page.getByRole('dialog');
  // Completing needs an outcome: the form says so before anything is sent.
  await complete.getByRole('button', { name: 'Complete' }).click();
  await expect(complete.getByText('Choose the outcome.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await complete.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Fulfilled', exact: true }).click();
  await complete.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Completed: no moves left, and the whole story on the timeline, newest first.
  const header = page.locator('header').filter({ has: heading });
  await expect(header.getByText('Completed', { exact: true })).toBeVisible();
  // Received and completed today: on time, against the clock that was to be met.
  await expect(page.getByTestId('closure')).toContainText(/^Completed on \d{1,2} \w{3} \d{4} —on time/);
  await expect(page.getByRole('group', { name: 'Actions', exact: true })).toHaveCount(0);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(
    timeline.getByText(/^(Logged|Assigned to|Received →|Verifying identity →|In progress →)/),
  ).toHaveText([
    'In progress → Completed',
    'Verifying identity → In progress',
    'Received → Verifying identity',
    'Assigned to Olivia Okafor',
    'Logged (Email)',
  ]);
  await expect(timeline.getByText('Fulfilled')).toBeVisible();
  await expect(timeline.getByText('Identity check: Document review (passed)')).toBeVisible();
  // The completion is written to the requester: queued with the move, then sent by the app.
  await expect(timeline.getByText('Completion: sent to the requester')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Sent mail' }).getByRole('article', { name: 'Completion, Sent' }),
  ).toBeVisible();
  await expect(timeline.getByText(/^Olivia Okafor ·/)).toHaveCount(7);
  await expectNoSeriousA11yViolations(page);
});

test('an officer is warned when the account linked does not look like the requester, and the request is flagged', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  const requester = freshRequester('Mismatch');
  await page.goto('/requests/new');
  await choose(page, 'Request type', 'Access');
  await page.getByRole('textbox', { name: 'Name' }).fill(requester.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(requester.email);
  await page.getByLabel(/^Location/).fill('DE');
  // An account of someone else, found by search (the demo directory's first match for "Kowalczyk").
  await page.getByRole('combobox', { name: 'Customer account' }).fill('Kowalczyk');
  await page.getByRole('option').first().click();
  await expect(page.getByText('Is this the requester’s account?')).toBeVisible();
  await expect(
    page.getByText(/The linked account’s name and email both differ from the requester’s\./),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Log request' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /^DSR-\d{4}-\d{6}$/ })).toBeVisible();
  await expect(page.getByTestId('request-header')).toContainText('Account mismatch');
  await expect(page.getByRole('region', { name: 'Linked account' })).toContainText(
    'The linked account’s name and email both differ from the requester’s.',
  );
  await expectNoSeriousA11yViolations(page);
});
