import type { CustomerRow } from './request-dataset.js';
import type { DemoStep } from './request-history.js';

const DAY = 86_400_000;

/**
 * The demo's customer flags in every state, made by the flags' own rules (replayed with the requests'
 * histories, in time order): a legal hold standing, a restriction standing, both at once, a restriction
 * lifted once the customer was told, a legal hold lifted, and a restriction lifted then set again. On
 * accounts with open requests, so the queue and the request page show them, signed up long enough ago.
 */
export function demoFlagSteps(
  accounts: readonly CustomerRow[],
  withOpenRequests: ReadonlySet<string>,
  officerIds: readonly string[],
  now: Date,
): DemoStep[] {
  const picked = accounts
    .filter(
      (c): c is CustomerRow & { id: string } =>
        c.id !== undefined && withOpenRequests.has(c.id) && c.signupAt.getTime() < now.getTime() - 120 * DAY,
    )
    .slice(0, 6);
  if (picked.length < 6) throw new Error('demo: too few long-standing accounts with requests for the flags');
  const officer = (i: number) => officerIds[i % officerIds.length] ?? '';
  const ago = (days: number, hour = 10) =>
    new Date(Math.floor((now.getTime() - days * DAY) / DAY) * DAY + hour * 3_600_000);
  const [held, restricted, both, restrictionLifted, holdLifted, setAgain] = picked.map((c) => c.id) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const hold = 'Litigation hold from Legal: matter 2026-014, keep every record of this account.';
  const accuracy = 'The customer contests the accuracy of their billing details (GDPR Art. 18(1)(a)).';
  const objection = 'Objection to processing pending our assessment (GDPR Art. 18(1)(d)).';
  return [
    {
      at: ago(40),
      key: held,
      actorId: officer(0),
      kind: 'flag_set',
      input: { kind: 'legal_hold', reason: hold },
    },
    {
      at: ago(3),
      key: restricted,
      actorId: officer(1),
      kind: 'flag_set',
      input: { kind: 'restriction', reason: accuracy },
    },
    {
      at: ago(30),
      key: both,
      actorId: officer(0),
      kind: 'flag_set',
      input: { kind: 'legal_hold', reason: hold },
    },
    {
      at: ago(12),
      key: both,
      actorId: officer(1),
      kind: 'flag_set',
      input: { kind: 'restriction', reason: objection },
    },
    {
      at: ago(25),
      key: restrictionLifted,
      actorId: officer(0),
      kind: 'flag_set',
      input: { kind: 'restriction', reason: accuracy },
    },
    {
      at: ago(4),
      key: restrictionLifted,
      actorId: officer(0),
      kind: 'flag_lift',
      input: {
        kind: 'restriction',
        reason: 'Billing details checked against the signed order form and corrected.',
        customerTold: { at: ago(6, 15).toISOString(), channel: 'email' },
      },
    },
    {
      at: ago(60),
      key: holdLifted,
      actorId: officer(1),
      kind: 'flag_set',
      input: { kind: 'legal_hold', reason: hold },
    },
    {
      at: ago(10),
      key: holdLifted,
      actorId: officer(1),
      kind: 'flag_lift',
      input: { kind: 'legal_hold', reason: 'Matter 2026-014 settled: Legal released the hold.' },
    },
    {
      at: ago(50),
      key: setAgain,
      actorId: officer(0),
      kind: 'flag_set',
      input: { kind: 'restriction', reason: objection },
    },
    {
      at: ago(35),
      key: setAgain,
      actorId: officer(0),
      kind: 'flag_lift',
      input: {
        kind: 'restriction',
        reason: 'Objection assessed: our legitimate grounds do not override theirs; processing stopped.',
        customerTold: { at: ago(36, 9).toISOString(), channel: 'phone' },
      },
    },
    {
      at: ago(2),
      key: setAgain,
      actorId: officer(1),
      kind: 'flag_set',
      input: { kind: 'restriction', reason: accuracy },
    },
  ];
}
