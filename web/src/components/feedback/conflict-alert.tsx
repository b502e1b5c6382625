import { Button, Stack, Text } from '@mantine/core';
import { IconGitCompare } from '@tabler/icons-react';
import { WarningAlert } from './warning-alert';

/**
 * A change based on a stale version was refused: nothing was overwritten. The server's message says who
 * changed the request and when; reloading shows that change before the person tries again.
 */
export function ConflictAlert({ message, onReload }: { message: string; onReload?: () => void }) {
  return (
    <WarningAlert
      icon={<IconGitCompare size={18} aria-hidden />}
      title="Someone else changed this request"
      role="alert"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onReload ? (
          <Button size="xs" variant="default" onClick={onReload}>
            Reload
          </Button>
        ) : null}
      </Stack>
    </WarningAlert>
  );
}
