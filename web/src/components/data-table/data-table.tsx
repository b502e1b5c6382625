import { Box, LoadingOverlay, Skeleton, Stack, Table, Text, type MantineSpacing } from '@mantine/core';
import {
  tableFeatures,
  type Cell,
  type ReactTable,
  type Row,
  type RowData,
  type TableFeatures,
} from '@tanstack/react-table';
import {
  memo,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import classes from './data-table.module.css';

/** Server-paged tables need no client processing: the core row model is all they use. */
export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;

export type AriaSort = 'ascending' | 'descending' | 'none';

interface DataTableProps<TFeatures extends TableFeatures, TData extends RowData> {
  /** Any feature set: tables with sorting or selection register those features themselves. */
  table: ReactTable<TFeatures, TData>;
  /** Read by screen readers as the table's name. */
  caption: string;
  /** First load: skeleton rows instead of data. */
  isLoading: boolean;
  /** A newer page is on its way while the previous one stays visible. */
  isFetching?: boolean;
  emptyMessage: string;
  /** A way out of an empty result, such as "Clear filters". */
  emptyAction?: ReactNode;
  skeletonRows?: number;
  minWidth?: number;
  /** Makes rows focusable and opens the row on click, Enter or Space. */
  onRowActivate?: (row: TData) => void;
  rowLabel?: (row: TData) => string;
  /**
   * False when each row already holds its own focusable way in (a link): the row then opens on click only,
   * and keyboard users are spared a second tab stop per row.
   */
  rowsFocusable?: boolean;
  /** `aria-sort` for a column's header cell, for tables sorted by the server. */
  ariaSortOf?: (columnId: string) => AriaSort | undefined;
  /** Space between columns; wide tables tighten it to fit beside the navigation. */
  horizontalSpacing?: MantineSpacing;
  /** Highlights selected rows (the checkbox in the row says so to assistive technology). */
  isRowSelected?: (row: TData) => boolean;
  /**
   * A table worked by keyboard (the queue): the rows are one tab stop together (the row last moved to),
   * ↓/j and ↑/k move between them, Enter opens, x or Space selects. Controls inside a row are then taken
   * out of the tab order by their columns; a pointer still uses them.
   */
  keyboardRows?: { onToggleSelect?: (row: TData) => void };
  /**
   * Columns shown only on wide screens (1440 px and up): on a laptop they give way so the columns that
   * matter fit beside the navigation without a sideways scroll. Their values stay in the row's other views.
   */
  wideOnlyColumns?: readonly string[];
  /** Extra class on the table (each cell carries `data-col`, its column id, for a page's own layout). */
  className?: string;
}

const moveKeys: Record<string, 1 | -1> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 };

/** Clicks on a control inside a row belong to that control, not to the row. */
function isFromControl(event: MouseEvent<HTMLElement>): boolean {
  const target = event.target as HTMLElement;
  const control = target.closest('a, button, input, label, select, textarea, [role="checkbox"]');
  return control !== null && event.currentTarget.contains(control);
}

export function DataTable<TFeatures extends TableFeatures, TData extends RowData>({
  table,
  caption,
  isLoading,
  isFetching = false,
  emptyMessage,
  emptyAction,
  skeletonRows = 8,
  minWidth = 720,
  onRowActivate,
  rowLabel,
  rowsFocusable = true,
  ariaSortOf,
  horizontalSpacing,
  isRowSelected,
  keyboardRows,
  wideOnlyColumns = [],
  className,
}: DataTableProps<TFeatures, TData>) {
  const wideOnly = (columnId: string) => (wideOnlyColumns.includes(columnId) ? true : undefined);
  const headerGroups = table.getHeaderGroups();
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;
  const [activeIndex, setActiveIndex] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // A new page or filter: the tab stop goes back to the first row.
  const rowKey = rows.map((r) => r.id).join(',');
  const [seenKey, setSeenKey] = useState(rowKey);
  if (seenKey !== rowKey) {
    setSeenKey(rowKey);
    setActiveIndex(0);
  }
  const focusRow = (index: number) => {
    const target = bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]')[index];
    if (!target) return;
    setActiveIndex(index);
    target.focus();
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: TData, index: number) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || (!keyboardRows && event.key === ' ')) {
      event.preventDefault();
      onRowActivate?.(row);
      return;
    }
    if (!keyboardRows || event.altKey || event.ctrlKey || event.metaKey) return;
    const step = moveKeys[event.key];
    if (step !== undefined) {
      event.preventDefault();
      focusRow(Math.min(rows.length - 1, Math.max(0, index + step)));
    } else if ((event.key === 'x' || event.key === ' ') && keyboardRows.onToggleSelect) {
      event.preventDefault();
      keyboardRows.onToggleSelect(row);
    }
  };
  const rowTabIndex = (index: number): number | undefined => {
    if (keyboardRows) return index === activeIndex ? 0 : -1;
    return onRowActivate && rowsFocusable ? 0 : undefined;
  };
  const rowsHandleKeys = keyboardRows !== undefined || (onRowActivate !== undefined && rowsFocusable);
  // The rows' event handlers read the latest props through one stable object, so a row re-renders only
  // when its own data, selection or focus changes — not when the page around the table does.
  const latest = useRef({ onRowActivate, onRowKeyDown, rowsHandleKeys, keyboardRows });
  useLayoutEffect(() => {
    latest.current = { onRowActivate, onRowKeyDown, rowsHandleKeys, keyboardRows };
  });
  const handlers = useMemo<RowHandlers<TData>>(
    () => ({
      onClick: (event, row) => {
        const { onRowActivate: activate } = latest.current;
        if (activate && !isFromControl(event)) activate(row);
      },
      onKeyDown: (event, row, index) => {
        if (latest.current.rowsHandleKeys) latest.current.onRowKeyDown(event, row, index);
      },
      onFocus: (index) => {
        if (latest.current.keyboardRows) setActiveIndex(index);
      },
    }),
    [],
  );

  return (
    <Box pos="relative">
      <LoadingOverlay
        visible={isFetching && !isLoading}
        zIndex={2}
        overlayProps={{ blur: 0, backgroundOpacity: 0.25 }}
        loaderProps={{ size: 'sm' }}
      />
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table
          className={className ? `${classes.table} ${className}` : classes.table}
          striped
          highlightOnHover={onRowActivate !== undefined}
          verticalSpacing="xs"
          horizontalSpacing={horizontalSpacing}
          aria-busy={isLoading || isFetching}
        >
          <Table.Caption className={classes.caption}>{caption}</Table.Caption>
          <Table.Thead>
            {headerGroups.map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => (
                  <Table.Th
                    key={header.id}
                    scope="col"
                    data-col={header.column.id}
                    data-wide-only={wideOnly(header.column.id)}
                    style={{ whiteSpace: 'nowrap' }}
                    aria-sort={ariaSortOf?.(header.column.id)}
                  >
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </Table.Th>
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody ref={bodyRef}>
            {isLoading
              ? Array.from({ length: skeletonRows }, (_, i) => (
                  <Table.Tr key={`skeleton-${i}`} aria-hidden>
                    {Array.from({ length: columnCount }, (__, j) => (
                      <Table.Td key={j}>
                        <Skeleton height={14} radius="sm" />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              : null}
            {!isLoading && rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columnCount}>
                  <Stack align="center" gap="sm" py="xl">
                    {/* Not "dimmed": this row is striped, and dimmed grey on the dark stripe is below AA. */}
                    <Text ta="center">{emptyMessage}</Text>
                    {emptyAction}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {!isLoading
              ? rows.map((row, index) => (
                  <BodyRow
                    key={row.id}
                    row={row}
                    index={index}
                    columns={table.options.columns}
                    Render={table.FlexRender}
                    selected={isRowSelected?.(row.original) === true}
                    tabIndex={rowTabIndex(index)}
                    label={rowLabel?.(row.original)}
                    activatable={onRowActivate !== undefined}
                    striped
                    hover={onRowActivate !== undefined}
                    wideOnlyKey={wideOnlyColumns.join(',')}
                    handlers={handlers}
                  />
                ))
              : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Box>
  );
}

interface RowHandlers<TData> {
  onClick: (event: MouseEvent<HTMLTableRowElement>, row: TData) => void;
  onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>, row: TData, index: number) => void;
  onFocus: (index: number) => void;
}

interface BodyRowProps<TFeatures extends TableFeatures, TData extends RowData> {
  row: Row<TFeatures, TData>;
  index: number;
  /** The table's column definitions: when they change (another day, other permissions), cells redraw. */
  columns: unknown;
  Render: ComponentType<{ cell: Cell<TFeatures, TData, unknown> }>;
  selected: boolean;
  tabIndex: number | undefined;
  label: string | undefined;
  activatable: boolean;
  striped: boolean;
  hover: boolean;
  wideOnlyKey: string;
  handlers: RowHandlers<TData>;
}

/**
 * One body row as plain `tr`/`td` elements with Mantine's own table classes and data attributes (what
 * `Table.Tr` and `Table.Td` would render, without a component, context read and style resolution per
 * cell), memoised on what it shows.
 */
function BodyRowInner<TFeatures extends TableFeatures, TData extends RowData>({
  row,
  index,
  Render,
  selected,
  tabIndex,
  label,
  activatable,
  striped,
  hover,
  wideOnlyKey,
  handlers,
}: BodyRowProps<TFeatures, TData>) {
  const wideOnly = wideOnlyKey === '' ? [] : wideOnlyKey.split(',');
  return (
    <tr
      className={activatable ? `${Table.classes.tr} ${classes.activatable}` : Table.classes.tr}
      data-row
      data-with-row-border
      data-striped={striped ? 'odd' : undefined}
      data-hover={hover || undefined}
      data-selected={selected || undefined}
      tabIndex={tabIndex}
      aria-label={label}
      onFocus={() => handlers.onFocus(index)}
      onClick={(event) => handlers.onClick(event, row.original)}
      onKeyDown={(event) => handlers.onKeyDown(event, row.original, index)}
    >
      {row.getAllCells().map((cell) => (
        <td
          key={cell.id}
          className={Table.classes.td}
          data-col={cell.column.id}
          data-wide-only={wideOnly.includes(cell.column.id) || undefined}
        >
          <Render cell={cell} />
        </td>
      ))}
    </tr>
  );
}

const BodyRow = memo(BodyRowInner) as typeof BodyRowInner;
