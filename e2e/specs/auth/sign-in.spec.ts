import { signInThroughUi, test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { allSectionLabels, demo, demoPassword, expectedNav, type DemoRole } from '../../fixtures/demo.js';

const roles = Object.keys(demo) as DemoRole[];

test.describe('sign-in with MFA', () => {
  for (const role of roles) {
    test(`${role} signs in with password and code, and sees their navigation`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/sign-in/);
      await signInThroughUi(page, demo[role].email, demoPassword, demo[role].totpSecret);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const label of expectedNav[role])
        await expect(nav.getByRole('link', { name: label })).toBeVisible();
      for (const label of allSectionLabels.filter((l) => !expectedNav[role].includes(l))) {
        await expect(nav.getByRole('link', { name: label })).toHaveCount(0);
      }
      await expect(
        page.getByRole('group', { name: new RegExp(`Signed in as ${demo[role].name}`) }),
      ).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });
  }

  test('a wrong password is refused with one generic message', async ({ page }) => {
    await page.goto('/sign-in');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('Email').fill(demo.manager.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('Email or password is incorrect.');
    await expect(page.getByLabel('Authentication code')).toHaveCount(0);
  });

  test('a wrong code is refused and the sign-in does not complete', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(demo.manager.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByText('That code is not valid.').first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('field errors appear beside the fields', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter a valid email address.')).toBeVisible();
    await expect(page.getByText('Enter your password.')).toBeVisible();
  });
});

test.describe('sessions', () => {
  test('signing out ends the session; a protected page then asks to sign in and returns there', async ({
    page,
  }) => {
    // A session of its own: signing out the worker's shared auditor session would sign out the other
    // auditor journeys that reuse it.
    await page.goto('/audit');
    await signInThroughUi(page, demo.auditor.email, demoPassword, demo.auditor.totpSecret);
    await expect(page.getByRole('heading', { name: 'Audit' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await page.goto('/staff?status=active');
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signInThroughUi(page, demo.auditor.email, demoPassword, demo.auditor.totpSecret);
    await expect(page).toHaveURL(/\/staff\?status=active/);
  });

  test('a role without access to a page is told so', async ({ signedInAs }) => {
    const page = await signedInAs('support');
    await page.goto('/audit');
    await expect(page.getByText(/don.t have access/i)).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
});
