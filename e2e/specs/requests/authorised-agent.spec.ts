import { createPrivateKey, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectNoSeriousA11yViolations } from '../../fixtures/axe.js';
import { test, expect } from '../../fixtures/auth.js';
import { queueRows } from './helpers.js';

/**
 * Issue 17, "Done when": a test agent (Node, here) sets up its pair-wise key with the main server, files an
 * opt-out, a deletion and an access request over the Data Rights Protocol, reads their statuses, revokes
 * one and receives its callbacks; in Chromium an officer sees the three in the queue marked as filed by
 * that agent and completes the opt-out, after which the agent's status call answers `fulfilled`. The agent
 * is the directory file's (playwright.config.ts writes it and passes the private key down).
 */

const base = `http://127.0.0.1:${process.env.E2E_PORT ?? '0'}`;
const agentId = 'E2E_AGENT';
const privateKey = createPrivateKey({
  key: Buffer.from(process.env.E2E_DRP_AGENT_KEY ?? '', 'base64'),
  format: 'der',
  type: 'pkcs8',
});

function signed(message: Record<string, unknown>): string {
  const json = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([sign(null, json, privateKey), json]).toString('base64');
}

const envelope = (extra: Record<string, unknown> = {}) => ({
  'agent-id': agentId,
  'business-id': 'SYNCRONIS',
  'issued-at': new Date().toISOString(),
  'expires-at': new Date(Date.now() + 5 * 60_000).toISOString(),
  ...extra,
});

const letters = () =>
  Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

test.describe.configure({ mode: 'serial' });

let callbacks: Server;
let callbackUrl: string;
const received: Record<string, unknown>[] = [];

test.beforeAll(async () => {
  callbacks = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => callbacks.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}/drp-status`;
});

test.afterAll(async () => {
  await new Promise((resolve) => callbacks.close(resolve));
});

test('an agent files three requests over the DRP; the officer completes the opt-out; the agent hears of it', async ({
  signedInAs,
}) => {
  // The pair-wise key setup (§2.05), then the token's check (§2.06).
  const setup = await fetch(`${base}/drp/v1/agent/${agentId}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: signed(envelope({ 'drp.version': '0.9.4' })),
  });
  expect(setup.status).toBe(200);
  const { token } = (await setup.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  expect((await fetch(`${base}/drp/v1/agent/${agentId}`, { headers: auth })).status).toBe(200);

  const surname = `Drp${letters()}`;
  const file = async (exercise: string, first: string) => {
    const answer = await fetch(`${base}/drp/v1/data-rights-request`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...auth },
      body: signed(
        envelope({
          'drp.version': '0.9.4',
          'agent-request-id': `${surname}-${first}`,
          exercise,
          regime: 'ccpa',
          name: `${first} ${surname}`,
          email: `${first.toLowerCase()}.${surname.toLowerCase()}@example.com`,
          email_verified: true,
          status_callback: callbackUrl,
        }),
      ),
    });
    expect(answer.status).toBe(200);
    const status = (await answer.json()) as { request_id: string; status: string; agent_request_id: string };
    expect(status).toMatchObject({ status: 'open', agent_request_id: `${surname}-${first}` });
    return status.request_id;
  };
  const optOut = await file('sale:opt_out', 'Olive');
  const deletion = await file('deletion', 'Dara');
  const access = await file('access', 'Ari');

  const statusOf = async (id: string) =>
    (await (await fetch(`${base}/drp/v1/data-rights-request/${id}`, { headers: auth })).json()) as {
      status: string;
      reason?: string;
    };
  for (const id of [optOut, deletion, access]) expect((await statusOf(id)).status).toBe('open');

  // A replay of an accepted message is refused (§3.07), and so is a body signed by nobody we know.
  const replayed = signed(
    envelope({ 'drp.version': '0.9.4', exercise: 'deletion', name: 'X Y', email: 'x@example.com' }),
  );
  const send = (body: string) =>
    fetch(`${base}/drp/v1/data-rights-request`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...auth },
      body,
    });
  expect((await send(replayed)).status).toBe(200);
  const replay = await send(replayed);
  expect(replay.status).toBe(409);
  expect(await replay.json()).toMatchObject({ code: '409', fatal: true });
  expect((await send('bm90IHNpZ25lZA==')).status).toBe(400);

  // The revoke (§2.04): the deletion is withdrawn, and the callback says revoked.
  const revoke = await fetch(`${base}/drp/v1/data-rights-request/${deletion}`, {
    method: 'DELETE',
    headers: { 'content-type': 'text/plain', ...auth },
    body: signed(envelope({ reason: 'The consumer changed their mind.' })),
  });
  expect(revoke.status).toBe(200);
  expect(await revoke.json()).toMatchObject({ request_id: deletion, status: 'revoked' });
  await expect
    .poll(() => received.filter((r) => r.request_id === deletion).map((r) => r.status), { timeout: 30_000 })
    .toEqual(['revoked']);

  // The officer's queue: the three, each marked as filed by the agent.
  const page = await signedInAs('officer');
  await page.goto(`/queue?status=all&search=${surname}`);
  const rows = queueRows(page);
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) await expect(row).toContainText('E2E Rights Agent');
  await expectNoSeriousA11yViolations(page);

  // The opt-out, completed: no verification (the CCPA forbids it), start, complete.
  await rows
    .filter({ hasText: `Olive ${surname}` })
    .getByRole('link', { name: /^DSR-/ })
    .click();
  await expect(page.getByText('Filed by an authorised agent')).toBeVisible();
  await page.getByRole('button', { name: 'Start verification' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start verification' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Start work: no verification needed' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Identity verified: start work' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Complete' }).click();
  const complete = page.getByRole('dialog');
  await complete.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Fulfilled', exact: true }).click();
  await complete.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('request-header')).toContainText('Completed');

  // The agent's status call answers fulfilled, and its callback heard each change once.
  expect(await statusOf(optOut)).toMatchObject({ status: 'fulfilled' });
  await expect
    .poll(() => received.filter((r) => r.request_id === optOut).map((r) => r.status), { timeout: 30_000 })
    .toEqual(['in_progress', 'fulfilled']);
  // Another agent's token, or none, hears nothing of it.
  expect((await fetch(`${base}/drp/v1/data-rights-request/${optOut}`)).status).toBe(403);
});
