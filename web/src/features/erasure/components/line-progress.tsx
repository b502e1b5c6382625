import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { lineStatusLabels, type LineStatus } from '@privdesk/shared/constants';
import type { ReactNode } from 'react';
import { formatDateTime } from '../format';
import type { PlanLine } from '../types';

const statusColors: Record<LineStatus, string> = {
  pending: 'gray',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  justified: 'gray',
};

/**
 * A line's status as a pill. Its text keeps the page's colour (tinted pills fall below WCAG AA in light
 * mode, as the request's status badge found); the dot only helps the eye.
 */
export function LineStatusBadge({ status }: { status: LineStatus }) {
  return (
    <Badge
      variant="default"
      radius="sm"
      tt="none"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
      leftSection={
        <span
          aria-hidden
          style={{
            display: 'inline-block',
            width: 8,
            height: 8,
            borderRadius: '50%',
            background: `var(--mantine-color-${statusColors[status]}-filled)`,
          }}
        />
      }
    >
      {lineStatusLabels[status]}
    </Badge>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * What the connector reported, in its own terms: the platform counts rows (erased, anonymised and those its
 * retention scopes kept, summed by the server), a receiver counts the records it erased.
 */
function rowsText(line: PlanLine, rows: number): string {
  return line.system.connectorKind === 'webhook'
    ? `The receiver reported ${plural(rows, 'record', 'records')} erased`
    : `The platform reported ${plural(rows, 'row', 'rows')}`;
}

function Detail({ children, color }: { children: ReactNode; color?: string }) {
  return (
    <Text size="xs" c={color} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

/**
 * Where one line's execution stands and what is known of it. Each fact shows only when the server has it
 * (a line it knows nothing more about shows its status alone): never a guess.
 */
export function LineProgress({ line, action }: { line: PlanLine; action?: ReactNode }) {
  const details: ReactNode[] = [];
  if (line.status === 'failed' && line.failure) {
    details.push(
      <Detail key="failure" color="var(--mantine-color-error)">
        {line.failure}
      </Detail>,
    );
  }
  if (line.status === 'running' && line.waitingFor === 'call') {
    details.push(
      <Detail key="waiting">Told by {line.system.name}’s erasure call, once it is answered</Detail>,
    );
  }
  if (line.status === 'running' && line.waitingFor === 'receiver') {
    details.push(<Detail key="waiting">Waiting for the receiver’s answer</Detail>);
  }
  if (line.status === 'running' && line.waitingFor === 'owner') {
    details.push(
      <Detail key="waiting">
        {line.owner ? `Waiting for ${line.owner.name}’s evidence` : 'Waiting for the system owner’s evidence'}
      </Detail>,
    );
  }
  if (line.notice === 'erasure_call') {
    details.push(<Detail key="notice">Told by {line.system.name}’s signed erasure call</Detail>);
  }
  if (line.notice === 'nothing_erased') {
    details.push(<Detail key="notice">Nothing erased in {line.system.name}: nothing to tell</Detail>);
  }
  if (line.status === 'done' && typeof line.rows === 'number') {
    details.push(<Detail key="rows">{rowsText(line, line.rows)}</Detail>);
  }
  if (line.evidence) {
    details.push(
      <Stack key="evidence" gap={0}>
        <Detail>“{line.evidence}”</Detail>
        {line.finishedAt ? (
          <Text size="xs" c="dimmed">
            {line.finishedBy ? `${line.finishedBy.name} · ` : null}
            <time dateTime={line.finishedAt}>{formatDateTime(line.finishedAt)}</time>
          </Text>
        ) : null}
      </Stack>,
    );
  }
  return (
    <Stack gap={4} align="flex-start">
      <LineStatusBadge status={line.status} />
      {details}
      {action}
    </Stack>
  );
}

/** Lines whose work is over: done, or justified instead of done. */
function isFinished(status: LineStatus): boolean {
  return status === 'done' || status === 'justified';
}

/** "3 of 8 lines done", with what holds up the rest: a glance at how far the erasure has gone. */
export function PlanProgress({ lines }: { lines: readonly PlanLine[] }) {
  const finished = lines.filter((l) => isFinished(l.status)).length;
  const failed = lines.filter((l) => l.status === 'failed').length;
  const waiting = lines.filter((l) => l.status === 'running').length;
  const rest: string[] = [];
  if (failed > 0) rest.push(`${failed} failed`);
  if (waiting > 0) rest.push(`${waiting} running`);
  const summary = `${finished} of ${plural(lines.length, 'line', 'lines')} done`;
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {summary}
        </Text>
        {rest.length > 0 ? (
          <Text size="sm" c="dimmed">
            · {rest.join(' · ')}
          </Text>
        ) : null}
      </Group>
      <Progress.Root size="sm" aria-hidden>
        <Progress.Section value={lines.length === 0 ? 0 : (finished / lines.length) * 100} color="teal" />
        <Progress.Section value={lines.length === 0 ? 0 : (failed / lines.length) * 100} color="red" />
      </Progress.Root>
    </Stack>
  );
}
