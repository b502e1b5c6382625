import { Center, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** The frame of every signed-out page: product name above one narrow card. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Center component="main" mih="100dvh" p="md" bg="var(--mantine-color-body)">
      <Stack w="100%" maw={440} gap="lg">
        <Group gap="xs" justify="center">
          <ThemeIcon size="lg" radius="md" aria-hidden>
            <IconShieldLock size={20} />
          </ThemeIcon>
          <Text fw={700} fz="lg">
            Privacy Desk
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
