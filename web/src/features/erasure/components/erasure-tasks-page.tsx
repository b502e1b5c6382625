import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { lineActionLabels } from '@privdesk/shared/constants';
import { IconChecklist } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { useFocusReturn } from '../../../lib/use-focus-return';
import { formatDateTime, lineActionColors } from '../format';
import type { ErasureTask } from '../types';
import { CloseTaskModal } from './close-task-modal';

/** "Support desk" or "Billing — Invoices and their lines", as the plan names its lines. */
function taskName(task: ErasureTask): string {
  if (task.recipient) return `Notify ${task.recipient} (recipient of ${task.system.name})`;
  return task.scope ? `${task.system.name} — ${task.scope}` : task.system.name;
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Table variant="vertical" layout="fixed" verticalSpacing={4} withTableBorder={false}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={{ base: 96, sm: 130 }} fz="sm">
              {label}
            </Table.Th>
            <Table.Td fz="sm" style={{ overflowWrap: 'anywhere' }}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TaskCard({
  task,
  canReadRequests,
  onClose,
}: {
  task: ErasureTask;
  canReadRequests: boolean;
  onClose: (task: ErasureTask) => void;
}) {
  const titleId = useId();
  const name = taskName(task);
  return (
    <Paper withBorder radius="md" p="md" component="li" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group gap="xs" align="center" wrap="wrap" miw={0}>
          <Title order={2} size="h4" id={titleId} style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Title>
          <Badge variant="light" color={lineActionColors[task.action]} radius="sm" tt="none">
            {lineActionLabels[task.action]}
          </Badge>
        </Group>
        <Facts
          rows={[
            [
              'Request',
              // An admin owns systems too but reads no request: the reference alone tells them which one.
              canReadRequests ? (
                <Anchor component={Link} to={paths.request.build(task.requestId)} size="sm">
                  {task.reference}
                </Anchor>
              ) : (
                task.reference
              ),
            ],
            ['Account', task.accountNumber ?? 'No account on the request'],
            ['Opened', <time dateTime={task.openedAt}>{formatDateTime(task.openedAt)}</time>],
          ]}
        />
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            What to do
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {task.recipient
              ? `Tell ${task.recipient}, which receives this person’s data from ${task.system.name}, that the data is erased, and ask it to erase its copy (GDPR Art. 19; CCPA §7022(b)). Close the task with when and how you told it.`
              : task.system.instructions.trim() === ''
                ? 'The data inventory has no instructions for this system.'
                : task.system.instructions}
          </Text>
        </Stack>
        {/* After the instructions: what was done is read first, then closed. */}
        <Button
          size="sm"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => onClose(task)}
          aria-label={`Close the ${name} task with evidence…`}
        >
          Close with evidence…
        </Button>
      </Stack>
    </Paper>
  );
}

/**
 * A system owner's open erasure tasks: every manual line of a running erasure in a system they
 * own, with the system's instructions and the account to look for, each closed here with its evidence. Any
 * staff member may own a system, an admin included, so the page needs nothing from the request's page.
 */
export function ErasureTasksPage() {
  usePageTitle('My erasure tasks');
  const trpc = useTRPC();
  const tasks = useQuery(trpc.erasure.myTasks.queryOptions());
  const canReadRequests = useCan('requests:read');
  const [closing, setClosing] = useState<ErasureTask | null>(null);
  const focusReturn = useFocusReturn();
  const { restore: restoreFocus } = focusReturn;
  useEffect(() => {
    if (closing === null) restoreFocus();
  }, [closing, restoreFocus]);

  let body: ReactNode;
  if (tasks.isPending) {
    body = (
      <Stack gap="sm" aria-busy role="status" aria-label="Loading your erasure tasks">
        <Skeleton height={180} radius="md" />
        <Skeleton height={180} radius="md" />
      </Stack>
    );
  } else if (tasks.isError) {
    body = (
      <QueryErrorAlert
        title="Could not load your erasure tasks"
        error={tasks.error}
        onRetry={() => void tasks.refetch()}
      />
    );
  } else if (tasks.data.items.length === 0) {
    body = (
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="xs">
          <IconChecklist size={32} stroke={1.5} aria-hidden color="var(--mantine-color-dimmed)" />
          <Text fw={600}>No erasure tasks for you.</Text>
          <Text size="sm" c="dimmed" ta="center">
            When an erasure reaches a system you own that no connector reaches, its task appears here.
          </Text>
        </Stack>
      </Paper>
    );
  } else {
    body = (
      <Stack
        component="ul"
        gap="sm"
        aria-label="Open erasure tasks"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {tasks.data.items.map((task) => (
          <TaskCard
            key={task.lineId}
            task={task}
            canReadRequests={canReadRequests}
            onClose={(t) => {
              focusReturn.capture();
              setClosing(t);
            }}
          />
        ))}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={1}>My erasure tasks</Title>
        <Text c="dimmed" size="sm">
          Erasures waiting for you in the systems you own: do what the instructions say, then close each task
          with what you did and how you checked it.
        </Text>
      </Stack>
      {body}
      {closing ? (
        <CloseTaskModal
          task={{
            requestId: closing.requestId,
            lineId: closing.lineId,
            name: taskName(closing),
            reference: closing.reference,
          }}
          onClose={() => setClosing(null)}
        />
      ) : null}
    </Stack>
  );
}
