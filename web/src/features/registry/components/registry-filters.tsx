import { Button, Grid, MultiSelect, Select, TextInput } from '@mantine/core';
import {
  subprocessorCategories,
  subprocessorCategoryLabels,
  subprocessorStatuses,
  subprocessorStatusLabels,
  transferMechanismLabels,
  transferMechanisms,
} from '@privdesk/shared/constants';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useUrlTextFilter } from '../../../lib/use-url-text-filter';
import { countryOptions } from '../format';
import { hasRegistryFilters, type RegistryFilterKey, type RegistrySearch } from '../registry-search';

interface RegistryFiltersProps {
  search: RegistrySearch;
  onFilterChange: <K extends RegistryFilterKey>(
    key: K,
    value: RegistrySearch[K],
    opts?: { replace?: boolean },
  ) => void;
  onClear: () => void;
}

const statusOptions = subprocessorStatuses.map((s) => ({ value: s, label: subprocessorStatusLabels[s] }));
const categoryOptions = subprocessorCategories.map((c) => ({
  value: c,
  label: subprocessorCategoryLabels[c],
}));
const mechanismOptions = transferMechanisms.map((m) => ({ value: m, label: transferMechanismLabels[m] }));

export function RegistryFilters({ search, onFilterChange, onClear }: RegistryFiltersProps) {
  const { draft, onDraftChange } = useUrlTextFilter(search.search, (value) =>
    onFilterChange('search', value, { replace: true }),
  );
  return (
    <Grid gap="sm" align="flex-end">
      <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
        <TextInput
          label="Search"
          placeholder="Name or legal name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={draft}
          onChange={(event) => onDraftChange(event.currentTarget.value)}
          type="search"
          maxLength={100}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
        <MultiSelect
          label="Status"
          placeholder={search.status ? undefined : 'Any status'}
          data={statusOptions}
          value={search.status ?? []}
          onChange={(values) => {
            const picked = subprocessorStatuses.filter((s) => values.includes(s));
            onFilterChange('status', picked.length > 0 ? picked : undefined);
          }}
          clearable
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, lg: 2 }}>
        <Select
          label="Category"
          placeholder="Any category"
          data={categoryOptions}
          value={search.category ?? null}
          onChange={(value) =>
            onFilterChange(
              'category',
              subprocessorCategories.find((c) => c === value),
            )
          }
          clearable
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, sm: 4, lg: 2 }}>
        <Select
          label="Country"
          placeholder="Any country"
          data={countryOptions}
          value={search.country ?? null}
          onChange={(value) => onFilterChange('country', value ?? undefined)}
          searchable
          clearable
          limit={60}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4, lg: 3 }}>
        <Select
          label="Transfer mechanism"
          placeholder="Any mechanism"
          data={mechanismOptions}
          value={search.mechanism ?? null}
          onChange={(value) =>
            onFilterChange(
              'mechanism',
              transferMechanisms.find((m) => m === value),
            )
          }
          clearable
        />
      </Grid.Col>
      {hasRegistryFilters(search) ? (
        <Grid.Col span={12}>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={onClear}
          >
            Clear filters
          </Button>
        </Grid.Col>
      ) : null}
    </Grid>
  );
}
