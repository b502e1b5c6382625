import { Anchor, Checkbox, Combobox, Group, InputBase, Text, useCombobox } from '@mantine/core';
import {
  openRequestStatuses,
  requestStatuses,
  requestStatusLabels,
  type RequestStatus,
} from '@privdesk/shared/constants';

interface StatusFilterProps {
  /** Undefined: every status. */
  value: RequestStatus[] | undefined;
  onChange: (value: RequestStatus[] | undefined) => void;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** "Open", "Any status", one status's name, or how many: the field stays one line whatever is picked. */
function summaryOf(value: RequestStatus[] | undefined): string {
  if (value === undefined || value.length === 0) return 'Any status';
  if (sameSet(value, openRequestStatuses)) return 'Open statuses';
  if (value.length === 1 && value[0]) return requestStatusLabels[value[0]];
  return `${value.length} statuses`;
}

/**
 * The queue's status filter, one line high: a list of checkable statuses behind a summary, with "Open" and
 * "Any status" as one-click choices. (A multi-select's chips would take a third of the screen for the
 * default of seven open statuses.)
 */
export function StatusFilter({ value, onChange }: StatusFilterProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const picked = value ?? [];
  const toggle = (status: RequestStatus) => {
    const next = picked.includes(status) ? picked.filter((s) => s !== status) : [...picked, status];
    onChange(next.length > 0 ? requestStatuses.filter((s) => next.includes(s)) : undefined);
  };
  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(option) => {
        const status = requestStatuses.find((s) => s === option);
        if (status) toggle(status);
      }}
      withinPortal
    >
      {/* Mantine leaves aria-expanded off while closed, which a combobox must carry: the attributes are ours. */}
      <Combobox.Target targetType="button" withAriaAttributes={false}>
        <InputBase
          component="button"
          type="button"
          aria-label="Status"
          pointer
          role="combobox"
          aria-expanded={combobox.dropdownOpened ? 'true' : 'false'}
          aria-haspopup="listbox"
          rightSection={<Combobox.Chevron />}
          rightSectionPointerEvents="none"
          onClick={() => combobox.toggleDropdown()}
        >
          <Text size="sm" span truncate>
            {summaryOf(value)}
          </Text>
        </InputBase>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options aria-label="Statuses">
          {requestStatuses.map((status) => (
            <Combobox.Option value={status} key={status} active={picked.includes(status)}>
              <Group gap="xs" wrap="nowrap">
                <Checkbox
                  checked={picked.includes(status)}
                  onChange={() => undefined}
                  tabIndex={-1}
                  aria-hidden
                  size="xs"
                  style={{ pointerEvents: 'none' }}
                />
                <span>{requestStatusLabels[status]}</span>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
        <Combobox.Footer>
          <Group gap="md">
            <Anchor
              component="button"
              type="button"
              size="xs"
              onClick={() => onChange([...openRequestStatuses])}
            >
              Open only
            </Anchor>
            <Anchor component="button" type="button" size="xs" onClick={() => onChange(undefined)}>
              Any status
            </Anchor>
          </Group>
        </Combobox.Footer>
      </Combobox.Dropdown>
    </Combobox>
  );
}
