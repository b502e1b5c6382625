import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import { absoluteLink, formatDateTime } from '../format';

interface PasswordLinkResultProps {
  name: string;
  link: { path: string; expiresAt: string };
  onDone: () => void;
}

/** The one-time set-password link. The server keeps only its hash, so this is the only time it is seen. */
export function PasswordLinkResult({ name, link, onDone }: PasswordLinkResultProps) {
  const url = absoluteLink(link.path);
  return (
    <Stack gap="md">
      <Text size="sm">
        Send this link to {name} through a channel you trust. With it they choose a password, then set up
        two-factor authentication at their first sign-in.
      </Text>
      <TextInput
        label="Set-password link"
        value={url}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        rightSectionWidth={104}
        rightSectionPointerEvents="all"
        rightSection={
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button
                size="compact-sm"
                variant={copied ? 'light' : 'filled'}
                color={copied ? 'teal' : undefined}
                leftSection={
                  copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                }
                onClick={copy}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        }
      />
      <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
        This link is shown once and expires at {formatDateTime(link.expiresAt)}. Any earlier link for this
        person no longer works.
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
