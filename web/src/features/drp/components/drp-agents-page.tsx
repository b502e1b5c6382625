import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { drpVersion, type DrpAgentStatus } from '@privdesk/shared/constants';
import { IconKey, IconLock, IconPlayerPlay, IconPlayerPause, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { agentSourceLabels, agentStatusLabels, formatDateTime, plural } from '../format';
import type { DrpAgentView, DrpDirectoryView } from '../types';
import { AddAgentModal } from './add-agent-modal';
import { AgentStatusModal } from './agent-status-modal';
import { RotateKeyModal } from './rotate-key-modal';
import classes from './drp-agents.module.css';

type AgentAction = 'status' | 'rotateKey';

interface OpenDialog {
  action: AgentAction;
  /** The agent as it was when its button was used; replaced by the list's newer copy once one arrives. */
  snapshot: DrpAgentView;
}

const statusDotColors: Record<DrpAgentStatus, string> = { active: 'teal', disabled: 'gray' };

/** The status as a pill: the words carry the meaning, the dot only helps the eye. */
function AgentStatusBadge({ status }: { status: DrpAgentStatus }) {
  return (
    <Badge
      variant="default"
      radius="sm"
      tt="none"
      leftSection={
        <span
          aria-hidden
          style={{
            display: 'inline-block',
            width: 8,
            height: 8,
            borderRadius: '50%',
            background: `var(--mantine-color-${statusDotColors[status]}-filled)`,
          }}
        />
      }
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {agentStatusLabels[status]}
    </Badge>
  );
}

function When({ iso, none }: { iso: string | null; none: string }) {
  if (iso === null)
    return (
      <Text span size="sm" c="dimmed">
        {none}
      </Text>
    );
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

function Fingerprint({ agent }: { agent: DrpAgentView }) {
  return (
    <Text span size="sm" className={classes.mono} title={`Verify key: ${agent.verifyKey}`}>
      {agent.keyFingerprint}
    </Text>
  );
}

/** Disable or Enable, and Rotate key: each named with its agent, for a screen reader's list of buttons. */
function AgentActions({ agent, onAction }: { agent: DrpAgentView; onAction: (a: AgentAction) => void }) {
  const isActive = agent.status === 'active';
  return (
    <Stack gap={6} align="stretch">
      <Button
        size="xs"
        variant={isActive ? 'light' : 'default'}
        color={isActive ? 'red' : undefined}
        leftSection={
          isActive ? <IconPlayerPause size={14} aria-hidden /> : <IconPlayerPlay size={14} aria-hidden />
        }
        aria-label={`${isActive ? 'Disable' : 'Enable'} ${agent.name}`}
        onClick={() => onAction('status')}
      >
        {isActive ? 'Disable' : 'Enable'}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconKey size={14} aria-hidden />}
        aria-label={`Rotate key of ${agent.name}`}
        onClick={() => onAction('rotateKey')}
      >
        Rotate key
      </Button>
    </Stack>
  );
}

/** Where agents reach us and where their directory comes from: what an agent's operator asks for. */
function Connection({ directory }: { directory: DrpDirectoryView }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="How agents reach us">
      <dl className={classes.facts}>
        <dt>Our business id</dt>
        <dd className={classes.mono}>{directory.businessId}</dd>
        <dt>API base</dt>
        {/* Without PUBLIC_ORIGIN the server knows only the path: agents call the address this page is on. */}
        <dd className={classes.mono}>{new URL(directory.apiBase, window.location.origin).href}</dd>
        <dt>Directory file</dt>
        <dd>
          {directory.directoryFile ? (
            <>
              <span className={classes.mono}>{directory.directoryFile}</span>
              <Text span size="xs" c="dimmed">
                {' '}
                (read at start-up)
              </Text>
            </>
          ) : (
            <Text span size="sm" c="dimmed">
              None set: agents are added on this page only.
            </Text>
          )}
        </dd>
      </dl>
    </Paper>
  );
}

function AgentsTable({
  agents,
  onAction,
}: {
  agents: DrpAgentView[];
  onAction?: (action: AgentAction, agent: DrpAgentView) => void;
}) {
  return (
    <Box visibleFrom="md">
      <Table.ScrollContainer minWidth={onAction ? 980 : 880}>
        <Table verticalSpacing="sm" aria-label="Authorised agents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Agent</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Source</Table.Th>
              <Table.Th scope="col">Key fingerprint</Table.Th>
              <Table.Th scope="col" ta="right">
                Tokens
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Requests filed
              </Table.Th>
              <Table.Th scope="col">Last request</Table.Th>
              <Table.Th scope="col">Key changed</Table.Th>
              {onAction ? (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agents.map((agent) => (
              <Table.Tr key={agent.id} className={agent.status === 'disabled' ? classes.disabled : undefined}>
                <Table.Th scope="row" fw={400}>
                  <Stack gap={2}>
                    <Text size="sm" fw={600}>
                      {agent.name}
                    </Text>
                    <Text size="xs" c="dimmed" className={classes.mono}>
                      {agent.id}
                    </Text>
                  </Stack>
                </Table.Th>
                <Table.Td>
                  <AgentStatusBadge status={agent.status} />
                </Table.Td>
                <Table.Td>{agentSourceLabels[agent.source]}</Table.Td>
                <Table.Td>
                  <Fingerprint agent={agent} />
                </Table.Td>
                <Table.Td ta="right">{agent.tokens.toLocaleString('en-GB')}</Table.Td>
                <Table.Td ta="right">{agent.requests.toLocaleString('en-GB')}</Table.Td>
                <Table.Td>
                  <When iso={agent.lastRequestAt} none="None yet" />
                </Table.Td>
                <Table.Td>
                  <When iso={agent.keyChangedAt} none="Never" />
                </Table.Td>
                {onAction ? (
                  <Table.Td>
                    <AgentActions agent={agent} onAction={(action) => onAction(action, agent)} />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Box>
  );
}

function AgentCard({
  agent,
  onAction,
}: {
  agent: DrpAgentView;
  onAction?: (action: AgentAction, agent: DrpAgentView) => void;
}) {
  const headingId = useId();
  return (
    <Paper withBorder radius="md" p="sm" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Title order={2} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
              {agent.name}
            </Title>
            <Text size="xs" c="dimmed" className={classes.mono}>
              {agent.id}
            </Text>
          </Stack>
          <AgentStatusBadge status={agent.status} />
        </Group>
        <dl className={classes.facts}>
          <dt>Source</dt>
          <dd>{agentSourceLabels[agent.source]}</dd>
          <dt>Key fingerprint</dt>
          <dd>
            <Fingerprint agent={agent} />
          </dd>
          <dt>Tokens</dt>
          <dd>{agent.tokens.toLocaleString('en-GB')}</dd>
          <dt>Requests filed</dt>
          <dd>{agent.requests.toLocaleString('en-GB')}</dd>
          <dt>Last request</dt>
          <dd>
            <When iso={agent.lastRequestAt} none="None yet" />
          </dd>
          <dt>Key changed</dt>
          <dd>
            <When iso={agent.keyChangedAt} none="Never" />
          </dd>
        </dl>
        {onAction ? <AgentActions agent={agent} onAction={(action) => onAction(action, agent)} /> : null}
      </Stack>
    </Paper>
  );
}

/**
 * The Data Rights Protocol's authorised agents: who may file requests by machine, with which key, and how
 * much each has used us. Admins and auditors read it; admins add agents, disable or enable them and give
 * them new keys. A handful of agents: one table, no paging.
 */
export function DrpAgentsPage() {
  usePageTitle('Authorised agents');
  const trpc = useTRPC();
  const canManage = useCan('settings:manage');
  const list = useQuery(trpc.drp.agents.queryOptions({}));
  const [isAdding, setIsAdding] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  const agents = list.data?.items ?? [];
  const dialogAgent = dialog ? (agents.find((a) => a.id === dialog.snapshot.id) ?? dialog.snapshot) : null;
  const closeDialog = () => setDialog(null);
  const onAction = canManage
    ? (action: AgentAction, snapshot: DrpAgentView) => setDialog({ action, snapshot })
    : undefined;
  const active = agents.filter((a) => a.status === 'active').length;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} maw={720}>
          <Text size="sm">
            <Anchor component={Link} to={paths.settings.build()} size="sm" underline="always">
              Settings
            </Anchor>{' '}
            › Authorised agents
          </Text>
          <Title order={1}>Authorised agents</Title>
          <Text c="dimmed" size="sm">
            Authorised agents file privacy requests for consumers by machine, over the Data Rights Protocol{' '}
            {drpVersion}. Each signs with its own key: only an active agent whose key is listed here gets in.
          </Text>
        </Stack>
        {canManage ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setIsAdding(true)}>
            Add agent
          </Button>
        ) : null}
      </Group>
      {canManage ? null : (
        <Alert color="gray" variant="light" icon={<IconLock size={18} aria-hidden />}>
          You can read the directory; only an admin can add, disable or re-key agents.
        </Alert>
      )}
      {list.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading the agents">
          <Skeleton h={96} />
          <Skeleton h={20} w={220} />
          <Skeleton h={180} />
        </Stack>
      ) : list.isError ? (
        <QueryErrorAlert
          title="Could not load the agents"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <>
          <Connection directory={list.data} />
          {agents.length === 0 ? (
            <Paper withBorder radius="md" p="xl">
              <Stack align="center" gap="xs" ta="center">
                <Text fw={600}>No agents yet.</Text>
                <Text size="sm" c="dimmed" maw={560}>
                  {canManage
                    ? 'Add an agent with its id and verify key from its entry in the service directory, or set DRP_AGENTS_FILE to the directory’s agents file and restart Privacy Desk.'
                    : 'An admin adds agents here, or through the service directory’s file read at start-up.'}
                </Text>
              </Stack>
            </Paper>
          ) : (
            <Stack gap="sm">
              <Text size="sm" c="dimmed" aria-live="polite">
                {plural(agents.length, 'agent', 'agents')} · {active.toLocaleString('en-GB')} active
              </Text>
              <AgentsTable agents={agents} onAction={onAction} />
              {/* A phone has no room for eight columns: the same facts, one agent under another. */}
              <Box hiddenFrom="md">
                <ul className={classes.cards} aria-label="Authorised agents">
                  {agents.map((agent) => (
                    <li key={agent.id}>
                      <AgentCard agent={agent} onAction={onAction} />
                    </li>
                  ))}
                </ul>
              </Box>
            </Stack>
          )}
        </>
      )}
      {canManage && isAdding ? <AddAgentModal onClose={() => setIsAdding(false)} /> : null}
      {canManage && dialog && dialogAgent ? (
        dialog.action === 'status' ? (
          <AgentStatusModal key={dialogAgent.id} agent={dialogAgent} onClose={closeDialog} />
        ) : (
          <RotateKeyModal key={dialogAgent.id} agent={dialogAgent} onClose={closeDialog} />
        )
      ) : null}
    </Stack>
  );
}
