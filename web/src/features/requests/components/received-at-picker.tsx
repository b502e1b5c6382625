// Loaded on demand by ReceivedAtField: @mantine/dates, dayjs and their styles stay out of every other page.
import '@mantine/dates/styles.css';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';

export interface ReceivedAtPickerProps {
  /** An ISO instant, or '' when none is chosen. */
  value: string;
  onChange: (iso: string) => void;
  error?: string | null;
  label: string;
  description: string;
}

const pickerFormat = 'YYYY-MM-DD HH:mm:ss';

export default function ReceivedAtPicker({
  value,
  onChange,
  error,
  label,
  description,
}: ReceivedAtPickerProps) {
  return (
    <DateTimePicker
      label={label}
      description={description}
      // The picker works in the viewer's local time; the form keeps an ISO instant.
      value={value ? dayjs(value).format(pickerFormat) : null}
      onChange={(next) => onChange(next ? dayjs(next).toISOString() : '')}
      // A receipt is never in the future: later dates cannot be picked (and the form checks again).
      maxDate={dayjs().endOf('day').format(pickerFormat)}
      valueFormat="D MMM YYYY, HH:mm"
      error={error}
      withSeconds={false}
      dropdownType="popover"
      popoverProps={{ withinPortal: true }}
      submitButtonProps={{ 'aria-label': 'Use this date and time' }}
    />
  );
}
