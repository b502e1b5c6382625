import { Badge, Group, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { checkCustomerLink, customerLinkCheckLabels } from '@privdesk/shared/constants';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { useTRPC } from '../../../lib/trpc';
import type { CustomerOption } from '../types';

function labelOf(c: CustomerOption): string {
  return [c.name, c.accountNumber, c.organisation].filter((part) => part).join(' · ');
}

/** What tells two accounts apart without revealing them: number, organisation, country and plan. */
function detailsOf(c: CustomerOption): string {
  return [c.accountNumber, c.organisation, c.country, `${c.plan} plan`].filter((part) => part).join(' · ');
}

interface CustomerPickerProps {
  value: CustomerOption | null;
  /** The requester as typed on the form, to compare with the account (only where names are in clear). */
  requester: { name: string; email: string };
  onChange: (customer: CustomerOption | null) => void;
  error?: string | null;
}

/**
 * Links the request to a customer account, searching as you type (email, account number, name or
 * organisation). Names and emails come back masked for roles without `pii:read`, as the server sends them.
 */
export function CustomerPicker({ value, requester, onChange, error }: CustomerPickerProps) {
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
        renderOption={({ option }) => {
          const c = options.find((o) => o.id === option.value);
          return c ? (
            <Stack gap={0}>
              <Text size="sm">{c.name}</Text>
              <Text size="xs" c="dimmed">
                {detailsOf(c)}
              </Text>
            </Stack>
          ) : (
            option.label
          );
        }}
        clearable
        error={error}
      />
      {value ? <LinkCheck customer={value} requester={requester} /> : null}
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

/**
 * Whether the chosen account looks like the requester. Where names are in clear, the form compares them as
 * the server will; where they are masked, comparing would tell the person what the mask hides (a yes or no
 * per guess), so the form asks them to check the details instead, and the server flags a mismatch on the
 * request for an officer.
 */
function LinkCheck({
  customer,
  requester,
}: {
  customer: CustomerOption;
  requester: { name: string; email: string };
}) {
  if (customer.masked) {
    return (
      <Text size="xs">
        You see this account masked: check its number, organisation, country and plan against what the
        requester told you. A name or email that differs is flagged on the request for an officer.
      </Text>
    );
  }
  const typedEmail = requester.email.trim();
  if (requester.name.trim() === '' || typedEmail === '') return null;
  const check = checkCustomerLink(requester, customer);
  if (check === 'match') return null;
  return (
    <WarningAlert title="Is this the requester’s account?">
      {customerLinkCheckLabels[check]} The requester is {requester.name.trim()} ({typedEmail}); the account is{' '}
      {customer.name} ({customer.email}). Logged like this, the request is flagged for a check.
    </WarningAlert>
  );
}
