import { Box, LoadingOverlay, Skeleton, Table, Text } from '@mantine/core';
import { tableFeatures, type ReactTable, type RowData } from '@tanstack/react-table';
import type { KeyboardEvent } from 'react';
import classes from './data-table.module.css';

/** Server-paged tables need no client processing: the core row model is all they use. */
export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;

interface DataTableProps<TData extends RowData> {
  table: ReactTable<DataTableFeatures, TData>;
  /** Read by screen readers as the table's name. */
  caption: string;
  /** First load: skeleton rows instead of data. */
  isLoading: boolean;
  /** A newer page is on its way while the previous one stays visible. */
  isFetching?: boolean;
  emptyMessage: string;
  skeletonRows?: number;
  minWidth?: number;
  /** Makes rows focusable and opens the row on click, Enter or Space. */
  onRowActivate?: (row: TData) => void;
  rowLabel?: (row: TData) => string;
}

export function DataTable<TData extends RowData>({
  table,
  caption,
  isLoading,
  isFetching = false,
  emptyMessage,
  skeletonRows = 8,
  minWidth = 720,
  onRowActivate,
  rowLabel,
}: DataTableProps<TData>) {
  const headerGroups = table.getHeaderGroups();
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: TData) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onRowActivate?.(row);
    }
  };

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
          striped
          highlightOnHover={onRowActivate !== undefined}
          verticalSpacing="xs"
          aria-busy={isLoading || isFetching}
        >
          <Table.Caption className={classes.caption}>{caption}</Table.Caption>
          <Table.Thead>
            {headerGroups.map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => (
                  <Table.Th key={header.id} scope="col" style={{ whiteSpace: 'nowrap' }}>
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </Table.Th>
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
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
                  <Text ta="center" c="dimmed" py="xl">
                    {emptyMessage}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {!isLoading
              ? rows.map((row) => (
                  <Table.Tr
                    key={row.id}
                    className={onRowActivate ? classes.activatable : undefined}
                    tabIndex={onRowActivate ? 0 : undefined}
                    aria-label={rowLabel?.(row.original)}
                    onClick={onRowActivate ? () => onRowActivate(row.original) : undefined}
                    onKeyDown={onRowActivate ? (event) => onRowKeyDown(event, row.original) : undefined}
                  >
                    {row.getAllCells().map((cell) => (
                      <Table.Td key={cell.id}>
                        <table.FlexRender cell={cell} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Box>
  );
}
