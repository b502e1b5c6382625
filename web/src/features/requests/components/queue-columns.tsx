import { Anchor, Badge, Box, Checkbox, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { RequestSortKey } from '@privdesk/shared/constants';
import { IconArrowsSort, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import {
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { firstDirectionOf } from '../queue-search';
import type { FullQueueRow, QueueItem } from '../types';
import { formatCompactDateTime, formatDateTime, regimeLabel, requestTypeLabel } from '../format';
import { DueDate } from './due-date';
import { PriorityLabel } from './priority-label';
import { StatusText } from './status-badge';

/** The server sorts and pages; the table only keeps the sort state (from the URL) and the row selection. */
export const queueTableFeatures = tableFeatures({ rowSortingFeature, rowSelectionFeature });
export type QueueTableFeatures = typeof queueTableFeatures;

export function isFullRow(row: QueueItem): row is FullQueueRow {
  return 'version' in row;
}

const column = createColumnHelper<QueueTableFeatures, QueueItem>();

const nowrap = { whiteSpace: 'nowrap' } as const;

/** The part of a header's column that sorting needs: any column of this table fits, whatever its value type. */
interface SortableColumn {
  getIsSorted: () => false | 'asc' | 'desc';
  getToggleSortingHandler: () => undefined | ((event: unknown) => void);
}

function SortableHeader({ column: sortColumn, label }: { column: SortableColumn; label: string }) {
  const sorted = sortColumn.getIsSorted();
  const Icon = sorted === 'asc' ? IconChevronUp : sorted === 'desc' ? IconChevronDown : IconArrowsSort;
  return (
    <UnstyledButton
      onClick={sortColumn.getToggleSortingHandler()}
      fw={700}
      fz="sm"
      style={nowrap}
      // The header cell's aria-sort tells the state; the title says what pressing it does.
      title={`Sort by ${label.toLowerCase()}`}
    >
      <Group gap={2} wrap="nowrap" component="span">
        <span>{label}</span>
        <Icon size={12} stroke={sorted ? 2.4 : 1.5} aria-hidden />
      </Group>
    </UnstyledButton>
  );
}

function sortable(id: RequestSortKey, label: string) {
  return {
    id,
    header: ({ column: sortColumn }: { column: SortableColumn }) => (
      <SortableHeader column={sortColumn} label={label} />
    ),
    sortDescFirst: firstDirectionOf(id) === 'desc',
  };
}

interface QueueColumnOptions {
  /** Today as the due filters count it. */
  today: string;
  /** Holders of `requests:read` open the request page; summary readers do not have one. */
  canOpen: boolean;
  /** Row checkboxes, for people who may assign or work requests in bulk. */
  selectable: boolean;
  /** Only for readers who see names in clear: the order of masked names would tell what the masks hide. */
  sortByRequester: boolean;
  /**
   * The rows are worked by keyboard (one tab stop for the rows, Enter opens, x selects): the link and the
   * checkbox inside a row leave the tab order so a row is one stop, not three. A pointer still uses them.
   */
  keyboardRows?: boolean;
}

export function queueColumns({
  today,
  canOpen,
  selectable,
  sortByRequester,
  keyboardRows = false,
}: QueueColumnOptions) {
  const inRow = keyboardRows ? -1 : undefined;
  const selection = column.display({
    id: 'select',
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all requests on this page"
        checked={table.getIsAllPageRowsSelected()}
        indeterminate={table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected()}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select ${row.original.reference}`}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
        tabIndex={inRow}
      />
    ),
  });

  const columns = [
    column.accessor('reference', {
      ...sortable('reference', 'Reference'),
      cell: (info) => {
        const row = info.row.original;
        return (
          <Stack gap={2} align="flex-start">
            {canOpen ? (
              <Anchor
                component={Link}
                to={paths.request.build(row.id)}
                fw={600}
                size="sm"
                style={nowrap}
                tabIndex={inRow}
              >
                {row.reference}
              </Anchor>
            ) : (
              <Text size="sm" fw={600} style={nowrap}>
                {row.reference}
              </Text>
            )}
            {isFullRow(row) && row.minor ? (
              <Badge color="pink" variant="light" size="sm" radius="sm" tt="none">
                Minor
              </Badge>
            ) : null}
          </Stack>
        );
      },
    }),
    // Type and regime wrap, so the table fits a laptop screen beside the navigation.
    column.accessor('type', {
      ...sortable('type', 'Type'),
      cell: (info) => (
        <Text size="sm" miw={70}>
          {requestTypeLabel(info.getValue())}
        </Text>
      ),
    }),
    column.accessor('regime', {
      ...sortable('regime', 'Regime'),
      cell: (info) => (
        <Text size="sm" miw={60}>
          {regimeLabel(info.getValue())}
        </Text>
      ),
    }),
    column.accessor('status', {
      ...sortable('status', 'Status'),
      cell: (info) => <StatusText status={info.getValue()} />,
    }),
    column.accessor((row) => row.requesterName, {
      ...(sortByRequester
        ? sortable('requester', 'Requester')
        : { id: 'requester', header: 'Requester', enableSorting: false }),
      cell: (info) => {
        const row = info.row.original;
        // Masked or not, the values are shown exactly as the server sent them.
        return (
          <Stack gap={0} maw={148}>
            <Text size="sm" truncate="end" title={row.requesterName}>
              {row.requesterName}
            </Text>
            <Text size="xs" truncate="end" title={row.requesterEmail}>
              {row.requesterEmail}
            </Text>
          </Stack>
        );
      },
    }),
    column.accessor((row) => (isFullRow(row) ? (row.assignee?.name ?? '') : ''), {
      ...sortable('assignee', 'Assignee'),
      cell: (info) => {
        const row = info.row.original;
        const assignee = isFullRow(row) ? row.assignee : null;
        return assignee ? (
          <Text size="sm" miw={60}>
            {assignee.name}
          </Text>
        ) : (
          <Text size="sm" fs="italic" style={nowrap}>
            Unassigned
          </Text>
        );
      },
    }),
    column.accessor('receivedAt', {
      ...sortable('receivedAt', 'Received'),
      cell: (info) => {
        const at = info.getValue();
        const { day, time } = formatCompactDateTime(at);
        return (
          <Box component="time" dateTime={at} title={formatDateTime(at)} display="block">
            <Text size="sm" style={nowrap}>
              {day}
            </Text>
            <Text size="xs" style={nowrap}>
              {time}
            </Text>
          </Box>
        );
      },
    }),
    column.accessor('dueOn', {
      ...sortable('dueOn', 'Due'),
      cell: (info) => (
        <DueDate dueOn={info.getValue()} status={info.row.original.status} today={today} compact />
      ),
    }),
    column.accessor((row) => (isFullRow(row) ? row.priority : 'normal'), {
      ...sortable('priority', 'Priority'),
      cell: (info) => <PriorityLabel priority={info.getValue()} />,
    }),
  ];

  if (!canOpen) {
    // Summary readers see no internals: neither the assignee nor the priority.
    return column.columns(columns.filter((c) => c.id !== 'assignee' && c.id !== 'priority'));
  }
  return selectable ? column.columns([selection, ...columns]) : column.columns(columns);
}
