import { Anchor, Button, Group, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { queueToday } from '@privdesk/shared/constants';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { formatDateTime } from '../../../lib/dates';
import { requestTypeLabel } from '../../../lib/labels';
import { usePageTitle } from '../../../lib/page-title';
import { useTRPC } from '../../../lib/trpc';
import { ccpaReportCsvHrefOf, ccpaReportYearsOf, parseCcpaReportYear } from '../dashboard-search';
import { formatDays } from '../format';
import type { CcpaReportRow } from '../types';
import classes from './ccpa-report.module.css';
import { FigureLink } from './figure-link';
import { PrintButton, PrintSheet, PrintToolbar } from '../../../components/print/print-sheet';

const columns = [
  'Request type',
  'Received',
  'Complied with in whole or in part',
  'Denied',
  'Still open',
  'Median days',
  'Mean days',
] as const;

function NumberCell({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right" className={classes.number}>
      {children}
    </Table.Td>
  );
}

function ReportRow({ row }: { row: CcpaReportRow }) {
  const type = requestTypeLabel(row.type);
  return (
    <Table.Tr>
      <Table.Th scope="row">{type}</Table.Th>
      <NumberCell>
        <FigureLink figure={row.received} />
      </NumberCell>
      <NumberCell>
        <FigureLink figure={row.compliedInWholeOrPart} />
      </NumberCell>
      <NumberCell>
        <FigureLink figure={row.denied} />
      </NumberCell>
      <NumberCell>
        <FigureLink figure={row.open} />
      </NumberCell>
      <NumberCell>{formatDays(row.medianDays)}</NumberCell>
      <NumberCell>{formatDays(row.meanDays)}</NumberCell>
    </Table.Tr>
  );
}

/**
 * The CCPA §7102(a) metrics of a calendar year (issue 18), printable: per type of request received under the
 * CCPA, how many were received, complied with in whole or in part, and denied, and the median and mean days
 * to respond. The counts open the queue on the requests behind them; the CSV is an audited download.
 */
export function CcpaReportPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const [today] = useState(() => queueToday(new Date()));
  const year = parseCcpaReportYear(params, today);
  const years = ccpaReportYearsOf(today);
  usePageTitle(`CCPA §7102 metrics, ${String(year)}`);
  const query = useQuery(trpc.dashboard.ccpaReport.queryOptions({ year }));

  let body: ReactNode;
  if (query.isPending) {
    body = (
      <Stack gap="xs" aria-busy role="status" aria-label="Loading the report">
        <Skeleton height={36} />
        <Skeleton height={180} />
      </Stack>
    );
  } else if (query.isError) {
    body = (
      <QueryErrorAlert
        title="Could not load the report"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  } else {
    body = (
      <>
        <Table.ScrollContainer minWidth={760} type="native">
          <Table striped className={classes.table} aria-label={`CCPA §7102 metrics, ${String(year)}`}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c, i) => (
                  <Table.Th key={c} ta={i === 0 ? undefined : 'right'}>
                    {c}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.rows.map((row) => (
                <ReportRow key={row.type} row={row} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          Requests received under the CCPA in {String(year)} (UTC days), with how each had ended when the
          report was made. Denied includes requests closed because the requester’s identity could not be
          verified. Days run from receipt to the answer, in calendar days where the request is handled. Made{' '}
          {formatDateTime(query.data.generatedAt)} by Privacy Desk.
        </Text>
      </>
    );
  }

  return (
    <Stack gap="md">
      <PrintToolbar align="flex-end">
        <Anchor component={Link} to={paths.dashboard.build()} size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            Back to the dashboard
          </Group>
        </Anchor>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label="Year"
            data={years.map((y) => ({ value: String(y), label: String(y) }))}
            value={String(year)}
            onChange={(value) => {
              if (value) setParams(new URLSearchParams({ year: value }), { preventScrollReset: true });
            }}
            allowDeselect={false}
            w={120}
          />
          <Button
            component="a"
            href={ccpaReportCsvHrefOf(year)}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            Download CSV
          </Button>
          <PrintButton />
        </Group>
      </PrintToolbar>
      <PrintSheet>
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              CCPA §7102 metrics, {String(year)}
            </Title>
            <Text c="dimmed" size="sm">
              Cal. Code Regs. tit. 11, §7102(a): requests to know, delete, correct, opt out of sale or sharing
              and limit the use of sensitive personal information, 1 January to 31 December {String(year)}.
            </Text>
          </div>
          {body}
        </Stack>
      </PrintSheet>
    </Stack>
  );
}
