import { Badge, CloseButton, Group } from '@mantine/core';
import type { DrillFilterChip } from '../drill-filters';
import type { DrillFilterKey } from '../queue-search';

interface DrillFilterChipsProps {
  chips: DrillFilterChip[];
  onRemove: (keys: readonly DrillFilterKey[]) => void;
}

/**
 * The filters a dashboard figure (or a saved view) narrowed the queue by that the filter bar has no field
 * for: each says what it keeps, and can be taken off. They wrap on a phone rather than scroll.
 */
export function DrillFilterChips({ chips, onRemove }: DrillFilterChipsProps) {
  if (chips.length === 0) return null;
  return (
    <Group gap="xs" wrap="wrap" role="list" aria-label="Other filters">
      {chips.map((chip) => (
        <Badge
          key={chip.keys.join('+')}
          role="listitem"
          variant="light"
          radius="sm"
          size="lg"
          tt="none"
          fw={500}
          maw="100%"
          title={chip.label}
          rightSection={
            <CloseButton
              // 24 px: a target a thumb can hit on a phone (WCAG 2.5.8).
              size={24}
              iconSize={14}
              variant="transparent"
              c="inherit"
              aria-label={`Remove filter: ${chip.label}`}
              onClick={() => onRemove(chip.keys)}
            />
          }
        >
          {chip.label}
        </Badge>
      ))}
    </Group>
  );
}
