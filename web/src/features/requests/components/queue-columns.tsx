import { Group, UnstyledButton, VisuallyHidden } from '@mantine/core';
import {
  customerFlagLabels,
  customerFlagShortLabels,
  requestPriorityLabels,
  requestStatusLabels,
  type RequestPriority,
  type RequestSortKey,
  type RequestStatus,
} from '@privdesk/shared/constants';
import { IconArrowUp, IconArrowsSort, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
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
import {
  dueStateOf,
  formatCalendarDate,
  formatCompactDateTime,
  formatDateTime,
  formatShortCalendarDate,
  regimeLabel,
  requestTypeLabel,
} from '../format';
import { StandingChip } from '../../../components/feedback/standing-chip';
import cells from './queue-cells.module.css';
import { StatusDot } from '../../../components/feedback/status-badge';

/** The server sorts and pages; the table only keeps the sort state (from the URL) and the row selection. */
export const queueTableFeatures = tableFeatures({ rowSortingFeature, rowSelectionFeature });
export type QueueTableFeatures = typeof queueTableFeatures;

export function isFullRow(row: QueueItem): row is FullQueueRow {
  return 'version' in row;
}

const column = createColumnHelper<QueueTableFeatures, QueueItem>();

const nowrap = { whiteSpace: 'nowrap' } as const;

// The cells below are plain elements with CSS classes (queue-cells.module.css), not Mantine components:
// a page is fifty rows of ten cells, and each Text, Group or Checkbox is a component tree of its own.

/** A cell's value on one line, cut with an ellipsis past `maw`, whole in its title. */
function OneLine({ text, maw }: { text: string; maw: number }) {
  return (
    <span className={cells.oneLine} style={{ maxWidth: maw }} title={text}>
      {text}
    </span>
  );
}

/** A native checkbox (one element, not Mantine's five), with the "some selected" state for the header. */
function RowCheckbox({
  label,
  checked,
  indeterminate = false,
  onChange,
  tabIndex,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  onChange: ((event: unknown) => void) | undefined;
  tabIndex?: number | undefined;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={cells.check}
      aria-label={label}
      checked={checked}
      onChange={onChange}
      tabIndex={tabIndex}
    />
  );
}

function StatusCell({ status }: { status: RequestStatus }) {
  const label = requestStatusLabels[status];
  return (
    <span className={cells.row}>
      <StatusDot status={status} />
      <span className={cells.oneLine} style={{ maxWidth: 112 }} title={label}>
        {label}
      </span>
    </span>
  );
}

/** The due date ("12 Apr", the full date on hover) and, while open, how it stands. */
function DueCell({ dueOn, status, today }: { dueOn: string; status: RequestStatus; today: string }) {
  const due = dueStateOf(dueOn, status, today);
  return (
    <span className={cells.row} style={{ gap: 'var(--mantine-spacing-xs)' }}>
      <time className={cells.text} dateTime={dueOn} title={formatCalendarDate(dueOn)}>
        {formatShortCalendarDate(dueOn, today)}
      </time>
      {due.text === null ? null : due.tone === 'overdue' || due.tone === 'soon' ? (
        // "186 d overdue" on screen, the words in full for screen readers and on hover.
        <StandingChip tone={due.tone} noWrap>
          <span title={due.text}>
            <span aria-hidden>{due.text.replace(/ days? /, ' d ')}</span>
            <span className={VisuallyHidden.classes.root}>{due.text}</span>
          </span>
        </StandingChip>
      ) : (
        <span className={`${cells.text} ${cells.small}`}>{due.text}</span>
      )}
    </span>
  );
}

/** Normal and low are quiet; high is bold with an arrow; urgent is a filled red tag. */
function PriorityCell({ priority }: { priority: RequestPriority }) {
  const label = requestPriorityLabels[priority];
  if (priority === 'urgent') {
    return (
      <span className={cells.tag} data-kind="urgent">
        {label}
      </span>
    );
  }
  if (priority === 'high') {
    return (
      <span className={`${cells.row} ${cells.text} ${cells.strong}`} style={{ gap: 2 }}>
        <IconArrowUp size={14} color="var(--mantine-color-orange-filled)" aria-hidden />
        {label}
      </span>
    );
  }
  return <span className={cells.text}>{label}</span>;
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
      <RowCheckbox
        label="Select all requests on this page"
        checked={table.getIsAllPageRowsSelected()}
        indeterminate={table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected()}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <RowCheckbox
        label={`Select ${row.original.reference}`}
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
        const reference = canOpen ? (
          <Link to={paths.request.build(row.id)} className={cells.reference} tabIndex={inRow}>
            {row.reference}
          </Link>
        ) : (
          <span className={`${cells.text} ${cells.strong}`}>{row.reference}</span>
        );
        return reference;
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
      cell: (info) => <StatusCell status={info.getValue()} />,
    }),
    column.accessor((row) => row.requesterName, {
      ...(sortByRequester
        ? sortable('requester', 'Requester')
        : { id: 'requester', header: 'Requester', enableSorting: false }),
      cell: (info) => {
        const row = info.row.original;
        // Masked or not, the values are shown exactly as the server sent them.
        const minor = isFullRow(row) && row.minor;
        const [shown, ...others] = row.customerFlags;
        // The linked account's standing flags: a legal hold or a restriction changes what may be done. One
        // tag (the first, and how many more), inside the requester's fixed width, so a flagged row is no wider
        // than any other and the table fits a laptop whatever the page holds.
        const allFlags = row.customerFlags.map((kind) => customerFlagLabels[kind]).join(', ');
        // Filed by an authorised agent over the Data Rights Protocol: "via <agent>", cut to fit, whole on
        // hover; screen readers hear what it means.
        const filedBy = isFullRow(row) ? row.filedBy : null;
        return (
          <span className={cells.requester}>
            {minor ? (
              <span className={cells.tag} data-kind="minor">
                Minor
              </span>
            ) : null}
            {shown === undefined ? null : (
              <span className={cells.tag} data-kind="flag" title={allFlags}>
                {customerFlagShortLabels[shown]}
                {others.length > 0 ? ` +${others.length}` : ''}
                <span className={VisuallyHidden.classes.root}>{`: ${allFlags}`}</span>
              </span>
            )}
            {filedBy ? (
              <span className={cells.tag} data-kind="agent" title={`Filed by authorised agent ${filedBy}`}>
                <span aria-hidden>{`via ${filedBy}`}</span>
                <span className={VisuallyHidden.classes.root}>{`Filed by authorised agent ${filedBy}`}</span>
              </span>
            ) : null}
            <span className={cells.oneLine} title={`${row.requesterName} · ${row.requesterEmail}`}>
              {row.requesterName} <span className={cells.small}>{row.requesterEmail}</span>
            </span>
          </span>
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
          <span className={cells.unassigned}>Unassigned</span>
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
          <time className={cells.text} dateTime={at} title={formatDateTime(at)}>
            {day}
          </time>
        );
      },
    }),
    column.accessor('dueOn', {
      ...sortable('dueOn', 'Due'),
      cell: (info) => <DueCell dueOn={info.getValue()} status={info.row.original.status} today={today} />,
    }),
    column.accessor((row) => (isFullRow(row) ? row.priority : 'normal'), {
      ...sortable('priority', 'Priority'),
      cell: (info) => <PriorityCell priority={info.getValue()} />,
    }),
  ];

  if (!canOpen) {
    // Summary readers see no internals: neither the assignee nor the priority.
    return column.columns(columns.filter((c) => c.id !== 'assignee' && c.id !== 'priority'));
  }
  return selectable ? column.columns([selection, ...columns]) : column.columns(columns);
}
