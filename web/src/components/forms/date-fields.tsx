import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { instantOfWallTime, wallTimeIn } from '../../lib/zoned-time';

/**
 * The app's one kind of date input: the browser's own picker (keyboard and screen-reader friendly, typed
 * or picked), always in a named time zone — the handling entity's for anything a clock counts — and saying
 * so under the field.
 */
interface ZonedFieldProps {
  label: string;
  /** What the date is for; the zone sentence follows it. */
  description?: string;
  /** The zone the value is read in, named under the field. */
  timeZone: string;
  /** How the zone is named ("Europe/Dublin, where EU GDPR requests are handled"); defaults to the zone. */
  zoneLabel?: string;
  error?: string | null | undefined;
  withAsterisk?: boolean;
  autoFocus?: boolean;
}

function describe(description: string | undefined, sentence: string): string {
  return description ? `${description} ${sentence}` : sentence;
}

/** A calendar date (YYYY-MM-DD) where `timeZone` is. */
export function CalendarDateField({
  value,
  onChange,
  min,
  max,
  timeZone,
  zoneLabel,
  description,
  ...rest
}: ZonedFieldProps & {
  value: string;
  onChange: (date: string) => void;
  min?: string | undefined;
  max?: string | undefined;
}) {
  return (
    <TextInput
      type="date"
      value={value}
      min={min}
      max={max}
      onChange={(event) => onChange(event.currentTarget.value)}
      description={describe(description, `A calendar date in ${zoneLabel ?? timeZone}.`)}
      data-autofocus={rest.autoFocus || undefined}
      label={rest.label}
      error={rest.error}
      withAsterisk={rest.withAsterisk}
    />
  );
}

/**
 * A moment (an ISO instant), typed and shown as the wall time in `timeZone` to the minute. The typed text is
 * kept while it is not yet a whole date and time, so typing is never fought.
 */
export function DateTimeField({
  value,
  onChange,
  maxInstant,
  timeZone,
  zoneLabel,
  description,
  ...rest
}: ZonedFieldProps & {
  /** An ISO instant, or '' when none. */
  value: string;
  onChange: (iso: string) => void;
  /** The latest moment that may be chosen (a receipt is never in the future). */
  maxInstant?: string | undefined;
}) {
  const shown = value ? wallTimeIn(value, timeZone) : '';
  const [draft, setDraft] = useState<{ text: string; for: string } | null>(null);
  const text = draft && draft.for === `${value}|${timeZone}` ? draft.text : shown;
  return (
    <TextInput
      type="datetime-local"
      value={text}
      max={maxInstant ? wallTimeIn(maxInstant, timeZone) : undefined}
      onChange={(event) => {
        const next = event.currentTarget.value;
        const iso = next === '' ? '' : instantOfWallTime(next, timeZone);
        if (iso === null) {
          setDraft({ text: next, for: `${value}|${timeZone}` });
          return;
        }
        setDraft(null);
        onChange(iso);
      }}
      description={describe(description, `Date and time in ${zoneLabel ?? timeZone}.`)}
      data-autofocus={rest.autoFocus || undefined}
      label={rest.label}
      error={rest.error}
      withAsterisk={rest.withAsterisk}
    />
  );
}
