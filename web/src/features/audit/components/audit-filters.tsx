import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import {
  auditActionGroups,
  auditActionLabels,
  auditActions,
  auditEntityTypes,
} from '@privdesk/shared/constants';
import { auditRecordPattern } from '@privdesk/shared';
import type { StaffRow } from '@privdesk/shared';
import { IconFilterOff } from '@tabler/icons-react';
import { hasAuditFilters, hasInvertedDates, type AuditFilterKey, type AuditSearch } from '../audit-search';
import { CalendarDateField } from '../../../components/forms/date-fields';
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

// Grouped and named, so an auditor picks "Personal data viewed", not `pii.viewed`.
const actionOptions = auditActionGroups.map((group) => ({
  group: group.label,
  items: group.actions.map((a) => ({ value: a, label: auditActionLabels[a] })),
}));
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

  // A reference or account number is sent once it is whole; until then the field says what it wants.
  const { draft: recordDraft, onDraftChange: onRecordChange } = useUrlTextFilter(
    search.record,
    (value) => {
      const record = value?.trim().toUpperCase();
      if (!record || auditRecordPattern.test(record))
        onFilterChange('record', record || undefined, { replace: true });
    },
    400,
  );
  const recordTyped = recordDraft.trim().toUpperCase();
  const recordError =
    recordTyped !== '' && !auditRecordPattern.test(recordTyped)
      ? 'A request reference (DSR-2026-000123) or an account number (SYN-100042).'
      : undefined;

  const actorOptions = (actors ?? []).map((s) => ({ value: s.id, label: s.name }));
  const datesInverted = hasInvertedDates(search);

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="sm">
        <TextInput
          label="Request or account"
          placeholder="DSR-2026-000123 or SYN-100042"
          value={recordDraft}
          error={recordError}
          onChange={(event) => {
            onRecordChange(event.currentTarget.value);
          }}
          spellCheck={false}
        />
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
        <CalendarDateField
          label="From"
          timeZone="UTC"
          zoneLabel="UTC, included"
          value={search.from ?? ''}
          max={search.to}
          onChange={(date) => onFilterChange('from', date || undefined)}
        />
        <CalendarDateField
          label="To"
          timeZone="UTC"
          zoneLabel="UTC, included"
          value={search.to ?? ''}
          min={search.from}
          error={datesInverted ? 'The end date is before the start date.' : undefined}
          onChange={(date) => onFilterChange('to', date || undefined)}
        />
      </SimpleGrid>
      <Group justify="space-between" gap="xs" mih={30}>
        <Text size="xs" c="dimmed">
          From and To are whole days, both included.
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
