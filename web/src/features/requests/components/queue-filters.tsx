import type { Ref } from 'react';
import { Button, Checkbox, Popover, Select, Stack, TextInput } from '@mantine/core';
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
import { IconChevronDown, IconFilterOff, IconSearch } from '@tabler/icons-react';
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
  { value: 'anyone', label: 'Any assignee' },
  { value: 'me', label: 'Assigned to me' },
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

  // Channel and the minors flag are used less: they sit behind "More", which counts those set.
  const moreCount = (search.channel ? 1 : 0) + (search.minor === true ? 1 : 0);
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
          aria-label="Search"
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
          aria-label="Type"
          placeholder="Any type"
          data={typeOptions}
          value={search.type ?? null}
          onChange={(value) => onFilterChange('type', value ?? undefined)}
          searchable
          clearable
          nothingFoundMessage="No type matches"
        />
        <Select<Regime>
          aria-label="Regime"
          placeholder="Any regime"
          data={regimeOptions}
          value={search.regime ?? null}
          onChange={(value) => onFilterChange('regime', value ?? undefined)}
          clearable
        />
        {canFilterInternals ? (
          <Select
            aria-label="Assignee"
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
          aria-label="Due"
          placeholder="Any due date"
          data={dueOptions}
          value={search.due ?? null}
          onChange={(value) => onFilterChange('due', value ?? undefined)}
          clearable
        />
        <Popover position="bottom-end" withinPortal shadow="md" width={260} trapFocus returnFocus>
          <Popover.Target>
            <Button
              variant="default"
              rightSection={<IconChevronDown size={14} aria-hidden />}
              aria-label={moreCount > 0 ? `More filters (${moreCount} on)` : 'More filters'}
            >
              {moreCount > 0 ? `More (${moreCount})` : 'More'}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="sm">
              <Select<RequestChannel>
                label="Channel"
                placeholder="Any channel"
                data={channelOptions}
                value={search.channel ?? null}
                onChange={(value) => onFilterChange('channel', value ?? undefined)}
                clearable
                comboboxProps={{ withinPortal: false }}
              />
              {canFilterInternals ? (
                <Checkbox
                  label="Minors only"
                  checked={search.minor === true}
                  onChange={(event) =>
                    onFilterChange('minor', event.currentTarget.checked ? true : undefined)
                  }
                />
              ) : null}
            </Stack>
          </Popover.Dropdown>
        </Popover>
        {hasQueueFilters(search) ? (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={onClear}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
    </Stack>
  );
}
