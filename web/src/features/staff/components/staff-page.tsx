import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { PendingRoleGrant, StaffRow } from '@privdesk/shared';
import { IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { DataTable, dataTableFeatures } from '../../../components/data-table/data-table';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { useStaffSearch } from '../hooks/use-staff-search';
import { hasStaffFilters, staffFindInputOf } from '../staff-search';
import { CreateStaffModal } from './create-staff-modal';
import { EditStaffModal } from './edit-staff-modal';
import { GrantDecisionModal } from './grant-decision-modal';
import { IssueLinkModal } from './issue-link-modal';
import { StaffReasonModal } from './reason-modal';
import type { StaffAction } from './staff-row-actions';
import { manageableStaffColumns, readOnlyStaffColumns } from './staff-columns';
import { StaffFilters } from './staff-filters';

const noStaff: StaffRow[] = [];

interface OpenDialog {
  action: StaffAction;
  /** The row as it was when the menu was used; replaced by the list's newer copy once one arrives. */
  snapshot: StaffRow;
  /** For 'decideGrant': the pending grant under review. */
  grant?: PendingRoleGrant;
}

export function StaffPage() {
  usePageTitle('Staff');
  const trpc = useTRPC();
  const canManage = useCan('staff:manage');
  const { search, setFilter, setPage, setPageSize, clearFilters } = useStaffSearch();
  const [isCreating, setIsCreating] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  const list = useQuery({
    ...trpc.staff.find.queryOptions(staffFindInputOf(search)),
    placeholderData: keepPreviousData,
  });

  const columns = useMemo(
    () =>
      canManage
        ? manageableStaffColumns((action, snapshot, grant) =>
            setDialog(grant ? { action, snapshot, grant } : { action, snapshot }),
          )
        : readOnlyStaffColumns,
    [canManage],
  );
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: list.data?.items ?? noStaff,
    getRowId: (row) => row.id,
  });

  const dialogStaff = dialog
    ? (list.data?.items.find((s) => s.id === dialog.snapshot.id) ?? dialog.snapshot)
    : null;
  const closeDialog = () => setDialog(null);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Title order={1}>Staff</Title>
          <Text c="dimmed" size="sm">
            Who can sign in to Privacy Desk, and with which roles.
          </Text>
        </Stack>
        {canManage ? (
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setIsCreating(true)}>
            New staff member
          </Button>
        ) : null}
      </Group>
      <Paper withBorder p="md" radius="md" component="section" aria-label="Filters">
        <StaffFilters search={search} onFilterChange={setFilter} onClear={clearFilters} />
      </Paper>
      {list.isError ? (
        <QueryErrorAlert
          title="Could not load staff"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : null}
      {list.isError && !list.data ? null : (
        <Stack gap="sm">
          <DataTable
            table={table}
            caption="Staff members"
            isLoading={list.isPending}
            isFetching={list.isFetching && list.isPlaceholderData}
            emptyMessage={hasStaffFilters(search) ? 'No staff match these filters' : 'No staff yet'}
            minWidth={900}
            skeletonRows={6}
          />
          {list.data ? (
            <TablePager
              page={search.page}
              pageSize={search.pageSize}
              total={list.data.total}
              onPageChange={setPage}
              onPageSizeChange={setPageSize}
              noun="staff members"
              nounOne="staff member"
            />
          ) : null}
        </Stack>
      )}
      {canManage ? <CreateStaffModal opened={isCreating} onClose={() => setIsCreating(false)} /> : null}
      {dialog && dialogStaff ? (
        dialog.action === 'decideGrant' && dialog.grant ? (
          <GrantDecisionModal staff={dialogStaff} grant={dialog.grant} onClose={closeDialog} />
        ) : dialog.action === 'decideGrant' ? null : dialog.action === 'edit' ? (
          <EditStaffModal key={dialogStaff.id} staff={dialogStaff} onClose={closeDialog} />
        ) : dialog.action === 'issueLink' ? (
          <IssueLinkModal staff={dialogStaff} onClose={closeDialog} />
        ) : (
          <StaffReasonModal action={dialog.action} staff={dialogStaff} onClose={closeDialog} />
        )
      ) : null}
    </Stack>
  );
}
