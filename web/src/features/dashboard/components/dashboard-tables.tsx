import { Table, Text } from '@mantine/core';
import {
  closureBases,
  closureBasisLabels,
  percentOf,
  requestReasonCodeLabels,
  requestStatusLabels,
} from '@privdesk/shared/constants';
import type { ReactNode } from 'react';
import { formatCalendarDate } from '../../../lib/dates';
import { requestTypeLabel } from '../../../lib/labels';
import { assigneeName, workloadStatusesOf } from '../chart-data';
import { formatDays, formatMonth, formatPercent } from '../format';
import type { DashboardData, FigureView } from '../types';
import { FigureLink } from './figure-link';

// The charts' alternatives: the same figures as tables, every count a link to the queue.

function FigureTable({
  label,
  minWidth,
  head,
  children,
  foot,
}: {
  label: string;
  minWidth: number;
  head: string[];
  children: ReactNode;
  foot?: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table striped highlightOnHover aria-label={label} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={h} ta={i === 0 ? undefined : 'right'}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
        {foot ? <Table.Tfoot>{foot}</Table.Tfoot> : null}
      </Table>
    </Table.ScrollContainer>
  );
}

function RowHead({ children }: { children: ReactNode }) {
  return (
    <Table.Th scope="row" fw={500}>
      {children}
    </Table.Th>
  );
}

function NumberCell({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {children}
    </Table.Td>
  );
}

/** A count that opens the queue on its requests, in a number column. */
function FigureCell({ figure }: { figure: FigureView }) {
  return (
    <NumberCell>
      <FigureLink figure={figure} />
    </NumberCell>
  );
}

/** A count as a link, with its share of a whole after it: "14 (93.3%)". */
function CountWithShare({ figure, whole }: { figure: FigureView; whole: number }) {
  return (
    <>
      <FigureLink figure={figure} />{' '}
      <Text span size="xs" c="dimmed">
        ({formatPercent(percentOf(figure.count, whole))})
      </Text>
    </>
  );
}

export function OnTimeTable({ data }: { data: DashboardData }) {
  return (
    <FigureTable
      label="On-time rate per month"
      minWidth={560}
      head={[
        'Month',
        'Answered',
        ...closureBases.map((c) => `On time: ${closureBasisLabels[c].toLowerCase()}`),
      ]}
    >
      {data.answeredByMonth.map((m) => (
        <Table.Tr key={m.month}>
          <RowHead>{formatMonth(m.month)}</RowHead>
          <FigureCell figure={m.responded} />
          {closureBases.map((c) => (
            <NumberCell key={c}>
              <CountWithShare figure={m[c].onTime} whole={m.responded.count} />
            </NumberCell>
          ))}
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function AnsweredTable({ data }: { data: DashboardData }) {
  return (
    <FigureTable label="Answered per month" minWidth={360} head={['Month', 'Answered', 'On time', 'Late']}>
      {data.answeredByMonth.map((m) => (
        <Table.Tr key={m.month}>
          <RowHead>{formatMonth(m.month)}</RowHead>
          <FigureCell figure={m.responded} />
          <FigureCell figure={m.effective.onTime} />
          <FigureCell figure={m.effective.late} />
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function IntakeTable({ data }: { data: DashboardData }) {
  return (
    <FigureTable label="Intake per week" minWidth={260} head={['Week of', 'Received']}>
      {data.intake.map((w) => (
        <Table.Tr key={w.weekStart}>
          <RowHead>{formatCalendarDate(w.weekStart)}</RowHead>
          <FigureCell figure={w} />
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function DaysToCloseTable({ data }: { data: DashboardData }) {
  return (
    <FigureTable
      label="Days to close per type"
      minWidth={480}
      head={['Request type', 'Answered', 'Median days', '90th percentile', 'Mean days']}
    >
      {data.daysToClose.map((t) => (
        <Table.Tr key={t.type}>
          <RowHead>{requestTypeLabel(t.type)}</RowHead>
          <FigureCell figure={t.responded} />
          <NumberCell>{formatDays(t.median)}</NumberCell>
          <NumberCell>{formatDays(t.p90)}</NumberCell>
          <NumberCell>{formatDays(t.mean)}</NumberCell>
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function DenialTable({ data }: { data: DashboardData }) {
  const answered = data.answered.responded.count;
  return (
    <FigureTable
      label="Denial rate by reason"
      minWidth={380}
      head={['Reason', 'Denied', 'Share of answered']}
      foot={
        <Table.Tr>
          <Table.Th scope="row">All reasons</Table.Th>
          <FigureCell figure={data.denied.total} />
          <NumberCell>{formatPercent(percentOf(data.denied.total.count, answered))}</NumberCell>
        </Table.Tr>
      }
    >
      {data.denied.byReason.map((r) => (
        <Table.Tr key={r.reasonCode}>
          <RowHead>{requestReasonCodeLabels[r.reasonCode]}</RowHead>
          <FigureCell figure={r} />
          <NumberCell>{formatPercent(percentOf(r.count, answered))}</NumberCell>
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function OpenByStatusTable({ data }: { data: DashboardData }) {
  return (
    <FigureTable
      label="Open by status"
      minWidth={260}
      head={['Status', 'Open']}
      foot={
        <Table.Tr>
          <Table.Th scope="row">All open</Table.Th>
          <FigureCell figure={data.open.total} />
        </Table.Tr>
      }
    >
      {data.open.byStatus.map((s) => (
        <Table.Tr key={s.status}>
          <RowHead>{requestStatusLabels[s.status]}</RowHead>
          <FigureCell figure={s} />
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function WorkloadTable({ data }: { data: DashboardData }) {
  const statuses = workloadStatusesOf(data);
  return (
    <FigureTable
      label="Workload per assignee"
      minWidth={260 + statuses.length * 110}
      head={['Assignee', 'Open', ...statuses.map((s) => requestStatusLabels[s])]}
    >
      {data.workload.map((w) => (
        <Table.Tr key={w.assignee?.id ?? 'nobody'}>
          <RowHead>{assigneeName(w.assignee)}</RowHead>
          <FigureCell figure={w.total} />
          {statuses.map((s) => {
            const figure = w.byStatus.find((b) => b.status === s);
            return <NumberCell key={s}>{figure ? <FigureLink figure={figure} /> : '—'}</NumberCell>;
          })}
        </Table.Tr>
      ))}
    </FigureTable>
  );
}

export function ErasureTable({ data }: { data: DashboardData }) {
  return (
    <FigureTable
      label="Erasure lines outstanding per data system"
      minWidth={300}
      head={['Data system', 'Requests']}
    >
      {data.erasure.map((e) => (
        <Table.Tr key={e.system.id}>
          <RowHead>{e.system.name}</RowHead>
          <FigureCell figure={e} />
        </Table.Tr>
      ))}
    </FigureTable>
  );
}
