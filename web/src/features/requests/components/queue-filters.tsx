import type { Ref } from 'react';
import { Button, Checkbox, Group, Select, Stack, TextInput } from '@mantine/core';
import classes from './queue-filters.module.css';
import {
  dueFilterLabels,
  dueFilters,
  regimes,
  requestChannelLabels,
  requestChannels,
  requestTypes,
  type AssigneeFilterKind,
  type DueFilter,
  type Regime,
  type RequestChannel,
  type RequestType,
} from '@privdesk/shared/constants';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { regimeLabel, requestTypeLabel } from '../format';
import { StatusFilter } from './status-filter';
import { hasQueueFilters, type QueueFilterKey, type QueueSearch } from '../queue-search';
import { useUrlTextFilter } from '../../../lib/use-url-text-filter';

interface QueueFiltersProps {
  search: QueueSearch;
  /** Summary readers cannot filter by assignee or the minor flag (a filter would reveal what a column hides). */
  canFilterInternals: boolean;
  /** Readers who see requesters masked find them only by a whole email or whole words of the name. */
  matchesWholeOnly: boolean;
  /** Staff who can hold requests, for "assigned to"; empty while loading or when not listable. */
  assignable: { id: string; name: string }[];
  onFilterChange: <K extends QueueFilterKey>(
    key: K,
    value: QueueSearch[K],
    opts?: { replace?: boolean },
  ) => void;
  onClear: () => void;
  /** The search box, for the queue's `/` shortcut. */
  searchRef?: Ref<HTMLInputElement>;
}

const typeOptions = requestTypes.map((t) => ({ value: t, label: requestTypeLabel(t) }));
const regimeOptions = regimes.map((r) => ({ value: r, label: regimeLabel(r) }));
const channelOptions = requestChannels.map((c) => ({ value: c, label: requestChannelLabels[c] }));
const dueOptions = dueFilters.map((d) => ({ value: d, label: dueFilterLabels[d] }));
const assigneeKindOptions: { value: AssigneeFilterKind; label: string }[] = [
  { value: 'anyone', label: 'Anyone' },
  { value: 'me', label: 'Me' },
  { value: 'nobody', label: 'Nobody (unassigned)' },
];

export function QueueFilters({
  search,
  canFilterInternals,
  matchesWholeOnly,
  assignable,
  onFilterChange,
  onClear,
  searchRef,
}: QueueFiltersProps) {
  const { draft, onDraftChange } = useUrlTextFilter(
    search.search,
    (value) => onFilterChange('search', value, { replace: true }),
    350,
  );

  const assigneeOptions = [
    ...assigneeKindOptions,
    ...(assignable.length > 0
      ? [{ group: 'Staff member', items: assignable.map((s) => ({ value: s.id, label: s.name })) }]
      : []),
  ];

  return (
    <Stack gap="sm">
      <div className={classes.toolbar}>
        <TextInput
          label="Search"
          ref={searchRef}
          placeholder={matchesWholeOnly ? 'Reference, full email or whole name' : 'Reference, email or name'}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={draft}
          onChange={(event) => {
            onDraftChange(event.currentTarget.value);
          }}
          type="search"
          spellCheck={false}
        />
        <StatusFilter value={search.status} onChange={(value) => onFilterChange('status', value)} />
        <Select<RequestType>
          label="Type"
          placeholder="Any"
          data={typeOptions}
          value={search.type ?? null}
          onChange={(value) => onFilterChange('type', value ?? undefined)}
          searchable
          clearable
          nothingFoundMessage="No type matches"
        />
        <Select<Regime>
          label="Regime"
          placeholder="Any"
          data={regimeOptions}
          value={search.regime ?? null}
          onChange={(value) => onFilterChange('regime', value ?? undefined)}
          clearable
        />
        <Select<RequestChannel>
          label="Channel"
          placeholder="Any"
          data={channelOptions}
          value={search.channel ?? null}
          onChange={(value) => onFilterChange('channel', value ?? undefined)}
          clearable
        />
        {canFilterInternals ? (
          <Select
            label="Assignee"
            data={assigneeOptions}
            value={search.assignee ?? 'anyone'}
            onChange={(value) =>
              onFilterChange('assignee', value === null || value === 'anyone' ? undefined : value)
            }
            allowDeselect={false}
            searchable
            nothingFoundMessage="Nobody matches"
          />
        ) : null}
        <Select<DueFilter>
          label="Due"
          placeholder="Any"
          data={dueOptions}
          value={search.due ?? null}
          onChange={(value) => onFilterChange('due', value ?? undefined)}
          clearable
        />
        {canFilterInternals ? (
          <Checkbox
            label="Minors only"
            checked={search.minor === true}
            onChange={(event) => onFilterChange('minor', event.currentTarget.checked ? true : undefined)}
            // Level with the inputs beside it (the grid aligns the row's bottoms).
            mb={8}
          />
        ) : null}
      </div>
      {hasQueueFilters(search) ? (
        <Group justify="flex-end">
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={onClear}
          >
            Clear filters
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
