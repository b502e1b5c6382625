import type { Page } from '@playwright/test';
import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { freshRequester, queueRows } from './helpers.js';

// Every expected date below is written out by hand from a calendar, never computed with the clock engine
// under test: the requests are logged with a fixed receipt time, Mon 3 Mar 2025 at noon UTC (the same
// calendar date in Dublin and London), and every ledger date is a fixed past date too. Only the journey
// with the notice window still open needs a recent receipt; it checks what "today" offers, not a due date.
// The server keeps its real clock, so these requests are long overdue: nothing here asserts by how much.
const receivedMon3Mar2025 = '2025-03-03T12:00:00.000Z';

type ClockRegime = 'gdpr' | 'uk_gdpr';

/** A calendar date in a time zone, as YYYY-MM-DD. */
function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/**
 * Logs a request through the app's own API, as the intake form would (the form's receipt picker is
 * covered by the intake journeys). Returns its id and reference.
 */
/** "3 Jun 2025", as the clock explanation writes a date. */
function formatDay(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

async function logRequest(
  page: Page,
  regime: ClockRegime,
  receivedAt: string,
): Promise<{ id: string; reference: string }> {
  const requester = freshRequester('Clock');
  const input = {
    type: 'access',
    regime,
    channel: 'email',
    receivedAt,
    requester: { name: requester.name, email: requester.email, location: regime === 'uk_gdpr' ? 'GB' : 'IE' },
    description: 'A copy of my data, please.',
  };
  const answer = await page.evaluate(async (body) => {
    const response = await fetch('/trpc/requests.create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { result?: { data: { id: string; reference: string } } };
  }, input);
  if (!answer.result) throw new Error(`requests.create failed: ${JSON.stringify(answer)}`);
  return answer.result.data;
}

// The clocks table and the ledger sit behind "Why this date?": located by CSS (not by role, which skips
// what is folded away), so their text can be checked whether or not the person has opened it.
function clocksTable(page: Page) {
  return page.getByRole('region', { name: 'Deadlines' }).locator('table[aria-label="Clocks"]');
}

function statutoryRow(page: Page) {
  return clocksTable(page)
    .locator('tr')
    .filter({ has: page.locator('th', { hasText: /^Statutory/ }) });
}

function clockLedger(page: Page) {
  return page.getByRole('region', { name: 'Deadlines' }).locator('ul[aria-label="Clock ledger"]');
}

test('an officer sees every clock with its explanation, and extends a GDPR request to receipt + 3 months', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const request = await logRequest(page, 'gdpr', receivedMon3Mar2025);

  await page.goto(`/requests/${request.id}`);
  await expect(page.getByRole('heading', { level: 1, name: request.reference })).toBeVisible();
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  // One month from Mon 3 Mar is Thu 3 Apr (a working day in Ireland); 30 days from 3 Mar is Wed 2 Apr,
  // which comes first; the extension would run to receipt + 3 months, Tue 3 Jun.
  await expect(deadlines.getByTestId('clock-summary')).toHaveText(
    'The company SLA, which comes before the GDPR Art. 12(3) deadline (3 Apr 2025).',
  );
  // The derivation is one click away.
  await deadlines.getByText('Why this date?').click();
  await expect(deadlines.getByTestId('clock-explanation')).toHaveText(
    '1 month from 3 Mar 2025 under GDPR Art. 12(3): 3 Apr 2025. ' +
      'An extension (+2 months, to 3 Jun 2025) may be noticed, with reasons, until 3 Apr 2025. ' +
      'Company SLA: 30 days from 3 Mar 2025: 2 Apr 2025. ' +
      'Effective due date: 2 Apr 2025 (company SLA, earlier than the statutory 3 Apr 2025).',
  );
  await expect(statutoryRow(page)).toContainText('3 Apr 2025');
  await expect(statutoryRow(page)).toContainText('Initial');
  const company = clocksTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Company SLA' }) });
  await expect(company).toContainText('2 Apr 2025');
  await expect(clocksTable(page).getByRole('row').filter({ hasText: 'Effective' })).toContainText(
    '2 Apr 2025',
  );
  await expectNoSeriousA11yViolations(page);

  // The notice went out by letter on Tue 1 Apr, inside the first month, and is recorded now.
  await deadlines.getByRole('button', { name: 'Extend the deadline' }).click();
  const dialog = page.getByRole('dialog', { name: `Extend the deadline: ${request.reference}` });
  await expect(dialog).toContainText('3 Jun 2025');
  await expectNoSeriousA11yViolations(page);
  await dialog
    .getByLabel(/Reasons given to the requester/)
    .fill('Records in several systems must be searched.');
  await dialog.getByRole('radio', { name: /already sent another way/ }).check();
  await dialog.getByLabel(/Notice sent to the requester on/).fill('2025-04-01');
  await dialog.getByRole('button', { name: 'Extend the deadline' }).click();
  await expect(dialog).toHaveCount(0);

  // The statutory date is now receipt + 3 months: Tue 3 Jun 2025.
  await expect(statutoryRow(page)).toContainText('3 Jun 2025');
  await expect(statutoryRow(page)).toContainText('Extended');
  await expect(deadlines.getByTestId('clock-explanation')).toContainText(
    '3 months from 3 Mar 2025 under GDPR Art. 12(3), extended by 2 months (noticed 1 Apr 2025: Records in several systems must be searched.): 3 Jun 2025. Without the extension it would be due 3 Apr 2025.',
  );
  // Noticed to the requester, the extended date is the one to meet; the company's 30 days count as missed.
  await expect(page.getByTestId('request-header')).toContainText('Due3 Jun 2025');
  await expect(deadlines.getByTestId('clock-summary')).toHaveText(
    'The extended GDPR Art. 12(3) deadline, noticed to the requester on 1 Apr 2025. The company SLA (2 Apr 2025) counts as missed: the extension supersedes it.',
  );
  await expect(company).toContainText('Missed: superseded by the extension');
  await expect(clocksTable(page).getByRole('row').filter({ hasText: 'Effective' })).toContainText(
    '3 Jun 2025',
  );
  await expect(deadlines.getByRole('button', { name: 'Remove the extension' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' }).getByText('Extension noticed')).toBeVisible();

  // A second extension is not offered: the law allows one.
  await expect(deadlines.getByRole('button', { name: 'Extend the deadline' })).toHaveCount(0);
});

test('while the notice window is open, the notice goes out by email and the ledger records the day it left', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  // Received a moment ago: the window stays open for a month. Today is the server's, in Dublin.
  const request = await logRequest(page, 'gdpr', new Date().toISOString());
  const today = dateIn(new Date(), 'Europe/Dublin');

  await page.goto(`/requests/${request.id}`);
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  await expect(deadlines.getByText(/The extension window closed on/)).toHaveCount(0);
  await deadlines.getByRole('button', { name: 'Extend the deadline' }).click();
  const dialog = page.getByRole('dialog', { name: `Extend the deadline: ${request.reference}` });
  // We send it: no date to give; the ledger records the day the mail server takes it.
  await expect(dialog.getByRole('radio', { name: /Send it now by email/ })).toBeChecked();
  await expect(dialog.getByLabel(/Notice sent to the requester on/)).toHaveCount(0);
  await expect(dialog.getByText('The notice window has closed')).toHaveCount(0);
  await dialog.getByLabel(/Reasons given to the requester/).fill('Complex request.');
  await dialog.getByRole('button', { name: 'Send the notice' }).click();
  await expect(dialog).toHaveCount(0);
  // The notice reaches the (demo's) SMTP server; then the clock is extended, noticed today.
  const sent = page.getByRole('region', { name: 'Sent mail' });
  await expect(sent.getByRole('article', { name: 'Extension notice, Sent' })).toBeVisible();
  await expect(statutoryRow(page)).toContainText('Extended');
  await expect(deadlines.getByTestId('clock-explanation')).toContainText(
    `under GDPR Art. 12(3), extended by 2 months (noticed ${formatDay(today)}: Complex request.)`,
  );
});

test('an extension noticed after its window is refused, naming the rule', async ({ signedInAs }) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const request = await logRequest(page, 'gdpr', receivedMon3Mar2025);

  await page.goto(`/requests/${request.id}`);
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  // The first month ended on Thu 3 Apr 2025: the last day a notice could go out.
  await expect(deadlines.getByText(/The extension window closed on/)).toContainText('3 Apr 2025');
  await deadlines.getByRole('button', { name: 'Extend the deadline' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('The notice window has closed')).toBeVisible();
  // The form offers the window's last day (a notice sent in time may be recorded late); this one went a day later.
  await expect(dialog.getByRole('radio', { name: /already sent another way/ })).toBeChecked();
  const notice = dialog.getByLabel(/Notice sent to the requester on/);
  await expect(notice).toHaveValue('2025-04-03');
  await notice.fill('2025-04-04');
  await dialog.getByLabel(/Reasons given to the requester/).fill('Complex request.');
  await dialog.getByRole('button', { name: 'Extend the deadline' }).click();
  // The engine's refusal, beside the notice date: the rule and the last day it allowed.
  await expect(
    dialog.getByText(
      'GDPR Art. 12(3) allows an extension only when noticed by 3 Apr 2025; this one was noticed on 4 Apr 2025.',
    ),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Nothing changed.
  await expect(statutoryRow(page)).toContainText('3 Apr 2025');
  await expect(statutoryRow(page)).toContainText('Initial');
  await expect(clockLedger(page)).toHaveCount(0);
  await expect(deadlines.getByTestId('clock-derivation')).toContainText('Nothing recorded');
});

test('pausing a UK GDPR request on its due date, while waiting on the requester, moves that date', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const request = await logRequest(page, 'uk_gdpr', receivedMon3Mar2025);

  await page.goto(`/requests/${request.id}`);
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  // One month from Mon 3 Mar 2025: Thu 3 Apr 2025, a working day in England.
  await expect(statutoryRow(page)).toContainText('3 Apr 2025');

  // The requester was asked to clarify on the due date itself: the UK clock stops from then (ICO guidance).
  await deadlines.getByRole('button', { name: 'Pause the clock' }).click();
  const pause = page.getByRole('dialog');
  await pause.getByLabel(/Why the clock is paused/).fill('Waiting on the requester to say which account.');
  await pause.getByLabel(/Paused from/).fill('2025-04-03');
  await pause.getByRole('button', { name: 'Pause the clock' }).click();
  await expect(pause).toHaveCount(0);
  await expect(statutoryRow(page)).toContainText('Paused');
  await expect(deadlines.getByTestId('clock-explanation')).toContainText(
    '3 Apr 2025 as things stand; paused since 3 Apr 2025 (Waiting on the requester to say which account.); due date moves by each day paused.',
  );
  await expectNoSeriousA11yViolations(page);

  // The answer came on Tue 8 Apr: the clock runs again, and the date has moved by the 5 days it waited.
  await deadlines.getByRole('button', { name: 'Resume the clock' }).click();
  const resume = page.getByRole('dialog');
  await resume.getByLabel(/Resumed on/).fill('2025-04-08');
  await resume.getByRole('button', { name: 'Resume the clock' }).click();
  await expect(resume).toHaveCount(0);
  await expect(statutoryRow(page)).toContainText('8 Apr 2025');
  await expect(statutoryRow(page)).toContainText('Initial');
  await expect(deadlines.getByTestId('clock-explanation')).toContainText(
    '1 month from 3 Mar 2025 under UK GDPR Art. 12(3), plus 5 days paused (paused from 3 Apr 2025 to 8 Apr 2025 (Waiting on the requester to say which account.)): 8 Apr 2025.',
  );
  const ledger = clockLedger(page);
  await expect(ledger).toContainText('Clock paused');
  await expect(ledger).toContainText('Clock resumed');
});

test('the queue sorts by the effective due date', async ({ signedInAs }) => {
  const page = await signedInAs('officer');
  await page.goto('/queue?sort=dueOn&dir=asc&status=received,verifying,in_progress&pageSize=50');
  await expect(queueRows(page).first()).toBeVisible({ timeout: 20_000 });
  const dueDates = async () =>
    queueRows(page)
      .locator('td time[datetime]')
      .evaluateAll((cells) =>
        // The due column's dates are calendar dates; the received column's are instants.
        cells.map((cell) => cell.getAttribute('datetime') ?? '').filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)),
      );
  const ascending = await dueDates();
  expect(ascending.length).toBeGreaterThan(10);
  expect([...ascending].sort()).toEqual(ascending);

  // The date shown (and sorted on) is the request's effective due date, not the statutory or company one.
  const firstRow = queueRows(page).first();
  await firstRow.getByRole('link', { name: /^DSR-/ }).click();
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  await expect(deadlines.getByText('Meet by', { exact: true })).toBeVisible();
  await expect(deadlines.locator('time').first()).toHaveAttribute('datetime', ascending[0] ?? '');

  await page.goto('/queue?sort=dueOn&dir=desc&status=received,verifying,in_progress&pageSize=50');
  await expect(queueRows(page).first()).toBeVisible();
  const descending = await dueDates();
  expect([...descending].sort().reverse()).toEqual(descending);
  expect((descending[0] ?? '') >= (ascending.at(-1) ?? '')).toBe(true);
});
