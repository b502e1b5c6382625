import { Button, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { registrySorts, type RegistrySort } from '@privdesk/shared/constants';
import {
  IconAdjustmentsHorizontal,
  IconDatabase,
  IconDownload,
  IconExternalLink,
  IconFileImport,
  IconFilterOff,
  IconMailForward,
  IconPlus,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTable, type SortingState } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from 'react-router';
import { DataTable, type AriaSort } from '../../../components/data-table/data-table';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { localToday } from '../format';
import { useRegistrySearch } from '../hooks/use-registry-search';
import {
  countRegistryFilters,
  hasRegistryFilters,
  registryExportHrefOf,
  registryFindInputOf,
} from '../registry-search';
import type { RegistryRow } from '../types';
import { registryColumns, registryTableFeatures } from './registry-columns';
import { RegistryFilters } from './registry-filters';

const noRows: RegistryRow[] = [];

function isSort(value: string): value is RegistrySort {
  return (registrySorts as readonly string[]).includes(value);
}

/**
 * The subprocessor registry (issue 14, item 1): every subprocessor with where it processes, how the
 * transfer is lawful and what needs attention. Every staff role reads it; privacy officers and admins keep
 * it (propose, import, manage the subscribers of the change notices).
 */
export function RegistryPage() {
  usePageTitle('Registry');
  const trpc = useTRPC();
  const canManage = useCan('registry:manage');
  const { search, setFilter, setSort, setPage, setPageSize, clearFilters } = useRegistrySearch();
  const list = useQuery({
    ...trpc.registry.find.queryOptions(registryFindInputOf(search)),
    placeholderData: keepPreviousData,
  });

  const today = useMemo(() => localToday(), []);
  const columns = useMemo(() => registryColumns(today), [today]);
  const sorting = useMemo<SortingState>(
    () => [{ id: search.sort, desc: search.dir === 'desc' }],
    [search.sort, search.dir],
  );
  const table = useTable({
    features: registryTableFeatures,
    columns,
    data: list.data?.items ?? noRows,
    getRowId: (row) => row.id,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSort(first.id)) setSort(first.id, first.desc ? 'desc' : 'asc');
    },
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
  const ariaSortOf = (columnId: string): AriaSort | undefined => {
    if (!isSort(columnId)) return undefined;
    if (columnId !== search.sort) return 'none';
    return search.dir === 'asc' ? 'ascending' : 'descending';
  };
  const filtered = hasRegistryFilters(search);
  const filterCount = countRegistryFilters(search);
  const isNarrow = useMediaQuery('(max-width: 48em)') ?? false;
  const [areFiltersOpen, setAreFiltersOpen] = useState(false);
  const filtersId = useId();

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} maw={640}>
          <Title order={1}>Registry</Title>
          <Text c="dimmed" size="sm">
            The subprocessors that handle customers’ personal data for Syncronis: where they process it, what
            makes each transfer lawful, and where a change stands in its notice to customers.
          </Text>
          <Group gap={4} mt={4} ml={-8}>
            <Button
              component="a"
              href={registryExportHrefOf('csv', search)}
              download
              variant="subtle"
              size="compact-sm"
              leftSection={<IconDownload size={14} aria-hidden />}
            >
              Export CSV
            </Button>
            <Button
              component="a"
              href={registryExportHrefOf('json', search)}
              download
              variant="subtle"
              size="compact-sm"
              leftSection={<IconDownload size={14} aria-hidden />}
            >
              Export JSON
            </Button>
            <Button
              component="a"
              href="/subprocessors"
              target="_blank"
              rel="noopener"
              variant="subtle"
              size="compact-sm"
              leftSection={<IconExternalLink size={14} aria-hidden />}
            >
              Public page
              <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
            </Button>
          </Group>
        </Stack>
        <Group gap="sm">
          {canManage ? (
            <>
              <Button
                component={Link}
                to={paths.newSubprocessor.build()}
                leftSection={<IconPlus size={16} aria-hidden />}
              >
                Propose a subprocessor
              </Button>
              <Button
                component={Link}
                to={paths.registrySubscribers.build()}
                variant="default"
                leftSection={<IconMailForward size={16} aria-hidden />}
              >
                Subscribers
              </Button>
              <Button
                component={Link}
                to={paths.registryImport.build()}
                variant="default"
                leftSection={<IconFileImport size={16} aria-hidden />}
              >
                Import CSV
              </Button>
            </>
          ) : null}
          {/* Every reader of the registry reads the inventory of systems it links to. */}
          <Button
            component={Link}
            to={paths.dataInventory.build()}
            variant="default"
            leftSection={<IconDatabase size={16} aria-hidden />}
          >
            Data inventory
          </Button>
        </Group>
      </Group>
      {isNarrow ? (
        <Group>
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
        </Group>
      ) : null}
      {/* On a phone the filters fold away, so the subprocessors come first. */}
      {!isNarrow || areFiltersOpen ? (
        <Paper withBorder p="md" radius="md" component="section" aria-label="Filters" id={filtersId}>
          <RegistryFilters search={search} onFilterChange={setFilter} onClear={clearFilters} />
        </Paper>
      ) : null}
      {list.isError ? (
        <QueryErrorAlert
          title="Could not load the registry"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : null}
      {list.isError && !list.data ? null : (
        <Stack gap="sm">
          <DataTable
            table={table}
            caption="Subprocessors"
            isLoading={list.isPending}
            isFetching={list.isFetching && list.isPlaceholderData}
            emptyMessage={filtered ? 'No subprocessor matches these filters.' : 'The registry is empty.'}
            emptyAction={
              filtered ? (
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconFilterOff size={14} aria-hidden />}
                  onClick={clearFilters}
                >
                  Clear filters
                </Button>
              ) : undefined
            }
            ariaSortOf={ariaSortOf}
            minWidth={980}
            horizontalSpacing="xs"
            skeletonRows={6}
          />
          {list.data ? (
            <TablePager
              page={search.page}
              pageSize={search.pageSize}
              total={list.data.total}
              onPageChange={setPage}
              onPageSizeChange={setPageSize}
              noun="subprocessors"
              nounOne="subprocessor"
            />
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}
