import { ActionIcon, Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import {
  maxBulkRows,
  openRequestStatuses,
  requestSortKeys,
  requestStatusLabels,
  type RequestSortKey,
} from '@privdesk/shared/constants';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAdjustmentsHorizontal,
  IconDownload,
  IconFilePlus,
  IconFilterOff,
  IconInfoCircle,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTable, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { DataTable, type AriaSort } from '../../../components/data-table/data-table';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useActiveStaff } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { drillFilterChipsOf } from '../drill-filters';
import { dueBasisSentence, queueTodayOf, requestTypeLabel } from '../format';
import { useQueueSearch } from '../hooks/use-queue-search';
import {
  countQueueFilters,
  exportHrefOf,
  hasQueueFilters,
  queueSearchToParams,
  requestFiltersOf,
  requestFindInputOf,
  searchOfFilters,
  type DrillFilterKey,
  type QueueSearch,
} from '../queue-search';
import { BulkBar } from './bulk-bar';
import tableClasses from './queue-table.module.css';
import { BulkResultsModal } from './bulk-results-modal';
import { DrillFilterChips } from './drill-filter-chips';
import type { BulkOutput, FullQueueRow, QueueItem, StaffRef } from '../types';
import { isFullRow, queueColumns, queueTableFeatures } from './queue-columns';
import { QueueFilters } from './queue-filters';
import { QueueViews } from './queue-views';

const noItems: QueueItem[] = [];
const noStaff: StaffRef[] = [];

/** What the queue shows, in words: the default is open work, most urgent first. */
function queueSubtitle(search: QueueSearch): string {
  const open = search.status !== undefined && openRequestStatuses.every((s) => search.status?.includes(s));
  const what = open && search.status?.length === openRequestStatuses.length ? 'Open requests' : 'Requests';
  const order =
    search.sort === 'dueOn' && search.dir === 'asc'
      ? 'most urgent first'
      : search.sort === 'receivedAt' && search.dir === 'desc'
        ? 'newest first'
        : 'in the order you chose';
  return `${what}, ${order}.`;
}

function isSortKey(value: string): value is RequestSortKey {
  return (requestSortKeys as readonly string[]).includes(value);
}

export function QueuePage() {
  usePageTitle('Queue');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { permissions: held } = useActiveStaff();
  const canRead = held.includes('requests:read');
  const canCreate = held.includes('requests:create');
  const canBulk = canRead && (held.includes('requests:assign') || held.includes('requests:work'));
  const seesClearPii = held.includes('pii:read');
  const access = useMemo(() => ({ canReadInternals: canRead, seesClearPii }), [canRead, seesClearPii]);
  const { search, setFilter, setFilters, setSort, setPage, setPageSize, replaceAll, clearFilters } =
    useQueueSearch();
  const isNarrow = useMediaQuery('(max-width: 48em)') ?? false;
  const [areFiltersOpen, setAreFiltersOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const [wantsSearchFocus, setWantsSearchFocus] = useState(false);
  // `/` jumps to the search box from anywhere on the queue but a field (where it is a character).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      event.preventDefault();
      setAreFiltersOpen(true);
      setWantsSearchFocus(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (!wantsSearchFocus) return;
    searchRef.current?.focus();
    setWantsSearchFocus(false);
  }, [wantsSearchFocus, areFiltersOpen]);
  const filtersId = useId();
  const filterCount = countQueueFilters(search);

  const list = useQuery({
    ...trpc.requests.find.queryOptions(requestFindInputOf(search, access)),
    placeholderData: keepPreviousData,
  });
  const views = useQuery({ ...trpc.views.find.queryOptions(), staleTime: 5 * 60_000 });
  const assignable = useQuery({
    ...trpc.staff.assignable.queryOptions(),
    enabled: canRead,
    staleTime: 5 * 60_000,
  });

  // The server's "today" (the handling time zones as an admin set them), so a row's "overdue" matches the
  // Overdue filter; until the first answer, the same count with the default zones.
  const [fallbackToday] = useState(() => queueTodayOf(new Date()));
  const today = list.data?.today ?? fallbackToday;

  // A selection belongs to the rows on screen: another page, filter or sort starts a new one.
  const searchKey = queueSearchToParams(search).toString();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [selectionKey, setSelectionKey] = useState(searchKey);
  if (selectionKey !== searchKey) {
    setSelectionKey(searchKey);
    setRowSelection({});
  }
  const [bulkResult, setBulkResult] = useState<{ title: string; output: BulkOutput } | null>(null);
  // "All N matching": the filters and the exact count the person saw (the server acts only if it still holds).
  const [allMatching, setAllMatching] = useState<{ key: string; count: number } | null>(null);

  const columns = useMemo(
    () =>
      queueColumns({
        today,
        canOpen: canRead,
        selectable: canBulk,
        sortByRequester: seesClearPii,
        keyboardRows: canRead,
      }),
    [today, canRead, canBulk, seesClearPii],
  );
  // The sort the server is asked for: a link's sort this reader may not use has fallen back to the default.
  const filters = useMemo(() => requestFiltersOf(search, access), [search, access]);
  // "Erasure pending in <system>": the inventory names the systems (every role reads it today; without it
  // the chip still says what it filters by).
  const systems = useQuery({
    ...trpc.inventory.list.queryOptions(),
    enabled: filters.erasurePending !== undefined && held.includes('registry:read'),
    staleTime: 5 * 60_000,
  });
  const drillChips = drillFilterChipsOf(
    filters,
    (id) => systems.data?.items.find((system) => system.id === id)?.name ?? null,
  );
  const removeDrillFilter = (keys: readonly DrillFilterKey[]) =>
    setFilters(Object.fromEntries(keys.map((key) => [key, undefined])));
  const sortKey = filters.sort ?? search.sort;
  const sortDir = filters.dir ?? search.dir;
  const sorting = useMemo<SortingState>(
    () => [{ id: sortKey, desc: sortDir === 'desc' }],
    [sortKey, sortDir],
  );
  const items = list.data?.items ?? noItems;
  const table = useTable({
    features: queueTableFeatures,
    columns,
    data: items,
    getRowId: (row) => row.id,
    state: { sorting, rowSelection },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSortKey(first.id)) setSort(first.id, first.desc ? 'desc' : 'asc');
    },
    onRowSelectionChange: setRowSelection,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    enableRowSelection: canBulk,
    enableRowRangeSelection: false,
  });

  const selectedRows: FullQueueRow[] = items.filter(
    (row): row is FullQueueRow => isFullRow(row) && rowSelection[row.id] === true,
  );
  const filtered = hasQueueFilters(search);
  const total = list.data?.total ?? 0;
  const pageAllSelected = selectedRows.length > 0 && selectedRows.length === items.length;
  // "All matching" works on filters, not on a search (the server refuses one: it would be an unaudited search).
  const canSelectAllMatching =
    pageAllSelected &&
    !search.search?.trim() &&
    list.data?.totalExact === true &&
    total > items.length &&
    total <= maxBulkRows;
  const matching =
    allMatching?.key === searchKey && pageAllSelected ? { filters, count: allMatching.count } : null;
  const ariaSortOf = (columnId: string): AriaSort | undefined => {
    if (!isSortKey(columnId) || (columnId === 'requester' && !seesClearPii)) return undefined;
    if (columnId !== sortKey) return 'none';
    return sortDir === 'asc' ? 'ascending' : 'descending';
  };
  const builtInViews = (views.data?.builtIn ?? []).filter(
    // Summary readers cannot filter by assignee: "My open" and "Unassigned" are not theirs to use.
    (view) => canRead || view.filters.assignee === undefined || view.filters.assignee === 'anyone',
  );

  return (
    <Stack gap="md">
      {/* Title and actions on one line on a laptop: every pixel above the table is a row less in view. */}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Title order={1}>Queue</Title>
          <Text c="dimmed" size="sm">
            {/* On a phone the first line only: the rows come first. */}
            {queueSubtitle(search)} {isNarrow ? null : dueBasisSentence(list.data?.companySlaDays)}
          </Text>
        </Stack>
        {isNarrow ? (
          <Group gap="xs" wrap="nowrap">
            {canRead ? (
              <ActionIcon
                component="a"
                href={exportHrefOf(filters)}
                download
                variant="default"
                size="lg"
                aria-label="Export CSV"
              >
                <IconDownload size={18} aria-hidden />
              </ActionIcon>
            ) : null}
            {canCreate ? (
              <ActionIcon component={Link} to={paths.newRequest.build()} size="lg" aria-label="New request">
                <IconFilePlus size={18} aria-hidden />
              </ActionIcon>
            ) : null}
          </Group>
        ) : null}
        <Group gap="sm" wrap="nowrap" display={isNarrow ? 'none' : undefined}>
          {canRead ? (
            <Button
              component="a"
              href={exportHrefOf(filters)}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Export CSV
            </Button>
          ) : null}
          {canCreate ? (
            <Button
              component={Link}
              to={paths.newRequest.build()}
              leftSection={<IconFilePlus size={16} aria-hidden />}
            >
              New request
            </Button>
          ) : null}
        </Group>
      </Group>
      {canRead ? null : (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
          Your role sees request summaries: reference, type, status and due date, with the requester masked.
        </Alert>
      )}
      <QueueViews
        search={search}
        builtIn={builtInViews}
        saved={views.data?.saved ?? []}
        currentFilters={filters}
        onApply={(viewFilters) => replaceAll(searchOfFilters(viewFilters, search.pageSize))}
        oneLine={isNarrow}
        leading={
          isNarrow ? (
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconAdjustmentsHorizontal size={14} aria-hidden />}
              aria-expanded={areFiltersOpen}
              aria-controls={filtersId}
              onClick={() => setAreFiltersOpen((open) => !open)}
            >
              {filterCount > 0 ? `Filters (${filterCount})` : 'Filters'}
            </Button>
          ) : null
        }
      />
      {/* On a phone the filters fold away, so the requests come first. */}
      {!isNarrow || areFiltersOpen ? (
        <section aria-label="Filters" id={filtersId}>
          <QueueFilters
            search={search}
            canFilterInternals={canRead}
            matchesWholeOnly={!seesClearPii}
            assignable={assignable.data?.items ?? noStaff}
            onFilterChange={setFilter}
            onClear={clearFilters}
            searchRef={searchRef}
          />
        </section>
      ) : null}
      {/* Outside the folding panel: on a phone too, the list says why it is narrowed. */}
      <DrillFilterChips chips={drillChips} onRemove={removeDrillFilter} />
      {selectedRows.length > 0 ? (
        <BulkBar
          rows={selectedRows}
          matching={matching}
          selectAll={
            canSelectAllMatching && matching === null ? (
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => setAllMatching({ key: searchKey, count: total })}
              >
                Select all {total} matching
              </Anchor>
            ) : pageAllSelected && !canSelectAllMatching && total > items.length ? (
              <Text size="xs">
                {search.search?.trim()
                  ? 'To act on every match, use filters instead of the search.'
                  : total > maxBulkRows || list.data?.totalExact !== true
                    ? `More than ${maxBulkRows} match: narrow the filters to act on all of them.`
                    : null}
              </Text>
            ) : matching ? (
              <Anchor component="button" type="button" size="sm" onClick={() => setAllMatching(null)}>
                Only this page ({selectedRows.length})
              </Anchor>
            ) : null
          }
          held={held}
          assignable={assignable.data?.items ?? noStaff}
          onResult={(title, output) => {
            setRowSelection({});
            setAllMatching(null);
            setBulkResult({ title, output });
          }}
          onClear={() => {
            setRowSelection({});
            setAllMatching(null);
          }}
        />
      ) : null}
      {list.isError ? (
        <QueryErrorAlert
          title="Could not load the queue"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : null}
      {list.isError && !list.data ? null : (
        <Stack gap="sm">
          <DataTable
            table={table}
            caption="Requests"
            isLoading={list.isPending}
            isFetching={list.isFetching && list.isPlaceholderData}
            emptyMessage={filtered ? 'No requests match these filters' : 'No requests yet'}
            emptyAction={
              filtered ? (
                <Button
                  variant="light"
                  size="xs"
                  leftSection={<IconFilterOff size={14} aria-hidden />}
                  onClick={clearFilters}
                >
                  Clear filters
                </Button>
              ) : null
            }
            minWidth={isNarrow ? 0 : canRead ? 980 : 760}
            horizontalSpacing={4}
            wideOnlyColumns={['receivedAt']}
            className={tableClasses.stacked}
            onRowActivate={canRead ? (row) => void navigate(paths.request.build(row.id)) : undefined}
            rowsFocusable={false}
            // ↓/j ↑/k between rows, Enter opens, x selects; `/` (below) jumps to the search box.
            keyboardRows={
              canRead
                ? {
                    onToggleSelect: canBulk
                      ? (row) =>
                          setRowSelection((current) => {
                            const { [row.id]: wasSelected, ...rest } = current;
                            return wasSelected ? rest : { ...current, [row.id]: true };
                          })
                      : undefined,
                  }
                : undefined
            }
            rowLabel={
              canRead
                ? (row) =>
                    `${row.reference}, ${requestTypeLabel(row.type)}, ${requestStatusLabels[row.status]}${rowSelection[row.id] ? ', selected' : ''}`
                : undefined
            }
            ariaSortOf={ariaSortOf}
            isRowSelected={(row) => rowSelection[row.id] === true}
          />
          {list.data ? (
            <TablePager
              page={search.page}
              pageSize={search.pageSize}
              total={list.data.total}
              totalExact={list.data.totalExact}
              onPageChange={setPage}
              onPageSizeChange={setPageSize}
              noun="requests"
              nounOne="request"
            />
          ) : null}
        </Stack>
      )}
      <BulkResultsModal result={bulkResult} onClose={() => setBulkResult(null)} />
    </Stack>
  );
}
