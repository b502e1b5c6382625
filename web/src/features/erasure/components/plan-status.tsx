import { Alert, Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { RequestStatus } from '@privdesk/shared/constants';
import { IconClockHour4 } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { StatusDot } from '../../../components/feedback/status-badge';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { durationUntil, formatDateTime } from '../format';
import type { PlanView } from '../types';

/** Where the plan stands, in the plan's words (the request's status says it, named for the request). */
function stageOf(status: RequestStatus): string {
  switch (status) {
    case 'in_progress':
      return 'Being prepared';
    case 'awaiting_approval':
      return 'Awaiting approval';
    case 'approved':
      return 'Approved: grace period';
    case 'fulfilling':
      return 'Running';
    case 'completed':
      return 'Completed';
    case 'denied':
      return 'Not run: the request was denied';
    case 'withdrawn':
      return 'Not run: the request was withdrawn';
    case 'received':
    case 'verifying':
    case 'awaiting_requester':
    case 'closed_unverified':
      return 'On hold';
  }
}

/** The time now, again every `everyMs`: enough for a countdown in minutes. */
function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

function Countdown({ graceEndsAt }: { graceEndsAt: string }) {
  const now = useNow(30_000);
  const left = durationUntil(graceEndsAt, now);
  const at = <time dateTime={graceEndsAt}>{formatDateTime(graceEndsAt)}</time>;
  return (
    <Alert color="teal" variant="light" icon={<IconClockHour4 size={18} aria-hidden />}>
      <Text size="sm" fw={600}>
        {left ? (
          <>
            Runs at {at} (in {left}) unless cancelled.
          </>
        ) : (
          <>The grace period ended at {at}: the erasure starts within minutes.</>
        )}
      </Text>
    </Alert>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Table variant="vertical" layout="fixed" verticalSpacing={4} withTableBorder={false}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={{ base: 100, sm: 130 }} fz="sm">
              {label}
            </Table.Th>
            <Table.Td fz="sm" style={{ wordBreak: 'break-word' }}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function byAt(name: string | undefined, at: string): ReactNode {
  return (
    <>
      {name ?? 'Someone no longer on staff'} · <time dateTime={at}>{formatDateTime(at)}</time>
    </>
  );
}

/**
 * Where the plan stands above its lines: its stage and version, who prepared and changed it, who submitted
 * it, the decision with its note, and while approved, when it runs (a live countdown: the time to cancel).
 */
export function PlanStatus({ plan }: { plan: PlanView }) {
  const others = plan.editors.filter((e) => e.id !== plan.preparedBy?.id);
  const rows: [string, ReactNode][] = [
    [
      'Prepared',
      <>
        {byAt(plan.preparedBy?.name, plan.preparedAt)}
        {others.length > 0 ? (
          <Text size="xs" c="dimmed" component="span" display="block">
            Also changed by {others.map((e) => e.name).join(', ')}
          </Text>
        ) : null}
      </>,
    ],
  ];
  if (plan.submitted) {
    rows.push(['Submitted', byAt(plan.submitted.by?.name, plan.submitted.at)]);
  }
  if (plan.decision?.kind === 'approved') {
    rows.push([
      'Approved',
      <>
        {byAt(plan.decision.by?.name, plan.decision.at)}
        <Text size="sm" component="span" display="block" style={{ whiteSpace: 'pre-wrap' }}>
          “{plan.decision.note}”
        </Text>
      </>,
    ]);
  }
  if (plan.executionStartedAt) {
    rows.push([
      'Started',
      <time dateTime={plan.executionStartedAt}>{formatDateTime(plan.executionStartedAt)}</time>,
    ]);
  }
  const rejected = plan.decision?.kind === 'rejected' ? plan.decision : null;
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Badge variant="default" radius="sm" tt="none" leftSection={<StatusDot status={plan.status} />}>
          {stageOf(plan.status)}
        </Badge>
        <Text size="sm" c="dimmed">
          Version {plan.version}
        </Text>
      </Group>
      {plan.status === 'approved' && plan.graceEndsAt ? <Countdown graceEndsAt={plan.graceEndsAt} /> : null}
      {rejected ? (
        <WarningAlert title={`Rejected by ${rejected.by?.name ?? 'someone no longer on staff'}`}>
          <Stack gap={4}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              “{rejected.note}”
            </Text>
            <Text size="xs">
              <time dateTime={rejected.at}>{formatDateTime(rejected.at)}</time>
            </Text>
          </Stack>
        </WarningAlert>
      ) : null}
      <Facts rows={rows} />
    </Stack>
  );
}
