import { Badge, Group, Text } from '@mantine/core';
import {
  registryWarningLabels,
  subprocessorStatusLabels,
  type RegistryWarningKind,
  type SubprocessorStatus,
} from '@privdesk/shared/constants';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { RegistryWarningView } from '../types';
import classes from './registry.module.css';

const statusColours: Record<SubprocessorStatus, string> = {
  proposed: 'blue',
  notice_sent: 'cyan',
  objection_window: 'yellow',
  active: 'teal',
  retired: 'gray',
};

function StatusDot({ status }: { status: SubprocessorStatus }) {
  return (
    <span
      aria-hidden
      style={{
        flex: 'none',
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: '50%',
        background: `var(--mantine-color-${statusColours[status]}-filled)`,
      }}
    />
  );
}

/**
 * A subprocessor's status as a pill: the words in the page's own colour (tinted amber or green text falls
 * below WCAG AA in light mode), the coloured dot only helping the eye.
 */
export function SubprocessorStatusBadge({
  status,
  size = 'md',
}: {
  status: SubprocessorStatus;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge
      variant="default"
      size={size}
      radius="sm"
      tt="none"
      leftSection={<StatusDot status={status} />}
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {subprocessorStatusLabels[status]}
    </Badge>
  );
}

/** One line per kind of warning ("No DPA", "Transfer without a mechanism (2)"); the details in its title. */
export function groupWarnings(
  warnings: readonly RegistryWarningView[],
): { kind: RegistryWarningKind; label: string; details: string[] }[] {
  const groups = new Map<RegistryWarningKind, string[]>();
  for (const w of warnings) groups.set(w.kind, [...(groups.get(w.kind) ?? []), w.detail]);
  return [...groups].map(([kind, details]) => ({
    kind,
    label:
      details.length > 1 ? `${registryWarningLabels[kind]} (${details.length})` : registryWarningLabels[kind],
    details,
  }));
}

/** The warnings of a table row: an icon and the words of each, so colour is never the only signal. */
export function WarningsCell({ warnings }: { warnings: readonly RegistryWarningView[] }) {
  if (warnings.length === 0)
    return (
      <Text size="xs" c="dimmed">
        None
      </Text>
    );
  return (
    <ul
      className={classes.warnings}
      aria-label={`${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}`}
    >
      {groupWarnings(warnings).map((g) => (
        <li key={g.kind} title={g.details.join('\n')}>
          <IconAlertTriangle size={13} className={classes.warningIcon} aria-hidden />
          <span>{g.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** Status with its dot, for narrow places (a link list). */
export function StatusText({ status }: { status: SubprocessorStatus }) {
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <StatusDot status={status} />
      <span>{subprocessorStatusLabels[status]}</span>
    </Group>
  );
}
