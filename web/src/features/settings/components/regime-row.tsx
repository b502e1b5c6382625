import { Grid, Stack, Text } from '@mantine/core';
import type { Regime } from '@privdesk/shared/constants';
import { memo, useId, type ReactNode } from 'react';
import { calendarField, timeZoneField, type CalendarField, type TimeZoneField } from '../settings-form';
import { calendarLabel, holidayEffect, regimeLabel } from '../settings-labels';
import { CalendarSelect } from './calendar-select';
import { TimeZoneSelect } from './time-zone-select';

// The default sits under the field, after the input, and only where the value differs from it.
const defaultBelow: ('label' | 'input' | 'description' | 'error')[] = [
  'label',
  'input',
  'description',
  'error',
];

interface RegimeRowProps {
  regime: Regime;
  calendar: string;
  timeZone: string;
  calendarError: ReactNode;
  timeZoneError: ReactNode;
  byDefault: { calendar: string; timeZone: string };
  /** Values to keep choosable though not in the lists: the saved ones and the defaults. */
  keep: { calendars: readonly string[]; zones: readonly string[] };
  /** The form's setFieldValue: stable, so a row re-renders only when its own values or errors change. */
  onChange: (field: CalendarField | TimeZoneField, value: string) => void;
}

/**
 * One regime's handling entity: its two fields form a group named after the regime. Memoised: eight rows
 * of searchable selects are the heaviest part of the form, and a keystroke elsewhere leaves them alone.
 */
export const RegimeRow = memo(function RegimeRow({
  regime,
  calendar,
  timeZone,
  calendarError,
  timeZoneError,
  byDefault,
  keep,
  onChange,
}: RegimeRowProps) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <Grid gap="sm" align="flex-start">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap={2} pt={{ base: 0, md: 4 }}>
            <Text fw={600} id={id}>
              {regimeLabel(regime)}
            </Text>
            <Text size="xs" c="dimmed">
              {holidayEffect[regime]}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>
          <CalendarSelect
            regime={regime}
            label="Holiday calendar"
            value={calendar}
            onChange={(value) => onChange(calendarField(regime), value)}
            error={calendarError}
            keep={keep.calendars}
            inputWrapperOrder={defaultBelow}
            description={
              calendar !== byDefault.calendar ? `Default: ${calendarLabel(byDefault.calendar)}` : undefined
            }
            data-path={calendarField(regime)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>
          <TimeZoneSelect
            label="Time zone"
            value={timeZone}
            onChange={(value) => onChange(timeZoneField(regime), value)}
            error={timeZoneError}
            keep={keep.zones}
            inputWrapperOrder={defaultBelow}
            description={timeZone !== byDefault.timeZone ? `Default: ${byDefault.timeZone}` : undefined}
            data-path={timeZoneField(regime)}
          />
        </Grid.Col>
      </Grid>
    </div>
  );
});
