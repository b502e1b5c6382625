import { Anchor, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import {
  subprocessorCategoryLabels,
  transferMechanismLabels,
  type RegistrySort,
  type TransferMechanism,
} from '@privdesk/shared/constants';
import { IconArrowsSort, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { createColumnHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import {
  countryName,
  formatCalendarDate,
  formatCompactDateTime,
  formatDateTime,
  formatShortCalendarDate,
} from '../format';
import { firstDirectionOf } from '../registry-search';
import type { RegistryRow } from '../types';
import classes from './registry.module.css';
import { SubprocessorStatusBadge, WarningsCell } from './registry-status';

/** The server sorts and pages; the table only keeps the sort state (from the URL). */
export const registryTableFeatures = tableFeatures({ rowSortingFeature });
export type RegistryTableFeatures = typeof registryTableFeatures;

const column = createColumnHelper<RegistryTableFeatures, RegistryRow>();

/** Short enough for a table cell; the whole name is in the cell's title. */
const mechanismShortLabels: Record<TransferMechanism, string> = {
  none_needed: 'Within the EEA',
  adequacy: 'Adequacy',
  dpf: 'EU–US DPF',
  scc: 'SCCs',
  bcr: 'BCRs',
  derogation: 'Derogation',
};

/** The part of a header's column that sorting needs. */
interface SortableColumn {
  getIsSorted: () => false | 'asc' | 'desc';
  getToggleSortingHandler: () => undefined | ((event: unknown) => void);
}

function SortableHeader({ column: sortColumn, label }: { column: SortableColumn; label: string }) {
  const sorted = sortColumn.getIsSorted();
  const Icon = sorted === 'asc' ? IconChevronUp : sorted === 'desc' ? IconChevronDown : IconArrowsSort;
  return (
    <UnstyledButton
      onClick={sortColumn.getToggleSortingHandler()}
      fw={700}
      fz="sm"
      className={classes.nowrap}
      // The header cell's aria-sort tells the state; the title says what pressing it does.
      title={`Sort by ${label.toLowerCase()}`}
    >
      <Group gap={2} wrap="nowrap" component="span">
        <span>{label}</span>
        <Icon size={12} stroke={sorted ? 2.4 : 1.5} aria-hidden />
      </Group>
    </UnstyledButton>
  );
}

function sortable(id: RegistrySort, label: string) {
  return {
    id,
    header: ({ column: sortColumn }: { column: SortableColumn }) => (
      <SortableHeader column={sortColumn} label={label} />
    ),
    sortDescFirst: firstDirectionOf(id) === 'desc',
  };
}

const dash = (
  <Text size="sm" c="dimmed" component="span">
    —
  </Text>
);

/** The table's columns; `today` only decides whether a date shows its year. */
export function registryColumns(today: string) {
  return column.columns([
    column.accessor('name', {
      ...sortable('name', 'Name'),
      cell: (info) => {
        const row = info.row.original;
        return (
          <Stack gap={0} miw={140} maw={220}>
            <Anchor component={Link} to={paths.subprocessor.build(row.id)} size="sm" fw={600}>
              {row.name}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {row.legalName}
            </Text>
          </Stack>
        );
      },
    }),
    column.accessor('category', {
      ...sortable('category', 'Category'),
      cell: (info) => <span className={classes.cellText}>{subprocessorCategoryLabels[info.getValue()]}</span>,
    }),
    column.accessor('status', {
      ...sortable('status', 'Status'),
      cell: (info) => {
        const row = info.row.original;
        return (
          <Stack gap={2} align="flex-start">
            <SubprocessorStatusBadge status={row.status} size="sm" />
            {row.activeFrom && row.status !== 'retired' ? (
              <Text size="xs" className={classes.nowrap}>
                Active from {formatShortCalendarDate(row.activeFrom, today)}
              </Text>
            ) : null}
            {row.retiredOn ? (
              <Text size="xs" className={classes.nowrap}>
                Retired {formatShortCalendarDate(row.retiredOn, today)}
              </Text>
            ) : null}
          </Stack>
        );
      },
    }),
    column.accessor('objectionDeadline', {
      ...sortable('deadline', 'Deadline'),
      cell: (info) => {
        const row = info.row.original;
        const deadline = info.getValue();
        const underNotice = row.status === 'notice_sent' || row.status === 'objection_window';
        return deadline && underNotice ? (
          <Text
            size="sm"
            component="time"
            dateTime={deadline}
            className={classes.nowrap}
            title={formatCalendarDate(deadline)}
          >
            {formatShortCalendarDate(deadline, today)}
          </Text>
        ) : (
          dash
        );
      },
    }),
    column.accessor('countries', {
      header: 'Countries',
      enableSorting: false,
      cell: (info) => {
        const countries = info.getValue();
        return countries.length === 0 ? (
          dash
        ) : (
          <Text size="sm" miw={90} maw={160} lh={1.35}>
            {countries.map(countryName).join(', ')}
          </Text>
        );
      },
    }),
    column.accessor('mechanisms', {
      header: 'Transfers',
      enableSorting: false,
      cell: (info) => {
        const mechanisms = info.getValue();
        return mechanisms.length === 0 ? (
          dash
        ) : (
          <Stack gap={0}>
            {mechanisms.map((m) => (
              <Text key={m} size="sm" lh={1.35} className={classes.nowrap} title={transferMechanismLabels[m]}>
                {mechanismShortLabels[m]}
              </Text>
            ))}
          </Stack>
        );
      },
    }),
    column.accessor('warnings', {
      header: 'Warnings',
      enableSorting: false,
      cell: (info) => <WarningsCell warnings={info.getValue()} />,
    }),
    column.accessor('updatedAt', {
      ...sortable('updated', 'Updated'),
      cell: (info) => {
        const at = info.getValue();
        return (
          <Text
            size="sm"
            component="time"
            dateTime={at}
            className={classes.nowrap}
            title={formatDateTime(at)}
          >
            {formatCompactDateTime(at).day}
          </Text>
        );
      },
    }),
  ]);
}
