import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createTransport } from 'nodemailer';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import {
  advanceClockServer,
  clockServerNow,
  clockServerUrl,
  signInOnClockServer,
} from '../../fixtures/clock-server.js';

/**
 * Issue 16, "Done when", in Chromium on the second server, whose clock the test moves: a mail sent with
 * nodemailer to the demo's privacy address appears in the inbox with its arrival time; the officer turns it
 * into a request received at that time; asks the requester for clarification (the outbound mail is
 * captured); the requester's reply lands on the request's timeline by itself; days later "information
 * received" resumes the clock from the reply's arrival date, and the statutory due date moves by the days
 * the clock stood still.
 */

test.describe.configure({ mode: 'serial' });

const inboundPort = Number(process.env.E2E_CLOCK_INBOUND_PORT ?? '0');

/** Mail as an outside mail server would deliver it to the privacy mailbox. */
async function deliver(mail: Record<string, unknown>): Promise<string> {
  const transport = createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
  try {
    const sent = await transport.sendMail(mail);
    expect(sent.response).toMatch(/^250 /);
    return sent.response;
  } finally {
    transport.close();
  }
}

/** A calendar day as the app writes it ("9 Dec 2026"), for an instant, where UK requests are handled. */
function londonDay(at: Date): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

async function statutoryDue(page: Page): Promise<string> {
  const deadlines = page.getByRole('region', { name: 'Deadlines' });
  await expect(deadlines).toBeVisible();
  return (await deadlines.innerText()).replace(/\s+/g, ' ');
}

test('an emailed request is received when it arrived, and a reply restarts the clock on its own day', async ({
  page,
}) => {
  const tag = randomUUID().slice(0, 8);
  const sender = `e2e.${tag}@mailbox.example`;
  const subject = `Please delete my account (${tag})`;
  await deliver({
    from: `Robin Hale <${sender}>`,
    to: 'privacy@syncronis.net',
    subject,
    text: 'Hello,\n\nPlease delete my account and all the personal data you hold about me.\n\nRobin Hale',
  });
  const arrived = await clockServerNow();

  // The inbox shows it, newest first, with its arrival time.
  await signInOnClockServer(page, 'officer');
  await page.goto(`${clockServerUrl}/inbox`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(subject.replace(/[()]/g, '\\$&')) }).click();
  const detail = page.getByRole('region', { name: subject });
  await expect(detail).toContainText(sender);
  await expectNoSeriousA11yViolations(page);

  // Made a request of: received at the arrival time, by email, from the sender.
  await detail.getByRole('link', { name: 'Make a request of this email' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(sender);
  await page.getByRole('combobox', { name: 'Regime' }).click();
  await page.getByRole('option', { name: 'UK GDPR' }).click();
  await page.getByRole('combobox', { name: 'Request type' }).click();
  await page.getByRole('option', { name: 'Erasure', exact: true }).click();
  await page.getByRole('button', { name: 'Log request' }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('Email from the requester, put on the request');
  const details = page.getByRole('region', { name: 'Details' });
  // Received when it arrived (the page shows the instant in the viewer's zone: UTC here), not when logged.
  await expect(details).toContainText(
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(arrived),
  );

  // The officer asks the requester for clarification; the question leaves by mail (the demo captures it).
  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start verification' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Ask the requester' }).click();
  const ask = page.getByRole('dialog');
  await ask.getByRole('radio', { name: /Clarification/ }).check();
  await ask.getByLabel('What you asked the requester').fill('Which of your accounts should we delete?');
  await ask.getByRole('button', { name: 'Ask the requester' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const sentMail = page.getByRole('region', { name: 'Sent mail' });
  const question = sentMail.getByRole('article', { name: 'Request for clarification, Sent' });
  await expect(question).toBeVisible({ timeout: 30_000 });
  await question.getByText('Show the text as sent').click();
  const trailer = await question.getByText(/Message-ID .* · replies to /).innerText();
  const [, messageId, replyTo] = /Message-ID (\S+) · replies to (\S+)/.exec(trailer) ?? [];
  expect(messageId).toMatch(/^<[0-9a-f-]{36}@syncronis\.net>$/);
  expect(replyTo).toMatch(/^privacy\+dsr-\d{4}-\d{6}@syncronis\.net$/);

  // Two days later the requester answers it.
  await advanceClockServer({ days: 2 });
  await deliver({
    from: `Robin Hale <${sender}>`,
    to: replyTo,
    subject: 'Re: your question',
    text: 'The account I signed up with this address. Thanks!',
    inReplyTo: messageId,
    references: [messageId],
  });
  const replied = await clockServerNow();

  // Three more days pass before the officer looks: the reply is already on the request, by itself.
  await advanceClockServer({ days: 3 });
  // Five days on, the session has long expired: the officer signs in again.
  await signInOnClockServer(page, 'officer');
  await page.goto(requestUrl);
  // The job that threads it runs within seconds of its arrival; a page opened before then shows it on reload.
  await expect(async () => {
    await page.reload();
    await expect(timeline).toContainText('Reply from the requester', { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  const before = await statutoryDue(page);
  const replies = page.getByRole('region', { name: 'Mail from the requester' });
  await expect(replies).toContainText('The account I signed up with this address.');
  await replies.getByRole('button', { name: `Information received (${londonDay(replied)})` }).click();
  await expect(page.getByText('Information received', { exact: true }).first()).toBeVisible();
  // The clock restarts on the reply's day, not today: the ledger says so and the explanation counts to it.
  await expect(timeline).toContainText('Clarification received');
  await expect(page.getByRole('region', { name: 'Deadlines' })).toContainText(`awaiting clarification from`);
  await expect(page.getByRole('region', { name: 'Deadlines' })).toContainText(`to ${londonDay(replied)}`);
  const after = await statutoryDue(page);
  expect(after).not.toBe(before);
  // The pointer rests where the clicked button was: away from the page, so no hover colours are checked.
  await page.mouse.move(0, 0);
  await expectNoSeriousA11yViolations(page);
});
