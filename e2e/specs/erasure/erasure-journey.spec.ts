import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import {
  advanceClockServer,
  clockServerUrl,
  codeAtServerTime,
  signInOnClockServer,
} from '../../fixtures/clock-server.js';
import { demo } from '../../fixtures/demo.js';

/**
 * Issue 15, "Done when", in Chromium on the second server, whose clock the test moves: officer A prepares an
 * erasure plan (the platform's invoices retained under tax law by the inventory's rule), officer B approves it
 * with a code from the authenticator app; when the grace period has passed the platform's rows are erased,
 * each subprocessor's stand-in receives one signed call, the manual tasks are closed with evidence, and the
 * request completes.
 */

test.describe.configure({ mode: 'serial' });

interface PlanLine {
  id: string;
  system: { key: string; name: string; connectorKind: string };
  recipient: { name: string } | null;
  scope: string | null;
  action: string;
  status: string;
  rows: number | null;
  waitingFor: string | null;
}

/** A line waiting for a person: a manual system's task, or a recipient to tell by hand. */
function isTask(line: PlanLine): boolean {
  return line.status === 'running' && line.waitingFor === 'owner';
}

/** A call to the app's own API from the signed-in page (as the page itself would make it). */
async function api<T>(page: Page, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ path: p, body: b }) => {
      const response = await fetch(
        `/trpc/${p}`,
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

/** An active account of the demo directory, and an erasure of it verified and in progress. */
async function erasureInProgress(page: Page): Promise<{ id: string; reference: string; account: string }> {
  for (let n = 100_200 + Math.floor(Math.random() * 600); ; n += 1) {
    const input = encodeURIComponent(JSON.stringify({ q: `SYN-${n}`, from: 'customer_directory' }));
    const found = await api<{
      items: { id: string; status: string; accountNumber: string; email: string }[];
    }>(page, `customers.search?input=${input}`);
    const account = found.items.find((a) => a.status === 'active' && a.accountNumber === `SYN-${n}`);
    if (!account) continue;
    const made = await api<{ id: string; reference: string; version: number }>(page, 'requests.create', {
      type: 'erasure',
      regime: 'gdpr',
      channel: 'email',
      receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
      requester: { name: 'Erasure Journey', email: account.email },
      customerId: account.id,
      description: 'Please delete my account and everything you hold about me.',
    });
    let { version } = await api<{ version: number }>(page, 'requests.transition', {
      id: made.id,
      version: made.version,
      to: 'verifying',
    });
    ({ version } = await api<{ version: number }>(page, 'verification.recordDocument', {
      id: made.id,
      version,
      documentType: 'passport',
      outcome: 'passed',
    }));
    await api(page, 'requests.transition', { id: made.id, version, to: 'in_progress' });
    return { id: made.id, reference: made.reference, account: account.accountNumber };
  }
}

async function planOf(page: Page, requestId: string): Promise<{ status: string; lines: PlanLine[] }> {
  const input = encodeURIComponent(JSON.stringify({ requestId }));
  const out = await api<{ plan: { status: string; lines: PlanLine[] } | null }>(
    page,
    `erasure.plan?input=${input}`,
  );
  if (!out.plan) throw new Error('no plan');
  return out.plan;
}

let request: { id: string; reference: string; account: string };

test('officer A prepares the plan: invoices kept under tax law, everything else erased', async ({ page }) => {
  test.setTimeout(120_000);
  await signInOnClockServer(page, 'officer');
  request = await erasureInProgress(page);
  await page.goto(`${clockServerUrl}/requests/${request.id}`);
  await expect(page.getByRole('heading', { level: 1, name: request.reference })).toBeVisible();
  const plan = page.getByRole('region', { name: 'Erasure plan' });
  await plan.getByRole('button', { name: 'Prepare erasure plan' }).click();
  // The inventory's rule keeps the platform's invoices, locked to its legal ground.
  await expect(plan.getByText('Invoices and their lines')).toBeVisible();
  await expect(plan.getByText('Legal obligation — GDPR Art. 17(3)(b)').first()).toBeVisible();
  await expect(plan.getByLabel('Kept by a retention rule').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await plan.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(plan.getByText('You prepared or changed this plan', { exact: false })).toBeVisible();
  const lines = (await planOf(page, request.id)).lines;
  expect(lines.filter((l) => l.action === 'retain').map((l) => l.scope)).toEqual([
    'Invoices and their lines',
  ]);
});

test('officer B approves with a code from the authenticator app', async ({ page }) => {
  test.setTimeout(120_000);
  await signInOnClockServer(page, 'officer2');
  await page.goto(`${clockServerUrl}/requests/${request.id}`);
  const plan = page.getByRole('region', { name: 'Erasure plan' });
  await plan.getByRole('button', { name: 'Approve…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve the erasure plan' });
  await dialog
    .getByLabel('Note on your decision')
    .fill('Checked each line against the inventory; invoices stay for tax law.');
  await dialog.getByRole('button', { name: 'Approve plan' }).click();
  // Signed in more than five minutes ago by the server's clock, or not: the code is asked when needed.
  const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
  if (await stepUp.isVisible({ timeout: 5_000 }).catch(() => false)) {
    await stepUp.getByLabel('Authentication code').fill(await codeAtServerTime(demo.officer2.totpSecret));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
  }
  await expect(plan.getByText('unless cancelled', { exact: false })).toBeVisible({ timeout: 15_000 });
  expect((await planOf(page, request.id)).status).toBe('approved');
});

test('after the grace period the systems are erased, the tasks closed with evidence, and the request completes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Past the grace period (4 hours by default): the plan's start and its lines run on the server's worker.
  await advanceClockServer({ hours: 5 });
  await signInOnClockServer(page, 'officer2');
  await page.goto(`${clockServerUrl}/requests/${request.id}`);
  // The jobs run on the server's own worker: the page follows them without a reload.
  // Every line is done, or waits for a person: connectors report, the rest become tasks.
  await expect
    .poll(async () => (await planOf(page, request.id)).lines.every((l) => l.status === 'done' || isTask(l)), {
      timeout: 60_000,
    })
    .toBe(true);
  const lines = (await planOf(page, request.id)).lines;
  const platform = lines.find((l) => l.system.key === 'platform_db' && l.scope === null);
  expect(platform?.rows).toBeGreaterThan(0);

  // Each webhook line reached the stand-in exactly once, signed (the stand-in refuses anything else).
  const ledger = (await (await page.request.get(`${clockServerUrl}/stand-in/ledger`)).json()) as {
    effects: { key: string; deliveries: number }[];
  };
  for (const line of lines.filter((l) => l.system.connectorKind === 'webhook' && l.action === 'delete')) {
    expect(ledger.effects.filter((e) => e.key === line.id).map((e) => e.deliveries)).toEqual([1]);
  }

  // The recipients of the webhook systems were told by the signed calls themselves (GDPR Art. 19).
  const recipients = lines.filter((l) => l.action === 'notify');
  expect(recipients.length).toBeGreaterThan(0);
  for (const line of recipients.filter((l) => l.system.connectorKind === 'webhook'))
    expect(line.status).toBe('done');

  // The manual lines, and the recipients to tell by hand, are tasks: an officer working the request closes
  // each with its evidence.
  const plan = page.getByRole('region', { name: 'Erasure plan' });
  for (const line of lines.filter(isTask)) {
    const name = line.recipient ? `Notify ${line.recipient.name}` : line.system.name;
    await plan.getByRole('button', { name: `Close the ${name} task…` }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('What you did and how you checked it')
      .fill(
        line.recipient
          ? `Emailed ${line.recipient.name}'s privacy contact about ${request.account}; they confirmed erasure.`
          : `Erased ${request.account} in ${line.system.name}; searched again by email: nothing left.`,
      );
    await dialog.getByRole('button', { name: 'Close task' }).click();
    await expect(dialog).toBeHidden();
  }
  await expect(page.getByText('Completed', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  expect((await planOf(page, request.id)).lines.every((l) => l.status === 'done')).toBe(true);
  await expectNoSeriousA11yViolations(page);

  // The directory keeps a tombstone of the account, nothing personal.
  const input = encodeURIComponent(JSON.stringify({ q: request.account, from: 'customer_directory' }));
  const found = await api<{ items: { accountNumber: string; status: string }[] }>(
    page,
    `customers.search?input=${input}`,
  );
  expect(found.items.find((a) => a.accountNumber === request.account)?.status).toBe('erased');
});
