import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Role } from '@privdesk/shared/constants';
import { activeMe } from '../../testing/factories';
import { server } from '../../testing/msw-server';
import { renderApp } from '../../testing/render-app';
import { TrpcFailure, trpcMutation, trpcQuery, type InputOf, type OutputOf } from '../../testing/trpc-msw';

type Directory = OutputOf<'drp.agents'>;
type Agent = Directory['items'][number];

function signedInAs(roles: Role[]) {
  server.use(trpcQuery('auth.me', () => activeMe(roles)));
}

// Real Ed25519 public keys, and the first 16 hex digits of their SHA-256 as the server gives them.
const slipKey = 't+FB73wrxPrgxJcu51hlJQySXjbUTeMVX1hc5FhsYsk=';
const newSlipKey = '4wmITV35rrXBeD2p6j3yFDoy591uAc8dHqUE54SaJyQ=';
const optOutKey = 'kucA20wheKVFW1a8Wu0BjT1V5Z+BQCswTM8nF5uo8xA=';

const permissionSlip: Agent = {
  id: 'CR_AA_DRP_ID_001',
  name: 'Permission Slip',
  status: 'active',
  source: 'file',
  verifyKey: slipKey,
  keyFingerprint: 'c802ab74f980a257',
  webUrl: 'https://permissionslipcr.com',
  identityAssuranceUrl: 'https://permissionslipcr.com/identity',
  technicalContact: 'drp@permissionslipcr.com',
  businessContact: null,
  tokens: 2,
  requests: 14,
  lastRequestAt: '2026-03-04T10:30:00.000Z',
  keyChangedAt: null,
  updatedAt: '2026-01-12T08:00:00.000Z',
  version: 3,
};

const optOutHelper: Agent = {
  id: 'OPTOUT-HELPER',
  name: 'Opt-out Helper',
  status: 'disabled',
  source: 'admin',
  verifyKey: optOutKey,
  keyFingerprint: '494d4110810ccca6',
  webUrl: null,
  identityAssuranceUrl: null,
  technicalContact: null,
  businessContact: null,
  tokens: 0,
  requests: 0,
  lastRequestAt: null,
  keyChangedAt: '2026-02-20T12:00:00.000Z',
  updatedAt: '2026-02-21T09:00:00.000Z',
  version: 1,
};

function directory(items: Agent[], overrides: Partial<Omit<Directory, 'items'>> = {}): Directory {
  return {
    items,
    businessId: 'privacydesk-example',
    apiBase: 'https://desk.privacydesk.example/drp',
    directoryFile: '/etc/privdesk/agents.json',
    ...overrides,
  };
}

/** The wide screen's table (a phone gets the same agents as cards, hidden by CSS that jsdom does not load). */
async function agentsTable() {
  return screen.findByRole('table', { name: 'Authorised agents' });
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const row = within(table)
    .getByRole('rowheader', { name: new RegExp(name) })
    .closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('authorised agents page', () => {
  it('lists each agent with its status, source, key fingerprint, counts and dates, and where agents reach us', async () => {
    signedInAs(['admin']);
    server.use(trpcQuery('drp.agents', () => directory([permissionSlip, optOutHelper])));
    renderApp('/settings/agents');

    expect(await screen.findByRole('heading', { level: 1, name: 'Authorised agents' })).toBeInTheDocument();
    expect(screen.getByText(/over the Data Rights Protocol 0\.9\.4/)).toBeInTheDocument();
    const connection = screen.getByRole('region', { name: 'How agents reach us' });
    expect(connection).toHaveTextContent('Our business idprivacydesk-example');
    expect(connection).toHaveTextContent('API basehttps://desk.privacydesk.example/drp');
    expect(connection).toHaveTextContent('Directory file/etc/privdesk/agents.json (read at start-up)');
    expect(screen.getByText('2 agents · 1 active')).toBeInTheDocument();

    const table = await agentsTable();
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Agent',
      'Status',
      'Source',
      'Key fingerprint',
      'Tokens',
      'Requests filed',
      'Last request',
      'Key changed',
      'Actions',
    ]);

    const slip = rowOf(table, 'Permission Slip');
    const slipCells = within(slip).getAllByRole('cell');
    expect(within(slip).getByRole('rowheader')).toHaveTextContent('Permission SlipCR_AA_DRP_ID_001');
    expect(slipCells[0]).toHaveTextContent('Active');
    expect(slipCells[1]).toHaveTextContent('Directory file');
    expect(slipCells[2]).toHaveTextContent('c802ab74f980a257');
    expect(slipCells[3]).toHaveTextContent('2');
    expect(slipCells[4]).toHaveTextContent('14');
    expect(within(slipCells[5] as HTMLElement).getByText(/4 Mar 2026/)).toHaveAttribute(
      'datetime',
      '2026-03-04T10:30:00.000Z',
    );
    expect(slipCells[6]).toHaveTextContent('Never');
    expect(within(slip).getByRole('button', { name: 'Disable Permission Slip' })).toBeInTheDocument();
    expect(within(slip).getByRole('button', { name: 'Rotate key of Permission Slip' })).toBeInTheDocument();

    const helper = rowOf(table, 'Opt-out Helper');
    const helperCells = within(helper).getAllByRole('cell');
    expect(helperCells[0]).toHaveTextContent('Disabled');
    expect(helperCells[1]).toHaveTextContent('Added here');
    expect(helperCells[2]).toHaveTextContent('494d4110810ccca6');
    expect(helperCells[5]).toHaveTextContent('None yet');
    expect(within(helperCells[6] as HTMLElement).getByText(/20 Feb 2026/)).toHaveAttribute(
      'datetime',
      '2026-02-20T12:00:00.000Z',
    );
    expect(within(helper).getByRole('button', { name: 'Enable Opt-out Helper' })).toBeInTheDocument();

    // The phone's cards carry the same agents, each an article named by the agent.
    const cards = screen.getByRole('list', { name: 'Authorised agents' });
    const slipCard = within(cards).getByRole('article', { name: 'Permission Slip' });
    expect(slipCard).toHaveTextContent('Key fingerprintc802ab74f980a257');
    expect(slipCard).toHaveTextContent('Requests filed14');
  });

  it('adds an agent with what the form was given, then shows it in the list', async () => {
    signedInAs(['admin']);
    const added: Agent = {
      ...optOutHelper,
      id: 'NEW_AGENT_7',
      name: 'Rights Bot',
      status: 'active',
      verifyKey: newSlipKey,
      keyFingerprint: 'dedca59c2d2743d8',
      webUrl: 'https://rightsbot.example',
      technicalContact: 'ops@rightsbot.example',
      keyChangedAt: null,
    };
    let items = [permissionSlip];
    const adds: InputOf<'drp.addAgent'>[] = [];
    server.use(
      trpcQuery('drp.agents', () => directory(items)),
      trpcMutation('drp.addAgent', (input) => {
        adds.push(input);
        items = [permissionSlip, added];
        return added;
      }),
    );
    const { user } = renderApp('/settings/agents');
    await user.click(await screen.findByRole('button', { name: 'Add agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add agent' });
    await user.type(within(dialog).getByLabelText('Agent id'), ' NEW_AGENT_7 ');
    await user.type(within(dialog).getByLabelText('Name'), 'Rights Bot');
    await user.type(within(dialog).getByLabelText('Verify key (base64 Ed25519 public key)'), newSlipKey);
    await user.type(within(dialog).getByLabelText('Website'), 'https://rightsbot.example');
    await user.type(within(dialog).getByLabelText('Technical contact email'), 'ops@rightsbot.example');
    await user.click(within(dialog).getByRole('button', { name: 'Add agent' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(adds).toEqual([
      {
        id: 'NEW_AGENT_7',
        name: 'Rights Bot',
        verifyKey: newSlipKey,
        webUrl: 'https://rightsbot.example',
        technicalContact: 'ops@rightsbot.example',
      },
    ]);
    expect(await screen.findByText('Agent added')).toBeInTheDocument();
    expect(screen.getByText('Rights Bot can now set up a token signed with its key.')).toBeInTheDocument();
    const table = await agentsTable();
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(rowOf(table, 'Rights Bot')).toHaveTextContent('dedca59c2d2743d8');
  });

  it('checks the form before sending: a bad key and a plain-http website are refused beside their fields', async () => {
    signedInAs(['admin']);
    const adds: InputOf<'drp.addAgent'>[] = [];
    server.use(
      trpcQuery('drp.agents', () => directory([permissionSlip])),
      trpcMutation('drp.addAgent', (input) => {
        adds.push(input);
        return new TrpcFailure('INTERNAL_SERVER_ERROR', 'unexpected');
      }),
    );
    const { user } = renderApp('/settings/agents');
    await user.click(await screen.findByRole('button', { name: 'Add agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add agent' });
    await user.type(within(dialog).getByLabelText('Agent id'), 'RIGHTS_BOT');
    await user.type(within(dialog).getByLabelText('Name'), 'Rights Bot');
    await user.type(within(dialog).getByLabelText('Verify key (base64 Ed25519 public key)'), 'not-a-key');
    await user.type(within(dialog).getByLabelText('Website'), 'http://rightsbot.example');
    await user.click(within(dialog).getByRole('button', { name: 'Add agent' }));

    const key = within(dialog).getByLabelText('Verify key (base64 Ed25519 public key)');
    await waitFor(() => expect(key).toHaveAttribute('aria-invalid', 'true'));
    expect(key).toHaveAccessibleDescription(
      expect.stringContaining('A verify key is a base64 Ed25519 public key: 32 bytes (44 characters).'),
    );
    expect(within(dialog).getByLabelText('Website')).toHaveAccessibleDescription(
      expect.stringContaining('Use an https:// address.'),
    );
    expect(adds).toHaveLength(0);
  });

  it('shows the server’s refusal of an id already in the directory beside the Agent id field', async () => {
    signedInAs(['admin']);
    server.use(
      trpcQuery('drp.agents', () => directory([permissionSlip])),
      trpcMutation(
        'drp.addAgent',
        () =>
          new TrpcFailure('BAD_REQUEST', 'An agent with this id is already in the directory.', {
            id: ['An agent with this id is already in the directory.'],
          }),
      ),
    );
    const { user } = renderApp('/settings/agents');
    await user.click(await screen.findByRole('button', { name: 'Add agent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add agent' });
    await user.type(within(dialog).getByLabelText('Agent id'), 'CR_AA_DRP_ID_001');
    await user.type(within(dialog).getByLabelText('Name'), 'Permission Slip again');
    await user.type(within(dialog).getByLabelText('Verify key (base64 Ed25519 public key)'), newSlipKey);
    await user.click(within(dialog).getByRole('button', { name: 'Add agent' }));

    const id = within(dialog).getByLabelText('Agent id');
    await waitFor(() => expect(id).toHaveAttribute('aria-invalid', 'true'));
    expect(id).toHaveAccessibleDescription(
      expect.stringContaining('An agent with this id is already in the directory.'),
    );
    // Placed beside its field, the error is not repeated in an alert; the dialog stays open to fix it.
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Add agent' })).toBeInTheDocument();
  });

  it('disables an agent with a reason, saying its tokens are revoked at once', async () => {
    signedInAs(['admin']);
    let items = [permissionSlip];
    const changes: InputOf<'drp.setAgentStatus'>[] = [];
    server.use(
      trpcQuery('drp.agents', () => directory(items)),
      trpcMutation('drp.setAgentStatus', (input) => {
        changes.push(input);
        const changed = { ...permissionSlip, status: 'disabled' as const, tokens: 0, version: 4 };
        items = [changed];
        return changed;
      }),
    );
    const { user } = renderApp('/settings/agents');
    const table = await agentsTable();
    await user.click(within(table).getByRole('button', { name: 'Disable Permission Slip' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable Permission Slip' });
    expect(dialog).toHaveTextContent('Disabling revokes its tokens at once (2 tokens now)');
    await user.type(within(dialog).getByLabelText('Reason'), 'The agent reported its signing key stolen.');
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(changes).toEqual([
      {
        id: 'CR_AA_DRP_ID_001',
        version: 3,
        status: 'disabled',
        reason: 'The agent reported its signing key stolen.',
      },
    ]);
    expect(await screen.findByText('Agent disabled')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(table).getByRole('button', { name: 'Enable Permission Slip' })).toBeInTheDocument(),
    );
  });

  it('gives an agent a new key with a reason, and shows the server’s refusal of the same key beside it', async () => {
    signedInAs(['admin']);
    const rotations: InputOf<'drp.rotateAgentKey'>[] = [];
    server.use(
      trpcQuery('drp.agents', () => directory([permissionSlip])),
      trpcMutation('drp.rotateAgentKey', (input) => {
        rotations.push(input);
        if (input.verifyKey === slipKey)
          return new TrpcFailure('BAD_REQUEST', 'This is the key the agent already has.', {
            verifyKey: ['This is the key the agent already has.'],
          });
        return {
          ...permissionSlip,
          verifyKey: newSlipKey,
          keyFingerprint: 'dedca59c2d2743d8',
          tokens: 0,
          keyChangedAt: '2026-03-05T12:00:00.000Z',
          version: 4,
        };
      }),
    );
    const { user } = renderApp('/settings/agents');
    const table = await agentsTable();
    await user.click(within(table).getByRole('button', { name: 'Rotate key of Permission Slip' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate key of Permission Slip' });
    expect(dialog).toHaveTextContent('c802ab74f980a257');
    const key = within(dialog).getByLabelText('New verify key (base64 Ed25519 public key)');
    await user.type(key, slipKey);
    await user.type(within(dialog).getByLabelText('Reason'), 'Scheduled yearly key change.');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(key).toHaveAttribute('aria-invalid', 'true'));
    expect(key).toHaveAccessibleDescription(
      expect.stringContaining('This is the key the agent already has.'),
    );

    await user.clear(key);
    await user.type(key, newSlipKey);
    await user.click(within(dialog).getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rotations.at(-1)).toEqual({
      id: 'CR_AA_DRP_ID_001',
      version: 3,
      verifyKey: newSlipKey,
      reason: 'Scheduled yearly key change.',
    });
    expect(await screen.findByText('Key rotated')).toBeInTheDocument();
    expect(
      screen.getByText('Permission Slip: new fingerprint dedca59c2d2743d8. Its old tokens are revoked.'),
    ).toBeInTheDocument();
  });

  it('shows an auditor the directory without any action', async () => {
    signedInAs(['auditor']);
    server.use(trpcQuery('drp.agents', () => directory([permissionSlip, optOutHelper])));
    renderApp('/settings/agents');
    const table = await agentsTable();
    expect(rowOf(table, 'Permission Slip')).toHaveTextContent('c802ab74f980a257');
    expect(
      screen.getByText('You can read the directory; only an admin can add, disable or re-key agents.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add agent' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^(Disable|Enable|Rotate key)/ })).not.toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
  });

  it('says what to do when there are no agents and no directory file', async () => {
    signedInAs(['admin']);
    server.use(trpcQuery('drp.agents', () => directory([], { directoryFile: null })));
    renderApp('/settings/agents');
    expect(await screen.findByText('No agents yet.')).toBeInTheDocument();
    expect(
      screen.getByText(/^Add an agent with its id and verify key from its entry in the service directory/),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'How agents reach us' })).toHaveTextContent(
      'Directory fileNone set: agents are added on this page only.',
    );
    expect(screen.queryByRole('table', { name: 'Authorised agents' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add agent' })).toBeInTheDocument();
  });

  it('shows an error with a retry when the directory cannot load', async () => {
    signedInAs(['admin']);
    let calls = 0;
    server.use(
      trpcQuery('drp.agents', () => {
        calls += 1;
        return calls === 1
          ? new TrpcFailure('INTERNAL_SERVER_ERROR', 'Something went wrong on our side.')
          : directory([permissionSlip]);
      }),
    );
    const { user } = renderApp('/settings/agents');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the agents');
    expect(alert).toHaveTextContent('Something went wrong on our side.');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(rowOf(await agentsTable(), 'Permission Slip')).toBeInTheDocument();
  });

  it('is reached from the settings page', async () => {
    signedInAs(['auditor']);
    server.use(
      trpcQuery('settings.get', () => ({
        settings: { ...defaultSettings, handling: { ...defaultSettings.handling } },
        version: 0,
        updatedAt: null,
        updatedBy: null,
        defaults: defaultSettings,
        recomputePending: false,
      })),
      trpcQuery('drp.agents', () => directory([permissionSlip])),
    );
    const { user, location } = renderApp('/settings');
    const section = await screen.findByRole('region', { name: 'Authorised agents (Data Rights Protocol)' });
    await user.click(within(section).getByRole('link', { name: 'View agents' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Authorised agents' })).toBeInTheDocument();
    expect(location().pathname).toBe('/settings/agents');
  });

  it('tells people without the settings permission that they have no access', async () => {
    signedInAs(['support_agent']);
    renderApp('/settings/agents');
    expect(
      await screen.findByRole('heading', { level: 1, name: "You don't have access" }),
    ).toBeInTheDocument();
  });
});
