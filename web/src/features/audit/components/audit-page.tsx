import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import type { AuditEventRow } from '@privdesk/shared';
import { useState } from 'react';
import { DataTable, dataTableFeatures } from '../../../components/data-table/data-table';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { actorChoicesInput } from '../audit-queries';
import { auditFindInputOf, hasAuditFilters, auditExportHrefOf } from '../audit-search';
import { useAuditSearch } from '../hooks/use-audit-search';
import { auditColumns } from './audit-columns';
import { AuditEventDrawer } from './audit-event-drawer';
import { AuditFilters } from './audit-filters';
import { VerifyChainButton, VerifyChainResult } from './verify-chain';

const noEvents: AuditEventRow[] = [];

export function AuditPage() {
  usePageTitle('Audit log');
  const trpc = useTRPC();
  const canListStaff = useCan('staff:read');
  // Taking the filtered log away is the auditor's (`audit:export`); the export is itself audited.
  const canExport = useCan('audit:export');
  const { search, setFilter, setPage, setPageSize, clearFilters } = useAuditSearch();
  const [openEvent, setOpenEvent] = useState<AuditEventRow | null>(null);

  const events = useQuery({
    ...trpc.audit.find.queryOptions(auditFindInputOf(search)),
    placeholderData: keepPreviousData,
  });
  const actors = useQuery({
    ...trpc.staff.find.queryOptions(actorChoicesInput),
    enabled: canListStaff,
    staleTime: 5 * 60_000,
  });

  const table = useTable({
    features: dataTableFeatures,
    columns: auditColumns,
    data: events.data?.items ?? noEvents,
    getRowId: (row) => String(row.seq),
  });

  const filtered = hasAuditFilters(search);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Title order={1}>Audit log</Title>
          <Text c="dimmed" size="sm">
            Every change, sign-in and view of personal data, newest first. Events are hash-chained and cannot
            be edited.
          </Text>
        </Stack>
        <Group gap="sm">
          {canExport ? (
            <>
              <Button
                component="a"
                href={auditExportHrefOf(search, 'csv')}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                Export CSV
              </Button>
              <Button component="a" href={auditExportHrefOf(search, 'json')} download variant="default">
                Export JSON
              </Button>
            </>
          ) : null}
          <VerifyChainButton />
        </Group>
      </Group>
      <VerifyChainResult />
      <Paper withBorder p="md" radius="md" component="section" aria-label="Filters">
        <AuditFilters
          search={search}
          actors={canListStaff ? (actors.data?.items ?? []) : null}
          isLoadingActors={actors.isPending && canListStaff}
          onFilterChange={setFilter}
          onClear={clearFilters}
        />
      </Paper>
      {events.isError ? (
        <QueryErrorAlert
          title="Could not load the audit log"
          error={events.error}
          onRetry={() => void events.refetch()}
        />
      ) : null}
      {events.isError && !events.data ? null : (
        <Stack gap="sm">
          <DataTable
            table={table}
            caption="Audit events"
            isLoading={events.isPending}
            isFetching={events.isFetching && events.isPlaceholderData}
            emptyMessage={filtered ? 'No events match these filters' : 'No events yet'}
            minWidth={960}
            onRowActivate={setOpenEvent}
          />
          {events.data ? (
            <TablePager
              page={search.page}
              pageSize={search.pageSize}
              total={events.data.total}
              onPageChange={setPage}
              onPageSizeChange={setPageSize}
              noun="events"
              nounOne="event"
            />
          ) : null}
        </Stack>
      )}
      <AuditEventDrawer event={openEvent} onClose={() => setOpenEvent(null)} />
    </Stack>
  );
}
