import { Badge, Group, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../../lib/trpc';
import type { CustomerOption } from '../types';

function labelOf(c: CustomerOption): string {
  return [c.name, c.accountNumber, c.organisation].filter((part) => part).join(' · ');
}

interface CustomerPickerProps {
  value: CustomerOption | null;
  onChange: (customer: CustomerOption | null) => void;
  error?: string | null;
}

/**
 * Links the request to a customer account, searching as you type (email, account number, name or
 * organisation). Names and emails come back masked for roles without `pii:read`, as the server sends them.
 */
export function CustomerPicker({ value, onChange, error }: CustomerPickerProps) {
  const trpc = useTRPC();
  const [searchValue, setSearchValue] = useState(value ? labelOf(value) : '');
  const [debounced] = useDebouncedValue(searchValue.trim(), 300);
  // Typing after a choice searches again; the chosen label itself is not a search.
  const query = value && searchValue === labelOf(value) ? '' : debounced;
  const results = useQuery({
    ...trpc.customers.search.queryOptions({ q: query, limit: 10 }),
    enabled: query.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const found = query.length >= 2 ? (results.data?.items ?? []) : [];
  // The chosen account stays an option, or the field would lose its label when the results change.
  const options = value && !found.some((c) => c.id === value.id) ? [value, ...found] : found;

  return (
    <Stack gap="xs">
      <Select
        label="Customer account"
        description="Optional: search by email, account number (SYN-…), name or organisation."
        placeholder="Type at least 2 characters"
        leftSection={<IconSearch size={16} aria-hidden />}
        data={options.map((c) => ({ value: c.id, label: labelOf(c) }))}
        value={value?.id ?? null}
        onChange={(id) => onChange(options.find((c) => c.id === id) ?? null)}
        searchable
        searchValue={searchValue}
        onSearchChange={setSearchValue}
        // The server already matched; filtering again here would hide masked names that match by email.
        filter={({ options: all }) => all}
        nothingFoundMessage={
          query.length < 2
            ? 'Type at least 2 characters'
            : results.isFetching
              ? 'Searching…'
              : 'No account matches'
        }
        clearable
        error={error}
      />
      {value ? (
        <Group gap="xs" wrap="wrap">
          <Text size="sm">
            Linked: {value.name} ({value.email}), {value.country}, {value.plan} plan.
          </Text>
          {value.minor ? (
            <Badge color="pink" variant="light" tt="none" radius="sm">
              Minor: the request will be flagged
            </Badge>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}
