import { Code, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { AuditEventRow } from '@privdesk/shared';
import type { DataTableFeatures } from '../../../components/data-table/data-table';
import { formatUtc } from '../format';

const column = createColumnHelper<DataTableFeatures, AuditEventRow>();

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
    cell: (info) => <Code>{info.getValue()}</Code>,
  }),
  column.accessor('entityType', { header: 'Entity type' }),
  column.accessor('entityId', {
    header: 'Entity ID',
    cell: (info) => {
      const id = info.getValue();
      return id ? (
        <Text size="sm" ff="monospace" maw={130} truncate title={id}>
          {id}
        </Text>
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
