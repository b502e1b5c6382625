import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../../lib/page-title';

interface MessagePageProps {
  icon: ReactNode;
  color?: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}

/** A page that only says something: not found, no access, coming soon, an error. */
export function MessagePage({ icon, color = 'indigo', title, children, actions }: MessagePageProps) {
  usePageTitle(title);
  return (
    <Stack align="center" ta="center" gap="md" py={{ base: 'xl', sm: 64 }} px="md" maw={560} mx="auto">
      <ThemeIcon size={64} radius="xl" variant="light" color={color} aria-hidden>
        {icon}
      </ThemeIcon>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed">{children}</Text>
      {actions}
    </Stack>
  );
}
