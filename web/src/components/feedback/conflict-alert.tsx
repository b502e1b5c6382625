import { Button, Stack, Text } from '@mantine/core';
import { IconGitCompare } from '@tabler/icons-react';
import { WarningAlert } from './warning-alert';

interface ConflictAlertProps {
  /** The server's message: who changed the record and when. */
  message: string;
  title?: string;
  onReload?: () => void;
  reloadLabel?: string;
  isReloading?: boolean;
}

/**
 * A change based on a stale version was refused: nothing was overwritten. The server's message says who
 * changed the record and when; reloading shows that change before the person tries again.
 */
export function ConflictAlert({
  message,
  title = 'Someone else changed this request',
  onReload,
  reloadLabel = 'Reload',
  isReloading = false,
}: ConflictAlertProps) {
  return (
    <WarningAlert icon={<IconGitCompare size={18} aria-hidden />} title={title} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onReload ? (
          <Button size="xs" variant="default" onClick={onReload} loading={isReloading}>
            {reloadLabel}
          </Button>
        ) : null}
      </Stack>
    </WarningAlert>
  );
}
