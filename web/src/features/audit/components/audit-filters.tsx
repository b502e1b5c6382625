import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { auditActions, auditEntityTypes } from '@privdesk/shared/constants';
import type { StaffRow } from '@privdesk/shared';
import { IconFilterOff } from '@tabler/icons-react';
import { hasAuditFilters, hasInvertedDates, type AuditFilterKey, type AuditSearch } from '../audit-search';
import { useUrlTextFilter } from '../../../lib/use-url-text-filter';

interface AuditFiltersProps {
  search: AuditSearch;
  /** Null when the person may not list staff; the actor filter is then left out. */
  actors: StaffRow[] | null;
  isLoadingActors: boolean;
  onFilterChange: <K extends AuditFilterKey>(
    key: K,
    value: AuditSearch[K] | undefined,
    opts?: { replace?: boolean },
  ) => void;
  onClear: () => void;
}

const actionOptions = auditActions.map((a) => ({ value: a, label: a }));
const entityTypeOptions = auditEntityTypes.map((t) => ({ value: t, label: t }));

function isAuditAction(value: string): value is (typeof auditActions)[number] {
  return (auditActions as readonly string[]).includes(value);
}
function isEntityType(value: string): value is (typeof auditEntityTypes)[number] {
  return (auditEntityTypes as readonly string[]).includes(value);
}

export function AuditFilters({
  search,
  actors,
  isLoadingActors,
  onFilterChange,
  onClear,
}: AuditFiltersProps) {
  const { draft: entityIdDraft, onDraftChange: onEntityIdChange } = useUrlTextFilter(
    search.entityId,
    (value) => onFilterChange('entityId', value, { replace: true }),
    400,
  );

  const actorOptions = (actors ?? []).map((s) => ({ value: s.id, label: s.name }));
  const datesInverted = hasInvertedDates(search);

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} spacing="sm" verticalSpacing="sm">
        {actors !== null ? (
          <Select
            label="Actor"
            placeholder={isLoadingActors ? 'Loading staff…' : 'Anyone'}
            data={actorOptions}
            value={search.actorId ?? null}
            onChange={(value) => onFilterChange('actorId', value ?? undefined)}
            searchable
            clearable
            nothingFoundMessage="No staff member matches"
          />
        ) : null}
        <Select
          label="Action"
          placeholder="Any action"
          data={actionOptions}
          value={search.action ?? null}
          onChange={(value) => onFilterChange('action', value && isAuditAction(value) ? value : undefined)}
          searchable
          clearable
          nothingFoundMessage="No action matches"
        />
        <Select
          label="Entity type"
          placeholder="Any type"
          data={entityTypeOptions}
          value={search.entityType ?? null}
          onChange={(value) => onFilterChange('entityType', value && isEntityType(value) ? value : undefined)}
          clearable
        />
        <TextInput
          label="Entity ID"
          placeholder="Exact id"
          value={entityIdDraft}
          onChange={(event) => {
            onEntityIdChange(event.currentTarget.value);
          }}
          spellCheck={false}
        />
        <TextInput
          label="From"
          type="date"
          value={search.from ?? ''}
          max={search.to}
          onChange={(event) => onFilterChange('from', event.currentTarget.value || undefined)}
        />
        <TextInput
          label="To"
          type="date"
          value={search.to ?? ''}
          min={search.from}
          error={datesInverted ? 'The end date is before the start date.' : undefined}
          onChange={(event) => onFilterChange('to', event.currentTarget.value || undefined)}
        />
      </SimpleGrid>
      <Group justify="space-between" gap="xs" mih={30}>
        <Text size="xs" c="dimmed">
          From and To are whole days in UTC, both included.
        </Text>
        {hasAuditFilters(search) ? (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={onClear}
          >
            Clear filters
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
