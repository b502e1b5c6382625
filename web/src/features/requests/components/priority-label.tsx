import { Badge, Group, Text } from '@mantine/core';
import { requestPriorityLabels, type RequestPriority } from '@privdesk/shared/constants';
import { IconArrowUp } from '@tabler/icons-react';

/**
 * Normal and low are quiet; high is bold with an arrow; urgent is a filled red badge (white on red 8 reads
 * at WCAG AA, where tinted orange text would not).
 */
export function PriorityLabel({ priority }: { priority: RequestPriority }) {
  if (priority === 'urgent') {
    return (
      <Badge color="red.8" variant="filled" radius="sm" tt="none" style={{ minWidth: 'max-content' }}>
        {requestPriorityLabels[priority]}
      </Badge>
    );
  }
  if (priority === 'high') {
    return (
      <Group gap={2} wrap="nowrap" component="span">
        <IconArrowUp size={14} color="var(--mantine-color-orange-filled)" aria-hidden />
        <Text size="sm" fw={700} component="span">
          {requestPriorityLabels[priority]}
        </Text>
      </Group>
    );
  }
  return (
    <Text size="sm" component="span">
      {requestPriorityLabels[priority]}
    </Text>
  );
}
