import { Anchor, Badge, Checkbox, Group, Text, UnstyledButton } from '@mantine/core';
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

/** A cell's value on one line, cut with an ellipsis past `maw`, whole in its title. */
function OneLine({ text, maw }: { text: string; maw: number }) {
  return (
    <Text size="sm" truncate="end" maw={maw} title={text}>
      {text}
    </Text>
  );
}

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
          <Group gap={6} wrap="nowrap">
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
          </Group>
        );
      },
    }),
    // Every cell is one line (long values end in an ellipsis, whole on hover), so a row is one line high
    // and a laptop screen shows ten or more of them.
    column.accessor('type', {
      ...sortable('type', 'Type'),
      cell: (info) => <OneLine text={requestTypeLabel(info.getValue())} maw={88} />,
    }),
    column.accessor('regime', {
      ...sortable('regime', 'Regime'),
      cell: (info) => <OneLine text={regimeLabel(info.getValue())} maw={76} />,
    }),
    column.accessor('status', {
      ...sortable('status', 'Status'),
      cell: (info) => <StatusText status={info.getValue()} oneLine />,
    }),
    column.accessor((row) => row.requesterName, {
      ...(sortByRequester
        ? sortable('requester', 'Requester')
        : { id: 'requester', header: 'Requester', enableSorting: false }),
      cell: (info) => {
        const row = info.row.original;
        // Masked or not, the values are shown exactly as the server sent them.
        const minor = isFullRow(row) && row.minor;
        return (
          <Group gap={4} wrap="nowrap">
            {minor ? (
              <Badge color="pink" variant="light" size="xs" radius="sm" tt="none" style={{ flex: 'none' }}>
                Minor
              </Badge>
            ) : null}
            <Text
              size="sm"
              truncate="end"
              maw={minor ? 96 : 140}
              title={`${row.requesterName} · ${row.requesterEmail}`}
            >
              {row.requesterName}{' '}
              <Text span size="xs">
                {row.requesterEmail}
              </Text>
            </Text>
          </Group>
        );
      },
    }),
    column.accessor((row) => (isFullRow(row) ? (row.assignee?.name ?? '') : ''), {
      ...sortable('assignee', 'Assignee'),
      cell: (info) => {
        const row = info.row.original;
        const assignee = isFullRow(row) ? row.assignee : null;
        return assignee ? (
          <OneLine text={assignee.name} maw={100} />
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
        const { day } = formatCompactDateTime(at);
        // The day alone keeps the row one line; the time is on hover (and on the request page).
        return (
          <Text size="sm" component="time" dateTime={at} title={formatDateTime(at)} style={nowrap}>
            {day}
          </Text>
        );
      },
    }),
    column.accessor('dueOn', {
      ...sortable('dueOn', 'Due'),
      cell: (info) => (
        <DueDate dueOn={info.getValue()} status={info.row.original.status} today={today} compact inline />
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
