import { Badge, Group, Text } from '@mantine/core';
import { requestStatusLabels, type RequestStatus } from '@privdesk/shared/constants';

const statusColors: Record<RequestStatus, string> = {
  received: 'blue',
  verifying: 'cyan',
  in_progress: 'indigo',
  awaiting_requester: 'yellow',
  awaiting_approval: 'grape',
  approved: 'teal',
  fulfilling: 'teal',
  completed: 'green',
  denied: 'red',
  withdrawn: 'gray',
  closed_unverified: 'gray',
};

export function StatusDot({ status }: { status: RequestStatus }) {
  return (
    <span
      aria-hidden
      style={{
        flex: 'none',
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: '50%',
        background: `var(--mantine-color-${statusColors[status]}-filled)`,
      }}
    />
  );
}

/**
 * The status as a pill. The text keeps the page's own colour (tinted pills in amber or green fall below
 * WCAG AA in light mode); the coloured dot only helps the eye.
 */
export function StatusBadge({ status, size = 'md' }: { status: RequestStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      variant="default"
      size={size}
      radius="sm"
      tt="none"
      leftSection={<StatusDot status={status} />}
      // The whole label stays: a status is never cut short.
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {requestStatusLabels[status]}
    </Badge>
  );
}

/**
 * The status for a table cell: a coloured dot and the label. `oneLine` keeps it to one line (cut with an
 * ellipsis, whole on hover) so a queue row stays one line high. The words carry the meaning; the dot only
 * helps the eye.
 */
export function StatusText({ status, oneLine = false }: { status: RequestStatus; oneLine?: boolean }) {
  const label = requestStatusLabels[status];
  return (
    <Group gap={6} wrap="nowrap" align={oneLine ? 'center' : 'flex-start'}>
      <span style={{ display: 'inline-flex', marginTop: oneLine ? 0 : 6 }}>
        <StatusDot status={status} />
      </span>
      {oneLine ? (
        <Text size="sm" truncate="end" maw={124} title={label}>
          {label}
        </Text>
      ) : (
        <Text size="sm" lh={1.35}>
          {label}
        </Text>
      )}
    </Group>
  );
}
