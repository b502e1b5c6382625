import { Checkbox, SimpleGrid, type CheckboxGroupProps } from '@mantine/core';
import type { NotificationData } from '@mantine/notifications';
import { roleLabels, roles, secondAdminRoles, type Role } from '@privdesk/shared/constants';
import type { PendingRoleGrant } from '@privdesk/shared';

interface RolesFieldProps extends Omit<CheckboxGroupProps, 'children' | 'label'> {
  /** The roles the person holds now (absent when creating an account). */
  held?: readonly Role[];
  /** Roles asked for and waiting for a second admin. */
  pending?: readonly PendingRoleGrant[];
  /** Shown but not changeable (one's own roles). */
  disabled?: boolean;
}

/**
 * The role checkboxes; takes a form's input props (`form.getInputProps('roles')`). A role that reads
 * personal data in clear is given only when a second admin confirms it, and says so beside its box.
 */
export function RolesField({
  held = [],
  pending = [],
  disabled = false,
  description,
  ...props
}: RolesFieldProps) {
  return (
    <Checkbox.Group
      label="Roles"
      description={
        description ??
        'A person may hold several. Roles that read personal data need a second admin to confirm them.'
      }
      {...props}
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
        {roles.map((role) => {
          const waiting = pending.find((g) => g.role === role);
          const gated = secondAdminRoles.includes(role) && !held.includes(role);
          return (
            <Checkbox
              key={role}
              value={role}
              label={roleLabels[role]}
              disabled={disabled}
              description={
                waiting
                  ? `Asked for by ${waiting.requestedBy.name}; waiting for a second admin`
                  : gated
                    ? 'A second admin confirms it'
                    : undefined
              }
            />
          );
        })}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

/** The toast after a save that asked for such a role: it is not held yet. */
export function awaitingSecondAdmin(name: string, grants: readonly PendingRoleGrant[]): NotificationData {
  const list = grants.map((g) => roleLabels[g.role]).join(', ');
  return {
    color: 'blue',
    title: 'Waiting for a second admin',
    message: `${name} gets ${list} once another admin confirms it in Staff (within 72 hours).`,
    autoClose: 10_000,
  };
}
