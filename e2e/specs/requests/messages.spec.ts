import type { Page } from '@playwright/test';
import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';

/**
 * Issue 13, "Done when", in Chromium against the real server and the demo's own SMTP server: a verification
 * link sent by an officer, read in the mail the requester received (the demo's capture inbox), confirmed on
 * the requester's own page; the acknowledgement the CCPA requires going out by itself; every message under
 * Sent mail.
 */

interface Logged {
  id: string;
  reference: string;
  version: number;
}

/** A call to the app's own API from the signed-in page (as the page itself would make it). */
async function api<T>(page: Page, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ path: p, body: b }) => {
      const response = await fetch(
        b === undefined ? `/trpc/${p}` : `/trpc/${p}`,
        b === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) },
      );
      return (await response.json()) as { result?: { data: unknown }; error?: unknown };
    },
    { path, body },
  );
  if (!answer.result) throw new Error(`${path} failed: ${JSON.stringify(answer.error)}`);
  return answer.result.data as T;
}

/** An active demo account, and a request logged from it (so the requester's email is the account's own). */
async function logFromAccount(page: Page, type: string, regime: string): Promise<Logged> {
  for (let n = 100_420 + Math.floor(Math.random() * 400); ; n += 1) {
    const input = encodeURIComponent(JSON.stringify({ q: `SYN-${n}`, from: 'customer_directory' }));
    const found = await api<{ items: { id: string; status: string }[] }>(
      page,
      `customers.search?input=${input}`,
    );
    const account = found.items.find((a) => a.status === 'active');
    if (!account) continue;
    const logged = await api<{ logged: boolean; id: string; reference: string; version: number }>(
      page,
      'customers.logRequest',
      { customerId: account.id, type, regime, channel: 'email', confirmDuplicate: true },
    );
    if (logged.logged) return logged;
  }
}

test('a verification link reaches the requester, whose own page confirms it: the request is verified by it', async ({
  signedInAs,
  browser,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const request = await logFromAccount(page, 'access', 'gdpr');
  await page.goto(`/requests/${request.id}`);
  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start verification' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Unverified, work cannot start: the next step is to verify.
  const verification = page.getByRole('region', { name: 'Identity verification' });
  await expect(verification).toContainText('Not verified yet');
  await verification.getByRole('button', { name: 'Send verification link' }).click();
  await expect(page.getByText(`Verification link queued for ${request.reference}`)).toBeVisible();
  const sentMail = page.getByRole('region', { name: 'Sent mail' });
  await expect(sentMail.getByRole('article', { name: 'Verification link, Sent' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The requester's side: the mail the demo's SMTP server received, and its link.
  await page.goto('/mailbox?view=inbox');
  const mail = page.getByRole('article', {
    name: `Please confirm your privacy request ${request.reference}`,
  });
  await expect(mail).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const href = await mail.getByRole('link', { name: /\/verify\// }).getAttribute('href');
  expect(href).toMatch(/\/verify\/[0-9a-f-]{36}\.[0-9a-f]{40}$/);

  // Opened in the requester's own browser: no staff session.
  const requesterContext = await browser.newContext();
  const requester = await requesterContext.newPage();
  await requester.goto(new URL(href ?? '').pathname);
  await expect(
    requester.getByRole('heading', { level: 1, name: 'Confirm your privacy request' }),
  ).toBeVisible();
  await expect(requester.getByText(request.reference)).toBeVisible();
  await expectNoSeriousA11yViolations(requester);
  await requester.getByRole('button', { name: 'Yes, this request is mine' }).click();
  await expect(requester.getByRole('heading', { level: 1, name: 'Thank you — confirmed' })).toBeVisible();
  // Used once: opened again, it says only that it cannot be used.
  await requester.reload();
  await expect(requester.getByRole('heading', { level: 1, name: 'This link cannot be used' })).toBeVisible();
  await requesterContext.close();

  // Back on the request: verified, by the link, on the timeline.
  await page.goto(`/requests/${request.id}`);
  await expect(verification.getByText('Verified', { exact: true })).toBeVisible();
  await expect(verification).toContainText('Email verification link');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(
    'Identity check: Email verification link (passed)',
  );
});

test('the acknowledgement a CCPA request needs goes out by itself, and the ledger records the day', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const request = await logFromAccount(page, 'delete', 'ccpa');
  await page.goto(`/requests/${request.id}`);
  const sentMail = page.getByRole('region', { name: 'Sent mail' });
  await expect(sentMail.getByRole('article', { name: 'Acknowledgement of receipt, Sent' })).toBeVisible();
  await expect(sentMail).toContainText(`We received your privacy request ${request.reference}`);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('Acknowledgement of receipt: sent to the requester');
  await expect(timeline).toContainText('Receipt acknowledged');
  // The mailbox lists it too.
  await page.goto('/mailbox?kind=acknowledgement');
  await expect(page.getByRole('link', { name: request.reference })).toBeVisible();
});

test('an admin sees delivery only in the mailbox: no address, subject or text', async ({ signedInAs }) => {
  const page = await signedInAs('admin');
  await page.goto('/mailbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Messages to requesters' });
  await expect(table.getByRole('columnheader', { name: 'Server’s answer' })).toBeVisible();
  await expect(table).not.toContainText('@');
  await expect(page.getByRole('radio', { name: 'Demo inbox' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});
