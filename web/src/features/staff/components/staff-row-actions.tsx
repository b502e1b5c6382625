import { ActionIcon, Menu } from '@mantine/core';
import type { PendingRoleGrant, StaffRow } from '@privdesk/shared';
import { roleLabels } from '@privdesk/shared/constants';
import { useActiveStaff } from '../../../lib/session';
import {
  IconDots,
  IconKey,
  IconLink,
  IconPencil,
  IconShieldCheck,
  IconUserCheck,
  IconUserOff,
} from '@tabler/icons-react';

export type StaffAction = 'edit' | 'disable' | 'enable' | 'resetMfa' | 'issueLink' | 'decideGrant';

interface StaffRowActionsProps {
  staff: StaffRow;
  onAction: (action: StaffAction, staff: StaffRow, grant?: PendingRoleGrant) => void;
}

export function StaffRowActions({ staff, onAction }: StaffRowActionsProps) {
  // One's own row offers nothing the server refuses: nobody disables their own account (and their own
  // roles are another admin's to change; the edit dialog says so).
  const isSelf = useActiveStaff().id === staff.id;
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${staff.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {staff.pendingGrants.map((grant) => (
          <Menu.Item
            key={grant.id}
            leftSection={<IconShieldCheck size={16} aria-hidden />}
            onClick={() => onAction('decideGrant', staff, grant)}
          >
            {`Review ${roleLabels[grant.role]} grant`}
          </Menu.Item>
        ))}
        <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => onAction('edit', staff)}>
          Edit
        </Menu.Item>
        {isSelf ? null : staff.disabled ? (
          <Menu.Item
            leftSection={<IconUserCheck size={16} aria-hidden />}
            onClick={() => onAction('enable', staff)}
          >
            Enable
          </Menu.Item>
        ) : (
          <Menu.Item
            leftSection={<IconUserOff size={16} aria-hidden />}
            color="red"
            onClick={() => onAction('disable', staff)}
          >
            Disable
          </Menu.Item>
        )}
        <Menu.Item
          leftSection={<IconKey size={16} aria-hidden />}
          onClick={() => onAction('resetMfa', staff)}
        >
          Reset MFA
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLink size={16} aria-hidden />}
          disabled={staff.disabled}
          title={staff.disabled ? 'Enable the account first' : undefined}
          onClick={() => onAction('issueLink', staff)}
        >
          New set-password link
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
