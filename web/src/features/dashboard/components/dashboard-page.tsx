import { Box, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { queueToday } from '@privdesk/shared/constants';
import type { Drill } from '@privdesk/shared';
import { IconDownload, IconReportAnalytics } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { formatDateTime } from '../../../lib/dates';
import { usePageTitle } from '../../../lib/page-title';
import { queueHrefOf } from '../../../lib/queue-link';
import { useActiveStaff } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import {
  answeredChartOf,
  daysToCloseChartOf,
  denialChartOf,
  erasureChartOf,
  intakeChartOf,
  onTimeChartOf,
  openByStatusChartOf,
  workloadChartOf,
} from '../chart-data';
import {
  dashboardCsvHrefOf,
  dashboardInputOf,
  requestLogHrefOf,
  resolvedPeriodOf,
} from '../dashboard-search';
import { formatPeriod } from '../format';
import { useDashboardSearch } from '../hooks/use-dashboard-search';
import type { DashboardData } from '../types';
import { ChartCard } from './chart-card';
import { DashboardFilters } from './dashboard-filters';
import {
  AnsweredTable,
  DaysToCloseTable,
  DenialTable,
  ErasureTable,
  IntakeTable,
  OnTimeTable,
  OpenByStatusTable,
  WorkloadTable,
} from './dashboard-tables';
import classes from './dashboard-page.module.css';
import { StatCards, StatCardsSkeleton } from './stat-cards';

function ChartSection({
  title,
  description,
  emptyMessage,
  children,
}: {
  title: string;
  description: string;
  /** Said instead of the section's charts when the period has nothing for them. */
  emptyMessage: string | null;
  children: ReactNode;
}) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group gap="xs" align="baseline" wrap="wrap">
        <Title order={2} size="h5">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Group>
      {emptyMessage ? (
        <Paper withBorder p="lg" radius="md">
          <Text ta="center" c="dimmed">
            {emptyMessage}
          </Text>
        </Paper>
      ) : (
        <div className={classes.charts}>{children}</div>
      )}
    </Stack>
  );
}

function Charts({ data, onSelect }: { data: DashboardData; onSelect: (drill: Drill) => void }) {
  const answered = data.answered.responded.count;
  const open = data.open.total.count;
  return (
    <>
      <ChartSection
        title="Answered in the period"
        description="Requests answered between the period’s first and last day. Select a bar or point to open its requests."
        emptyMessage={answered === 0 ? 'No requests answered in this period.' : null}
      >
        <ChartCard
          title="On-time rate per month"
          description="Share of each month’s answers given by the due date, on each clock."
          spec={onTimeChartOf(data)}
          table={<OnTimeTable data={data} />}
          emptyMessage={null}
          onSelect={onSelect}
        />
        <ChartCard
          title="Answered per month"
          description="Requests answered each month, on time or late against the effective date."
          spec={answeredChartOf(data)}
          table={<AnsweredTable data={data} />}
          emptyMessage={null}
          onSelect={onSelect}
        />
        <ChartCard
          title="Days to close per type"
          description="Calendar days from receipt to answer, where each request is handled."
          spec={daysToCloseChartOf(data)}
          table={<DaysToCloseTable data={data} />}
          emptyMessage={null}
          onSelect={onSelect}
        />
        <ChartCard
          title="Denial rate by reason"
          description="Denials per reason, as a share of every request answered in the period."
          spec={denialChartOf(data)}
          table={<DenialTable data={data} />}
          emptyMessage={
            data.denied.total.count === 0 ? 'No request answered in this period was denied.' : null
          }
          onSelect={onSelect}
        />
      </ChartSection>
      <ChartSection
        title="Received in the period"
        description="Requests received between the period’s first and last day: when they came in, and those still open today."
        emptyMessage={data.intake.length === 0 ? 'No requests received in this period.' : null}
      >
        <ChartCard
          title="Intake per week"
          description="Requests received each week, Monday to Sunday."
          spec={intakeChartOf(data)}
          table={<IntakeTable data={data} />}
          emptyMessage={null}
          onSelect={onSelect}
        />
        <ChartCard
          title="Open by status"
          description="Requests received in the period and open today, by status."
          spec={openByStatusChartOf(data)}
          table={<OpenByStatusTable data={data} />}
          emptyMessage={open === 0 ? 'Every request received in this period has been closed.' : null}
          onSelect={onSelect}
        />
        <ChartCard
          title="Workload per assignee"
          description="Open requests received in the period, per assignee and status."
          spec={workloadChartOf(data)}
          table={<WorkloadTable data={data} />}
          emptyMessage={open === 0 ? 'Nobody holds an open request from this period.' : null}
          onSelect={onSelect}
        />
        <ChartCard
          title="Erasure lines outstanding"
          description="Erasure requests received in the period with lines still to do, per data system."
          spec={erasureChartOf(data)}
          table={<ErasureTable data={data} />}
          emptyMessage={
            data.erasure.length === 0 ? 'No erasure request from this period has lines outstanding.' : null
          }
          onSelect={onSelect}
        />
      </ChartSection>
    </>
  );
}

function DashboardSkeleton() {
  return (
    <Stack gap="md" aria-busy role="status" aria-label="Loading the dashboard">
      <StatCardsSkeleton />
      <div className={classes.charts}>
        <Skeleton height={300} radius="md" />
        <Skeleton height={300} radius="md" />
      </div>
    </Stack>
  );
}

/**
 * The manager dashboard (issue 18): open work and how it was answered, for a period, a regime, a type and an
 * assignee. Every number opens the queue filtered to the requests behind it.
 */
export function DashboardPage() {
  usePageTitle('Dashboard');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { permissions } = useActiveStaff();
  const canExport = permissions.includes('reports:export');
  const canFilterByAssignee = permissions.includes('requests:read');
  // Presets resolve against the day the page opened (the loader asked for the same).
  const [today] = useState(() => queueToday(new Date()));
  const { search, update } = useDashboardSearch();
  const input = useMemo(() => dashboardInputOf(search, today), [search, today]);
  const range = resolvedPeriodOf(search, today);

  const query = useQuery({ ...trpc.dashboard.get.queryOptions(input), placeholderData: keepPreviousData });
  const assignable = useQuery({
    ...trpc.staff.assignable.queryOptions(),
    enabled: canFilterByAssignee,
    staleTime: 5 * 60_000,
  });
  const onSelect = useCallback((drill: Drill) => void navigate(queueHrefOf(drill)), [navigate]);

  let body: ReactNode;
  if (query.data) {
    body = (
      <Stack
        gap="lg"
        aria-busy={query.isPlaceholderData}
        style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
      >
        {query.isError ? (
          <QueryErrorAlert
            title="Could not load the dashboard"
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        ) : null}
        <StatCards data={query.data} />
        <Charts data={query.data} onSelect={onSelect} />
      </Stack>
    );
  } else if (query.isError) {
    body = (
      <QueryErrorAlert
        title="Could not load the dashboard"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  } else {
    body = <DashboardSkeleton />;
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 20rem' }}>
          <Title order={1}>Dashboard</Title>
          <Text c="dimmed" size="sm">
            Open work counts requests received in the period; answers count requests answered in it. Every
            number opens the queue on the requests behind it.
          </Text>
        </Stack>
        {canExport ? (
          <Group gap="xs" wrap="wrap" role="group" aria-label="Exports">
            <Button
              component="a"
              href={dashboardCsvHrefOf(input)}
              download
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} aria-hidden />}
            >
              Download figures (CSV)
            </Button>
            <Button
              component="a"
              href={requestLogHrefOf(input)}
              download
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} aria-hidden />}
            >
              CCPA §7101 request log (CSV)
            </Button>
            <Button
              component={Link}
              to={paths.ccpaReport.build()}
              variant="default"
              size="xs"
              leftSection={<IconReportAnalytics size={14} aria-hidden />}
            >
              CCPA §7102 report
            </Button>
          </Group>
        ) : null}
      </Group>
      <Box>
        <DashboardFilters
          search={search}
          assignable={canFilterByAssignee ? (assignable.data?.items ?? []) : null}
          onPeriodChange={(period) => {
            if (period === 'custom') {
              // Custom starts from the days shown, to be adjusted.
              update({ period, from: range.from ?? undefined, to: range.to ?? undefined });
            } else {
              update({ period, from: undefined, to: undefined });
            }
          }}
          onDaysChange={(days) => update(days, { replace: true })}
          onRegimeChange={(regime) => update({ regime })}
          onTypeChange={(type) => update({ type })}
          onAssigneeChange={(assignee) => update({ assignee })}
        />
        <Text size="sm" mt={6} aria-live="polite">
          <Text span fw={600}>
            {formatPeriod(range)}
          </Text>
          {query.data ? (
            <Text span c="dimmed">
              {' '}
              · figures as of {formatDateTime(query.data.generatedAt)}
            </Text>
          ) : null}
        </Text>
      </Box>
      {body}
    </Stack>
  );
}
