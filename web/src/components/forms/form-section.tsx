import { Paper, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** One titled part of a long form (the registry's and the inventory's), named for screen readers by its title. */
export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

/** A list-level problem ("name at least one country"), announced where the list is. */
export function ListError({ error }: { error: ReactNode }) {
  return error ? (
    <Text size="sm" c="red" role="alert">
      {error}
    </Text>
  ) : null;
}

/** The list's member that is this value, or null: a Select's string back to its typed option. */
export const pick = <T extends string>(all: readonly T[], value: string | null): T | null =>
  all.find((item) => item === value) ?? null;
