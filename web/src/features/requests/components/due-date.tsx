import { Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { RequestStatus } from '@privdesk/shared/constants';
import { StandingChip } from '../../../components/feedback/standing-chip';
import { dueStateOf, formatCalendarDate, formatShortCalendarDate } from '../format';

interface DueDateProps {
  dueOn: string;
  status: RequestStatus;
  today: string;
  /** Side by side (the request header) rather than stacked (a table cell). */
  inline?: boolean;
  /** The short date of a table cell ("12 Apr"), with the full one as its title. */
  compact?: boolean;
}

/**
 * A due date with how it stands: red when overdue, amber at 5 days or fewer. The words say it too
 * ("2 days overdue"), so colour is never the only signal; in a narrow cell they wrap rather than widen it.
 */
export function DueDate({ dueOn, status, today, inline = false, compact = false }: DueDateProps) {
  const due = dueStateOf(dueOn, status, today);
  const date = (
    <Text
      size="sm"
      component="time"
      dateTime={dueOn}
      title={compact ? formatCalendarDate(dueOn) : undefined}
      style={{ whiteSpace: 'nowrap' }}
    >
      {compact ? formatShortCalendarDate(dueOn, today) : formatCalendarDate(dueOn)}
    </Text>
  );
  const standing =
    due.text === null ? null : due.tone === 'overdue' || due.tone === 'soon' ? (
      // One line in a table cell, so a row stays one row high: "186 d overdue" on screen, the words in full
      // for screen readers and on hover.
      <StandingChip tone={due.tone} noWrap={compact}>
        {compact ? (
          <span title={due.text}>
            <span aria-hidden>{due.text.replace(/ days? /, ' d ')}</span>
            <VisuallyHidden>{due.text}</VisuallyHidden>
          </span>
        ) : (
          due.text
        )}
      </StandingChip>
    ) : (
      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
        {due.text}
      </Text>
    );
  if (inline) {
    return (
      <Group gap="xs" wrap="nowrap" component="span">
        {date}
        {standing}
      </Group>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      {date}
      {standing}
    </Stack>
  );
}
