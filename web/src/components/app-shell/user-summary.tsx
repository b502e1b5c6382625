import { Avatar, Group, Stack, Text } from '@mantine/core';
import { roleLabels } from '@privdesk/shared/constants';
import type { ActiveStaff } from '../../lib/session';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts
    .slice(0, 2)
    .map((p) => p.charAt(0).toUpperCase())
    .join('');
}

export function UserSummary({ staff }: { staff: ActiveStaff }) {
  const roles = staff.roles.map((r) => roleLabels[r]).join(', ');
  return (
    <Group gap="xs" wrap="nowrap" aria-label={`Signed in as ${staff.name} (${roles})`} role="group">
      <Avatar size="md" radius="xl" color="indigo" aria-hidden>
        {initialsOf(staff.name)}
      </Avatar>
      <Stack gap={0} miw={0}>
        <Text size="sm" fw={600} truncate>
          {staff.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {roles}
        </Text>
      </Stack>
    </Group>
  );
}
