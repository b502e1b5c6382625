import { Select, type SelectProps } from '@mantine/core';
import { suggestedCalendars, type Regime } from '@privdesk/shared/constants';
import { useMemo, useState } from 'react';
import { calendarCodeOf, calendarLabel } from '../settings-labels';

interface CalendarSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  regime: Regime;
  value: string;
  onChange: (value: string) => void;
  /** Codes that must stay choosable though not suggested: the saved one and the default. */
  keep: readonly string[];
}

/**
 * The regime's suggested calendars, searchable by name or code. date-holidays knows far more than the
 * suggestions, so a typed code such as DE-BY becomes an option too; the server says whether it exists.
 */
export function CalendarSelect({ regime, value, onChange, keep, ...props }: CalendarSelectProps) {
  const [search, setSearch] = useState(() => calendarLabel(value));
  const known = useMemo(() => {
    const codes = [...suggestedCalendars[regime]];
    for (const code of [value, ...keep]) if (code && !codes.includes(code)) codes.push(code);
    return codes;
  }, [regime, value, keep]);
  const typed = calendarCodeOf(search);
  const data = useMemo(() => {
    const options = known.map((code) => ({ value: code, label: calendarLabel(code) }));
    if (typed && !known.includes(typed)) options.push({ value: typed, label: `Use the code ${typed}` });
    return options;
  }, [known, typed]);

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
      searchValue={search}
      onSearchChange={setSearch}
      allowDeselect={false}
      // Options are rendered only while the list is open: eight rows of ~420 zones would otherwise sit in
      // the page and re-render with every keystroke in the form.
      comboboxProps={{ keepMounted: false }}
      nothingFoundMessage="No suggestion matches. Type a code such as DE-BY."
    />
  );
}
