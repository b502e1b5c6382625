import {
  Anchor,
  Badge,
  Box,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { deletionStageLabels, dueSoonDays, type DeletionStage } from '@privdesk/shared/constants';
import type { PendingDeletion, PendingDeletions } from '@privdesk/shared';
import { IconTrashX } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper, useTable } from '@tanstack/react-table';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  DataTable,
  dataTableFeatures,
  type DataTableFeatures,
} from '../../../components/data-table/data-table';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { StandingChip } from '../../../components/feedback/standing-chip';
import { paths } from '../../../config/paths';
import {
  formatCalendarDate,
  formatCompactDateTime,
  formatDateTime,
  formatShortCalendarDate,
} from '../../../lib/dates';
import { usePageTitle } from '../../../lib/page-title';
import { useTRPC } from '../../../lib/trpc';
import { useUrlTableState } from '../../../lib/use-url-table-state';
import {
  defaultPendingDeletionsSearch,
  parsePendingDeletionsSearch,
  pendingDeletionsInputOf,
  pendingDeletionsSearchToParams,
  type PendingDeletionsSearch,
} from '../pending-deletions-search';
import classes from './pending-deletions-page.module.css';

const codec = {
  parse: parsePendingDeletionsSearch,
  toParams: pendingDeletionsSearchToParams,
  defaults: defaultPendingDeletionsSearch,
};

/** The dot beside a stage: the words carry the meaning, the colour only helps the eye (as the status badge). */
const stageColors: Record<DeletionStage, string> = {
  identity_check: 'cyan',
  waiting_on_requester: 'yellow',
  no_plan: 'red',
  preparing: 'indigo',
  awaiting_approval: 'grape',
  grace_period: 'teal',
  running: 'green',
};

function StageBadge({ stage }: { stage: DeletionStage }) {
  return (
    <Badge
      variant="default"
      radius="sm"
      tt="none"
      leftSection={
        <span
          aria-hidden
          className={classes.dot}
          style={{ background: `var(--mantine-color-${stageColors[stage]}-filled)` }}
        />
      }
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {deletionStageLabels[stage]}
    </Badge>
  );
}

/** Filled, so its white text reads at AA on the light and the dark page alike. */
function MinorBadge({ hours }: { hours: number }) {
  return (
    <Badge
      variant="filled"
      color="grape.8"
      radius="sm"
      tt="none"
      size="sm"
      style={{ minWidth: 'max-content' }}
    >
      {`Minor · ${hours} h target`}
    </Badge>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "5 days overdue", "today", "in 2 days": red when overdue, amber at 5 days or fewer, plain words otherwise. */
function DaysLeft({ days }: { days: number }) {
  if (days < 0) {
    return (
      <StandingChip tone="overdue" noWrap>
        {`${plural(-days, 'day')} overdue`}
      </StandingChip>
    );
  }
  const text = days === 0 ? 'due today' : `in ${plural(days, 'day')}`;
  if (days <= dueSoonDays) {
    return (
      <StandingChip tone="soon" noWrap>
        {text}
      </StandingChip>
    );
  }
  return (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
      {text}
    </Text>
  );
}

function ageText(days: number): string {
  return days === 0 ? 'under a day' : plural(days, 'day');
}

function ReferenceLink({ row }: { row: PendingDeletion }) {
  return (
    <Anchor
      component={Link}
      to={paths.request.build(row.id)}
      size="sm"
      fw={600}
      className={classes.reference}
    >
      {row.reference}
    </Anchor>
  );
}

/** An instant, so the day is the viewer's (the full time, zone named, on hover). */
function Received({ row }: { row: PendingDeletion }) {
  return (
    <Text
      size="sm"
      component="time"
      dateTime={row.receivedAt}
      title={formatDateTime(row.receivedAt)}
      style={{ whiteSpace: 'nowrap' }}
    >
      {formatCompactDateTime(row.receivedAt).day}
    </Text>
  );
}

function Deadline({ row, today, minorHours }: { row: PendingDeletion; today: string; minorHours: number }) {
  return (
    <Stack gap={2} align="flex-start">
      <Text
        size="sm"
        component="time"
        dateTime={row.dueOn}
        title={formatCalendarDate(row.dueOn)}
        style={{ whiteSpace: 'nowrap' }}
      >
        {formatShortCalendarDate(row.dueOn, today)}
      </Text>
      {row.minorTarget ? <MinorBadge hours={minorHours} /> : null}
    </Stack>
  );
}

// Not "dimmed" in the table: its rows are striped, and dimmed grey on the dark stripe is below AA.
function Assignee({ row }: { row: PendingDeletion }) {
  return row.assignee ? (
    <Text size="sm">{row.assignee.name}</Text>
  ) : (
    <Text size="sm" fs="italic">
      Unassigned
    </Text>
  );
}

function Account({ row }: { row: PendingDeletion }) {
  return row.accountNumber ? (
    <Text size="sm" ff="monospace">
      {row.accountNumber}
    </Text>
  ) : (
    <Text size="sm" fs="italic">
      No account
    </Text>
  );
}

const column = createColumnHelper<DataTableFeatures, PendingDeletion>();
const columnsFor = (today: string, minorHours: number) =>
  column.columns([
    column.accessor('reference', {
      header: 'Request',
      cell: (info) => <ReferenceLink row={info.row.original} />,
    }),
    column.accessor('receivedAt', {
      header: 'Received',
      cell: (info) => <Received row={info.row.original} />,
    }),
    column.accessor('ageDays', {
      header: 'Age',
      cell: (info) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {ageText(info.getValue())}
        </Text>
      ),
    }),
    column.accessor('stage', {
      header: 'Stage',
      cell: (info) => <StageBadge stage={info.getValue()} />,
    }),
    column.accessor('dueOn', {
      header: 'Deadline',
      cell: (info) => <Deadline row={info.row.original} today={today} minorHours={minorHours} />,
    }),
    column.accessor('daysLeft', {
      header: 'Days left',
      cell: (info) => <DaysLeft days={info.getValue()} />,
    }),
    column.accessor((row) => row.assignee?.name ?? null, {
      id: 'assignee',
      header: 'Assignee',
      cell: (info) => <Assignee row={info.row.original} />,
    }),
    column.accessor('accountNumber', {
      header: 'Account',
      cell: (info) => <Account row={info.row.original} />,
    }),
  ]);

/** A phone's view of one erasure: the reference and how its deadline stands first, the rest beneath. */
function DeletionCard({
  row,
  today,
  minorHours,
}: {
  row: PendingDeletion;
  today: string;
  minorHours: number;
}) {
  return (
    <Paper component="li" withBorder radius="md" p="sm" aria-label={row.reference}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <ReferenceLink row={row} />
          <DaysLeft days={row.daysLeft} />
        </Group>
        <Group gap="xs" wrap="wrap">
          <StageBadge stage={row.stage} />
          {row.minorTarget ? <MinorBadge hours={minorHours} /> : null}
        </Group>
        <Text size="sm">
          Due{' '}
          <time dateTime={row.dueOn} title={formatCalendarDate(row.dueOn)}>
            {formatShortCalendarDate(row.dueOn, today)}
          </time>{' '}
          · received{' '}
          <time dateTime={row.receivedAt} title={formatDateTime(row.receivedAt)}>
            {formatCompactDateTime(row.receivedAt).day}
          </time>{' '}
          ({ageText(row.ageDays)} ago)
        </Text>
        <Text size="sm" c="dimmed">
          {row.assignee ? row.assignee.name : 'Unassigned'} ·{' '}
          {row.accountNumber ? <span className={classes.account}>{row.accountNumber}</span> : 'No account'}
        </Text>
      </Stack>
    </Paper>
  );
}

interface CountsProps {
  counts: { open: number; overdue: number; dueSoon: number } | undefined;
}

/** The three numbers first: how many erasures are open, how many are late, how many will be within days. */
function Counts({ counts }: CountsProps) {
  const items: { key: string; label: string; value: number | undefined; tone?: 'overdue' | 'soon' }[] = [
    { key: 'open', label: 'Open erasures', value: counts?.open },
    { key: 'overdue', label: 'Overdue', value: counts?.overdue, tone: 'overdue' },
    { key: 'soon', label: `Due in ${dueSoonDays} days or fewer`, value: counts?.dueSoon, tone: 'soon' },
  ];
  return (
    <Box component="dl" className={classes.counts} aria-label="Pending deletions at a glance">
      {items.map((item) => (
        <Paper
          key={item.key}
          withBorder
          radius="md"
          p="sm"
          className={classes.count}
          data-tone={
            item.tone !== undefined && item.value !== undefined && item.value > 0 ? item.tone : undefined
          }
        >
          <Text component="dt" size="xs" fw={600} className={classes.countLabel}>
            {item.label}
          </Text>
          <Text component="dd" className={classes.countValue}>
            {item.value === undefined ? (
              <>
                <Skeleton height={28} width={48} radius="sm" aria-hidden />
                <VisuallyHidden>Loading</VisuallyHidden>
              </>
            ) : (
              item.value.toLocaleString()
            )}
          </Text>
        </Paper>
      ))}
    </Box>
  );
}

const noRows: PendingDeletion[] = [];

/**
 * Pending deletions (issue 15, item 8): every open erasure, oldest first, against the deadline that applies
 * to it — the 30 days the policy promises, or a minor's shorter target — with the stage of its plan, so
 * nothing sits unnoticed until it is late. No requester is shown (the request's page has them, masked or
 * not as the reader may see them); the account number is the account's, not the person's.
 */
/**
 * Accounts the directory says are being deleted, with no erasure request behind them: the product's promise
 * runs from their purge date, and nothing is erased without an approved plan, so each needs its request.
 */
function UnrequestedDeletions({
  unrequested,
  today,
  isNarrow,
}: {
  unrequested: PendingDeletions['unrequested'];
  today: string;
  /** On a phone the five soonest, so the open erasures stay near the top of the screen. */
  isNarrow: boolean;
}) {
  if (unrequested.total === 0) return null;
  const items = isNarrow ? unrequested.items.slice(0, 5) : unrequested.items;
  const more = unrequested.total - items.length;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="unrequested-title"
      className={classes.unrequested}
    >
      <Stack gap="xs">
        <Title order={2} size="h4" id="unrequested-title">
          {unrequested.total === 1
            ? '1 account deletion has no erasure request'
            : `${unrequested.total} account deletions have no erasure request`}
        </Title>
        <Text size="sm">
          Nothing is erased without an approved plan. Open each account, log its erasure request (channel
          In-app), then prepare the plan before the purge date.
        </Text>
        <Group gap="xs" component="ul" className={classes.unrequestedList} aria-label="Accounts to log">
          {items.map((account) => (
            <Group key={account.customerId} component="li" gap={6} wrap="nowrap">
              <Anchor component={Link} to={paths.customer.build(account.customerId)} size="sm" ff="monospace">
                {account.accountNumber}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                purge {formatShortCalendarDate(account.purgeOn, today)}
              </Text>
              <DaysLeft days={account.daysLeft} />
            </Group>
          ))}
          {more > 0 ? (
            <Text component="li" size="sm" c="dimmed">
              and {more} more
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

export function PendingDeletionsPage() {
  usePageTitle('Pending deletions');
  const trpc = useTRPC();
  const { search, setPage, setPageSize } = useUrlTableState<PendingDeletionsSearch, never>(codec);
  const isNarrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const list = useQuery({
    ...trpc.erasure.pendingDeletions.queryOptions(pendingDeletionsInputOf(search)),
    placeholderData: keepPreviousData,
  });
  const today = list.data?.today ?? '';
  const minorHours = list.data?.minorTargetHours ?? 72;
  const columns = useMemo(() => columnsFor(today, minorHours), [today, minorHours]);
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: list.data?.items ?? noRows,
    getRowId: (row) => row.id,
  });

  let body: ReactNode;
  if (list.isError && !list.data) {
    body = (
      <QueryErrorAlert
        title="Could not load the pending deletions"
        error={list.error}
        onRetry={() => void list.refetch()}
      />
    );
  } else if (list.data && list.data.total === 0) {
    body = (
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="xs">
          <IconTrashX size={32} stroke={1.5} aria-hidden color="var(--mantine-color-dimmed)" />
          <Text fw={600}>No erasure is waiting</Text>
          <Text size="sm" c="dimmed" ta="center">
            Every erasure request is done or closed. New ones appear here from the day they arrive.
          </Text>
        </Stack>
      </Paper>
    );
  } else if (isNarrow) {
    body = list.data ? (
      <Stack component="ul" gap="xs" aria-label="Open erasures, oldest first" className={classes.cards}>
        {list.data.items.map((row) => (
          <DeletionCard key={row.id} row={row} today={today} minorHours={minorHours} />
        ))}
      </Stack>
    ) : (
      <Stack gap="xs" aria-busy role="status" aria-label="Loading the pending deletions">
        <Skeleton height={120} radius="md" />
        <Skeleton height={120} radius="md" />
        <Skeleton height={120} radius="md" />
      </Stack>
    );
  } else {
    body = (
      <DataTable
        table={table}
        caption="Open erasures, oldest first"
        isLoading={list.isPending}
        isFetching={list.isFetching && list.isPlaceholderData}
        emptyMessage="No erasure on this page: go back to the first."
        minWidth={940}
        rowsFocusable={false}
      />
    );
  }

  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={1}>Pending deletions</Title>
        <Text c="dimmed" size="sm">
          Every open erasure request, oldest first. Personal data goes within 30 days of receipt, except where
          the law requires keeping it; a minor’s erasure has a shorter internal target. Days left count to the
          earliest deadline that applies.
        </Text>
      </Stack>
      {list.isError && !list.data ? null : <Counts counts={list.data?.counts} />}
      {list.data ? (
        <UnrequestedDeletions unrequested={list.data.unrequested} today={today} isNarrow={isNarrow} />
      ) : null}
      {list.isError && list.data ? (
        <QueryErrorAlert
          title="Could not load the pending deletions"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : null}
      {body}
      {list.data && list.data.total > 0 ? (
        <TablePager
          page={search.page}
          pageSize={search.pageSize}
          total={list.data.total}
          onPageChange={setPage}
          onPageSizeChange={setPageSize}
          noun="erasures"
          nounOne="erasure"
        />
      ) : null}
    </Stack>
  );
}
