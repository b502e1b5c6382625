import type { Page } from '@playwright/test';
import { computeClocks, type ClockEvent, type Regime } from '@privdesk/shared';
import { test, expect } from '../../fixtures/auth.js';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { freshRequester, queueRows } from './helpers.js';

// The expected dates come from the shared clock engine (tested on its own against product.md's examples),
// fed the receipt date and the default handling of each regime: these journeys check that the page shows
// what the law gives, and moves it when the ledger changes. The settings spec, running alongside, moves UK
// GDPR only to Wales and the Isle of Man (England's bank holidays, London's clock), which moves no date.
// Ledger dates are typed in, computed before the server acts, so a run across midnight stays consistent.
const handling: Partial<Record<Regime, { calendar: string; timeZone: string }>> = {
  gdpr: { calendar: 'IE', timeZone: 'Europe/Dublin' },
  uk_gdpr: { calendar: 'GB-ENG', timeZone: 'Europe/London' },
};

const day = 86_400_000;

/** A calendar date in a time zone, as YYYY-MM-DD. */
function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** "19 Feb 2027", as the page writes calendar dates. */
function shown(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** Noon UTC `days` ago: the same calendar date in Dublin and London whatever the season. */
function daysAgo(days: number): Date {
  const at = new Date(Date.now() - days * day);
  at.setUTCHours(12, 0, 0, 0);
  return at;
}

/**
 * Logs a back-dated request through the app's own API, as the intake form would (the form's receipt
 * picker is covered by the intake journeys). Returns its id and reference.
 */
async function logRequest(
  page: Page,
  regime: Regime,
  receivedAt: Date,
): Promise<{ id: string; reference: string }> {
  const requester = freshRequester('Clock');
  const input = {
    type: 'access',
    regime,
    channel: 'email',
    receivedAt: receivedAt.toISOString(),
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

function expected(regime: Regime, receivedAt: Date, events: ClockEvent[] = []) {
  const where = handling[regime];
  if (!where) throw new Error(`no handling for ${regime}`);
  return computeClocks({
    regime,
    type: 'access',
    receivedOn: dateIn(receivedAt, where.timeZone),
    calendar: where.calendar,
    events,
  });
}

function clocksTable(page: Page) {
  return page.getByRole('region', { name: 'Deadlines' }).getByRole('table', { name: 'Clocks' });
}

function statutoryRow(page: Page) {
  return clocksTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: /^Statutory/ }) });
}

test('an officer sees every clock with its explanation, and extends a GDPR request to receipt + 3 months', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const receivedAt = daysAgo(10);
  const request = await logRequest(page, 'gdpr', receivedAt);
  const before = expected('gdpr', receivedAt);

  await page.goto(`/requests/${request.id}`);
  await expect(page.getByRole('heading', { level: 1, name: request.reference })).toBeVisible();
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  // The explanation names the rule and the dates, as the engine derives them.
  await expect(deadlines.getByTestId('clock-explanation')).toHaveText(before.explanation);
  await expect(deadlines.getByTestId('clock-explanation')).toContainText('GDPR Art. 12(3)');
  await expect(statutoryRow(page)).toContainText(shown(before.statutory.dueOn));
  await expect(statutoryRow(page)).toContainText('Initial');
  const company = clocksTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Company SLA' }) });
  await expect(company).toContainText(shown(before.company.dueOn));
  await expect(clocksTable(page).getByRole('row').filter({ hasText: 'Effective' })).toContainText(
    shown(before.effective.dueOn),
  );
  await expectNoSeriousA11yViolations(page);

  // Extend: the notice goes out today, with the reasons.
  const today = dateIn(new Date(), 'Europe/Dublin');
  await deadlines.getByRole('button', { name: 'Extend the deadline' }).click();
  const dialog = page.getByRole('dialog', { name: `Extend the deadline: ${request.reference}` });
  await expect(dialog).toContainText(shown(before.statutory.extendedDueOn ?? ''));
  await expectNoSeriousA11yViolations(page);
  await dialog
    .getByLabel(/Reasons given to the requester/)
    .fill('Records in several systems must be searched.');
  await dialog.getByLabel(/Notice sent to the requester on/).fill(today);
  await dialog.getByRole('button', { name: 'Extend the deadline' }).click();
  await expect(dialog).toHaveCount(0);

  // The statutory date is now receipt + 3 months (Reg. 1182/71, rolled forward to a working day).
  const after = expected('gdpr', receivedAt, [
    { kind: 'extension_noticed', on: today, reason: 'Records in several systems must be searched.' },
  ]);
  expect(after.statutory.state).toBe('extended');
  await expect(statutoryRow(page)).toContainText(shown(after.statutory.dueOn));
  await expect(statutoryRow(page)).toContainText('Extended');
  await expect(deadlines.getByTestId('clock-explanation')).toContainText('3 months from');
  await expect(deadlines.getByRole('button', { name: 'Remove the extension' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' }).getByText('Extension noticed')).toBeVisible();

  // A second extension is not offered: the law allows one.
  await expect(deadlines.getByRole('button', { name: 'Extend the deadline' })).toHaveCount(0);
});

test('an extension noticed after its window is refused, naming the rule', async ({ signedInAs }) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const receivedAt = daysAgo(50);
  const request = await logRequest(page, 'gdpr', receivedAt);
  const clocks = expected('gdpr', receivedAt);

  await page.goto(`/requests/${request.id}`);
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  await expect(deadlines.getByText(/The extension window closed on/)).toContainText(
    shown(clocks.statutory.extensionNoticeBy ?? ''),
  );
  await deadlines.getByRole('button', { name: 'Extend the deadline' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('The notice window has closed')).toBeVisible();
  // The form offers the window's last day (a notice sent in time may be recorded late); this one went today.
  const notice = dialog.getByLabel(/Notice sent to the requester on/);
  await expect(notice).toHaveValue(clocks.statutory.extensionNoticeBy ?? '');
  await notice.fill(dateIn(new Date(), 'Europe/Dublin'));
  await dialog.getByLabel(/Reasons given to the requester/).fill('Complex request.');
  await dialog.getByRole('button', { name: 'Extend the deadline' }).click();
  // The engine's refusal, beside the notice date: the rule and the last day it allowed.
  const refusal = dialog.getByText(/GDPR Art\. 12\(3\) allows an extension only when noticed by/);
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText(shown(clocks.statutory.extensionNoticeBy ?? ''));
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Nothing changed.
  await expect(statutoryRow(page)).toContainText(shown(clocks.statutory.dueOn));
  await expect(statutoryRow(page)).toContainText('Initial');
  await expect(deadlines.getByRole('list', { name: 'Clock ledger' })).toHaveCount(0);
});

test('pausing a UK GDPR request while waiting on the requester moves its due date', async ({
  signedInAs,
}) => {
  const page = await signedInAs('officer');
  await page.goto('/queue');
  const receivedAt = daysAgo(12);
  const request = await logRequest(page, 'uk_gdpr', receivedAt);
  const initial = expected('uk_gdpr', receivedAt);
  const pausedOn = dateIn(daysAgo(5), 'Europe/London');
  const today = dateIn(new Date(), 'Europe/London');

  await page.goto(`/requests/${request.id}`);
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  await expect(statutoryRow(page)).toContainText(shown(initial.statutory.dueOn));

  // The requester was asked to clarify five days ago: the UK clock stops from then (UK GDPR, ICO guidance).
  await deadlines.getByRole('button', { name: 'Pause the clock' }).click();
  const pause = page.getByRole('dialog');
  await pause.getByLabel(/Why the clock is paused/).fill('Waiting on the requester to say which account.');
  await pause.getByLabel(/Paused from/).fill(pausedOn);
  await pause.getByRole('button', { name: 'Pause the clock' }).click();
  await expect(pause).toHaveCount(0);
  await expect(statutoryRow(page)).toContainText('Paused');
  await expect(deadlines.getByTestId('clock-explanation')).toContainText('paused since');
  await expectNoSeriousA11yViolations(page);

  // The answer came in today: the clock runs again, and the date has moved by the days it waited.
  await deadlines.getByRole('button', { name: 'Resume the clock' }).click();
  const resume = page.getByRole('dialog');
  await resume.getByLabel(/Resumed on/).fill(today);
  await resume.getByRole('button', { name: 'Resume the clock' }).click();
  await expect(resume).toHaveCount(0);
  const resumed = expected('uk_gdpr', receivedAt, [
    { kind: 'paused', on: pausedOn, reason: 'Waiting on the requester to say which account.' },
    { kind: 'resumed', on: today },
  ]);
  expect(resumed.pausedDays).toBeGreaterThan(0);
  expect(resumed.statutory.dueOn > initial.statutory.dueOn).toBe(true);
  await expect(statutoryRow(page)).toContainText(shown(resumed.statutory.dueOn));
  await expect(deadlines.getByTestId('clock-explanation')).toContainText(
    `plus ${resumed.pausedDays} days paused`,
  );
  const ledger = deadlines.getByRole('list', { name: 'Clock ledger' });
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
  await expect(deadlines.getByText('Effective due date', { exact: true })).toBeVisible();
  await expect(deadlines.locator('time').first()).toHaveAttribute('datetime', ascending[0] ?? '');

  await page.goto('/queue?sort=dueOn&dir=desc&status=received,verifying,in_progress&pageSize=50');
  await expect(queueRows(page).first()).toBeVisible();
  const descending = await dueDates();
  expect([...descending].sort().reverse()).toEqual(descending);
  expect((descending[0] ?? '') >= (ascending.at(-1) ?? '')).toBe(true);
});
