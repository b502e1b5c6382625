import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { timeZoneFilter, timeZoneOptions } from '../time-zones';

interface TimeZoneSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: string;
  onChange: (value: string) => void;
  /** Zones that must stay choosable though this browser may not list them: the saved one and the default. */
  keep: readonly string[];
}

/** Every IANA zone the browser knows, grouped by area; type part of a name (london, sao_paulo) to find it. */
export function TimeZoneSelect({ value, onChange, keep, ...props }: TimeZoneSelectProps) {
  const data = useMemo(() => timeZoneOptions([value, ...keep]), [value, keep]);
  return (
    <Select
      {...props}
      data={data}
      value={value}
      onChange={(next) => {
        if (next) onChange(next);
      }}
      searchable
      // Tabbing through the form does not pop a list open at every row; typing or Arrow Down opens it.
      openOnFocus={false}
      filter={timeZoneFilter}
      allowDeselect={false}
      maxDropdownHeight={280}
      // Options are rendered only while the list is open: eight rows of ~420 zones would otherwise sit in
      // the page and re-render with every keystroke in the form.
      comboboxProps={{ keepMounted: false }}
      nothingFoundMessage="No time zone matches"
    />
  );
}
