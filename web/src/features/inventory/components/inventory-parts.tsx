import { Anchor, Badge, Text } from '@mantine/core';
import {
  connectorKindLabels,
  subprocessorStatusLabels,
  type ConnectorKind,
} from '@privdesk/shared/constants';
import { IconAlertTriangle, IconClipboardList, IconDatabase, IconWebhook } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { plural } from '../format';
import type { InventoryWarningView, LinkedSubprocessor } from '../types';
import classes from './inventory.module.css';

const connectorIcons: Record<ConnectorKind, ReactNode> = {
  internal: <IconDatabase size={14} aria-hidden />,
  webhook: <IconWebhook size={14} aria-hidden />,
  manual: <IconClipboardList size={14} aria-hidden />,
};

/** How erasures reach a system, as a pill: an icon for the eye, the words for everyone. */
export function ConnectorBadge({ kind }: { kind: ConnectorKind }) {
  return (
    <Badge
      variant="default"
      radius="sm"
      tt="none"
      leftSection={connectorIcons[kind]}
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {connectorKindLabels[kind]}
    </Badge>
  );
}

/** A system's warnings: each a line with an icon and its words, the list named by its count. */
export function WarningList({ warnings }: { warnings: readonly InventoryWarningView[] }) {
  return (
    <ul className={classes.warnings} aria-label={plural(warnings.length, 'warning', 'warnings')}>
      {warnings.map((w) => (
        <li key={w.kind}>
          <IconAlertTriangle size={16} className={classes.warningIcon} aria-hidden />
          <span>{w.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** The subprocessors the registry links to a system, each a link to its registry page with its status. */
export function SubprocessorLinks({
  subprocessors,
  empty,
}: {
  subprocessors: readonly LinkedSubprocessor[];
  empty: string;
}) {
  if (subprocessors.length === 0)
    return (
      <Text span size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <ul className={classes.plainList}>
      {subprocessors.map((s) => (
        <li key={s.id}>
          <Anchor component={Link} to={paths.subprocessor.build(s.id)} size="sm" fw={600}>
            {s.name}
          </Anchor>{' '}
          <Text span size="xs" c="dimmed">
            ({subprocessorStatusLabels[s.status]})
          </Text>
        </li>
      ))}
    </ul>
  );
}
