import { Button, Grid, Select, TextInput } from '@mantine/core';
import { roleLabels, roles, type Role } from '@privdesk/shared/constants';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import {
  hasStaffFilters,
  type StaffFilterKey,
  type StaffSearch,
  type StaffStatusFilter,
} from '../staff-search';
import { useUrlTextFilter } from '../../../lib/use-url-text-filter';

interface StaffFiltersProps {
  search: StaffSearch;
  onFilterChange: <K extends StaffFilterKey>(
    key: K,
    value: StaffSearch[K],
    opts?: { replace?: boolean },
  ) => void;
  onClear: () => void;
}

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));
const statusOptions: { value: StaffStatusFilter; label: string }[] = [
  { value: 'all', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
];

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
function isStatus(value: string): value is StaffStatusFilter {
  return value === 'all' || value === 'active' || value === 'disabled';
}

export function StaffFilters({ search, onFilterChange, onClear }: StaffFiltersProps) {
  const { draft, onDraftChange } = useUrlTextFilter(
    search.search,
    (value) => onFilterChange('search', value, { replace: true }),
    350,
  );

  return (
    <Grid gap="sm" align="flex-end">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <TextInput
          label="Search"
          placeholder="Name or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={draft}
          onChange={(event) => {
            onDraftChange(event.currentTarget.value);
          }}
          type="search"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label="Role"
          placeholder="Any role"
          data={roleOptions}
          value={search.role ?? null}
          onChange={(value) => onFilterChange('role', value && isRole(value) ? value : undefined)}
          clearable
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label="Status"
          data={statusOptions}
          value={search.status}
          onChange={(value) => onFilterChange('status', value && isStatus(value) ? value : 'all')}
          allowDeselect={false}
        />
      </Grid.Col>
      {hasStaffFilters(search) ? (
        <Grid.Col span={{ base: 12, md: 2 }}>
          <Button variant="subtle" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
            Clear filters
          </Button>
        </Grid.Col>
      ) : null}
    </Grid>
  );
}
