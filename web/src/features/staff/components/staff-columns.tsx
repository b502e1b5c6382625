import { Badge, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { roleLabels } from '@privdesk/shared/constants';
import type { PendingRoleGrant, StaffRow } from '@privdesk/shared';
import { createColumnHelper } from '@tanstack/react-table';
import type { DataTableFeatures } from '../../../components/data-table/data-table';
import { formatDateTime } from '../format';
import { StaffRowActions, type StaffAction } from './staff-row-actions';

const column = createColumnHelper<DataTableFeatures, StaffRow>();

// Badges keep their whole text: the table scrolls sideways before a label is cut short.
const badgeStyle = { flexShrink: 0, minWidth: 'max-content' } as const;

const baseColumns = [
  column.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
        {info.getValue()}
      </Text>
    ),
  }),
  column.accessor('email', {
    header: 'Email',
    cell: (info) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {info.getValue()}
      </Text>
    ),
  }),
  column.accessor('roles', {
    header: 'Roles',
    cell: (info) => (
      <Group gap={4} wrap="nowrap">
        {info.getValue().map((role) => (
          <Badge key={role} variant="light" size="md" radius="sm" tt="none" style={badgeStyle}>
            {roleLabels[role]}
          </Badge>
        ))}
        {info.row.original.pendingGrants.map((grant) => (
          <Badge
            key={grant.id}
            variant="outline"
            color="gray"
            size="md"
            radius="sm"
            tt="none"
            style={{ ...badgeStyle, borderStyle: 'dashed' }}
            title={`Asked for by ${grant.requestedBy.name}; not held until a second admin confirms`}
          >
            {roleLabels[grant.role]}
            <VisuallyHidden>, waiting for a second admin</VisuallyHidden>
            <span aria-hidden> · waiting</span>
          </Badge>
        ))}
        {info.getValue().length === 0 && info.row.original.pendingGrants.length === 0 ? (
          <Text size="sm" c="dimmed">
            None
          </Text>
        ) : null}
      </Group>
    ),
  }),
  column.accessor('disabled', {
    header: 'Status',
    cell: (info) => (
      <Stack gap={4} align="flex-start">
        {info.getValue() ? (
          <Badge color="gray" variant="filled" size="md" tt="none" style={badgeStyle}>
            Disabled
          </Badge>
        ) : (
          <Badge color="teal" variant="dot" size="md" tt="none" style={badgeStyle}>
            Active
          </Badge>
        )}
        {info.row.original.hasPassword ? null : (
          <Badge color="yellow" variant="dot" size="md" tt="none" style={badgeStyle}>
            No password yet
          </Badge>
        )}
      </Stack>
    ),
  }),
  column.accessor('mfaEnrolled', {
    header: 'MFA',
    cell: (info) =>
      info.getValue() ? (
        <Badge color="teal" variant="dot" size="md" tt="none" style={badgeStyle}>
          Enrolled
        </Badge>
      ) : (
        <Badge color="orange" variant="dot" size="md" tt="none" style={badgeStyle}>
          Not set up
        </Badge>
      ),
  }),
  column.accessor('lastSignInAt', {
    header: 'Last sign-in',
    cell: (info) => {
      const at = info.getValue();
      return at ? (
        <Text size="sm" component="time" dateTime={at} display="block" miw={150} maw={170}>
          {formatDateTime(at)}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" component="span">
          Never
        </Text>
      );
    },
  }),
];

export const readOnlyStaffColumns = column.columns(baseColumns);

/** The columns with a per-row actions menu, for people who may manage staff. */
export function manageableStaffColumns(
  onAction: (action: StaffAction, staff: StaffRow, grant?: PendingRoleGrant) => void,
) {
  return column.columns([
    ...baseColumns,
    column.display({
      id: 'actions',
      header: () => <VisuallyHidden>Actions</VisuallyHidden>,
      cell: (info) => <StaffRowActions staff={info.row.original} onAction={onAction} />,
    }),
  ]);
}
