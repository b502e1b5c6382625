import { Code, Stack, Text } from '@mantine/core';
import { auditActionLabels, auditActions, type AuditAction } from '@privdesk/shared/constants';
import { createColumnHelper } from '@tanstack/react-table';
import type { AuditEventRow } from '@privdesk/shared';
import type { DataTableFeatures } from '../../../components/data-table/data-table';
import { formatUtc } from '../format';

const column = createColumnHelper<DataTableFeatures, AuditEventRow>();

function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

export const auditColumns = column.columns([
  column.accessor('seq', {
    header: '#',
    cell: (info) => (
      <Text size="sm" ff="monospace" fw={600}>
        {info.getValue()}
      </Text>
    ),
  }),
  column.accessor('at', {
    header: 'Time (UTC)',
    cell: (info) => (
      <Text size="sm" component="time" dateTime={info.getValue()} style={{ whiteSpace: 'nowrap' }}>
        {formatUtc(info.getValue())}
      </Text>
    ),
  }),
  column.accessor('actorName', {
    header: 'Actor',
    cell: (info) =>
      info.getValue() ? (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {info.getValue()}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" component="span">
          {info.row.original.actorId ? 'Unknown' : '—'}
        </Text>
      ),
  }),
  column.accessor('action', {
    header: 'Action',
    cell: (info) => {
      const action = info.getValue();
      return (
        <Stack gap={0} miw={150}>
          <Text size="sm">{isAuditAction(action) ? auditActionLabels[action] : action}</Text>
          <Code fz="xs" w="fit-content">
            {action}
          </Code>
        </Stack>
      );
    },
  }),
  column.accessor('entityId', {
    header: 'Record',
    cell: (info) => {
      const id = info.getValue();
      const { entityType, entityLabel } = info.row.original;
      return id ? (
        <Stack gap={0}>
          <Text
            size="sm"
            fw={entityLabel ? 600 : undefined}
            ff={entityLabel ? undefined : 'monospace'}
            maw={170}
            truncate
            title={id}
          >
            {entityLabel ?? id}
          </Text>
          <Text size="xs" c="dimmed">
            {entityType}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" component="span">
          —
        </Text>
      );
    },
  }),
  column.accessor('ip', {
    header: 'IP',
    cell: (info) => (
      <Text size="sm" ff="monospace" component="span">
        {info.getValue() ?? '—'}
      </Text>
    ),
  }),
  column.accessor('reason', {
    header: 'Reason',
    cell: (info) => (
      <Text size="sm" maw={220} truncate title={info.getValue() ?? undefined}>
        {info.getValue() ?? ''}
      </Text>
    ),
  }),
]);
