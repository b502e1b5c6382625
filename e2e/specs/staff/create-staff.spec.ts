import { passStepUpIfAsked, test, expect } from '../../fixtures/auth.js';
import { demo } from '../../fixtures/demo.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { freshCode } from '../../fixtures/totp.js';

test('an admin creates a privacy officer, a second admin confirms the role, and they set a password, sign in and enrol MFA', async ({
  signedInAs,
  browser,
}) => {
  const admin = await signedInAs('admin');
  await admin.goto('/staff');
  await expect(admin.getByRole('heading', { name: 'Staff' })).toBeVisible();
  await expectNoSeriousA11yViolations(admin);

  // Two sign-ins with fresh TOTP codes can each wait for the next 30-second step.
  test.slow();
  // Unique per attempt: a retry runs against the same server and data.
  const suffix = Date.now().toString(36);
  const email = `new.officer.${suffix}@privacydesk.example`;
  const name = `Noor Haddad ${suffix}`;
  await admin.getByRole('button', { name: 'New staff member' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Privacy officer').check();
  await dialog.getByRole('button', { name: 'Create' }).click();
  const linkField = dialog.getByLabel('Set-password link');
  await passStepUpIfAsked(admin, demo.admin.totpSecret, linkField);
  await expectNoSeriousA11yViolations(admin);
  const link = await linkField.inputValue();
  expect(link).toMatch(/\/set-password#/);
  // A role that reads personal data waits for a second admin.
  await expect(admin.getByText('Waiting for a second admin', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const row = admin.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Privacy officer, waiting for a second admin');

  // The admin who asked cannot confirm it; the second admin does.
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await admin.getByRole('menuitem', { name: 'Review Privacy officer grant' }).click();
  const review = admin.getByRole('dialog', { name: `Privacy officer for ${name}?` });
  await expect(review).toContainText('You asked for it, so you cannot also confirm it.');
  // The row's menu closes with a transition; an empty menu on its way out is not what axe should judge.
  await expect(admin.getByRole('menu')).toHaveCount(0);
  await expectNoSeriousA11yViolations(admin);
  await review.getByRole('button', { name: 'Not now' }).click();

  const second = await signedInAs('admin2');
  await second.goto(`/staff?search=${encodeURIComponent(name)}`);
  const secondRow = second.getByRole('row').filter({ hasText: name });
  await secondRow.getByRole('button', { name: `Actions for ${name}` }).click();
  await second.getByRole('menuitem', { name: 'Review Privacy officer grant' }).click();
  const confirm = second.getByRole('dialog', { name: `Privacy officer for ${name}?` });
  await expect(confirm).toContainText('Ade Mensah asked on');
  await confirm.getByRole('button', { name: 'Confirm Privacy officer' }).click();
  await passStepUpIfAsked(
    second,
    demo.admin2.totpSecret,
    second.getByText('Privacy officer granted', { exact: true }),
  );
  await expect(secondRow).not.toContainText('waiting');
  await expect(secondRow).toContainText('Privacy officer');

  // The new person, in a browser of their own.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('New password', { exact: true }).fill('a long and private passphrase');
  await page.getByLabel('Confirm password').fill('a long and private passphrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  // The form's own "Already have a password? Sign in" link is there until the password is saved.
  await expect(page.getByRole('heading', { name: 'Password set' })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in' }).click();

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long and private passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const key = page.getByLabel('Manual entry key');
  await expect(key).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const secret = (await key.innerText()).replace(/\s+/g, '');
  await page.getByLabel('Authentication code').fill(await freshCode(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText(/recovery code/i).first()).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Queue' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Staff' })).toHaveCount(0);
  await context.close();

  // The admin sees the whole story in the audit log.
  await admin.goto('/audit?action=staff.created');
  await expect(admin.getByRole('row').nth(1)).toBeVisible();
});

test('a duplicate email is refused beside the field', async ({ signedInAs }) => {
  const admin = await signedInAs('admin');
  await admin.goto('/staff');
  await admin.getByRole('button', { name: 'New staff member' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Email').fill('auditor@privacydesk.example');
  await dialog.getByLabel('Name').fill('Someone Else');
  await dialog.getByLabel('Auditor').check();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByText('A staff member with this email already exists.').first()).toBeVisible();
});
