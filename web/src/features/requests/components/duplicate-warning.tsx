import { Anchor, List, Text } from '@mantine/core';
import { requestStatusLabels } from '@privdesk/shared/constants';
import { IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { formatCalendarDate, requestTypeLabel } from '../format';
import type { DuplicateView } from '../types';
import { WarningAlert } from '../../../components/feedback/warning-alert';

const matchedOnText: Record<DuplicateView['matchedOn'], string> = {
  email: 'same email',
  customer: 'same account',
  both: 'same email and account',
};

interface DuplicateWarningProps {
  duplicates: readonly DuplicateView[];
  /** Holders of `requests:read` can open the request pages; others see the references. */
  canOpen: boolean;
}

/** An open request of the same type from the same person: log this one only if it is really new. */
export function DuplicateWarning({ duplicates, canOpen }: DuplicateWarningProps) {
  const first = duplicates[0];
  if (!first) return null;
  const type = requestTypeLabel(first.type).toLowerCase();
  return (
    <WarningAlert
      icon={<IconCopy size={18} aria-hidden />}
      title={
        duplicates.length === 1
          ? `An open ${type} request already exists for this requester`
          : `${duplicates.length} open ${type} requests already exist for this requester`
      }
    >
      <Text size="sm">Check before logging another: a repeat of an open request is usually a duplicate.</Text>
      <List size="sm" mt="xs" spacing={4}>
        {duplicates.map((d) => (
          <List.Item key={d.id}>
            {canOpen ? (
              <Anchor component={Link} to={paths.request.build(d.id)} fw={600} size="sm">
                {d.reference}
              </Anchor>
            ) : (
              <Text span fw={600} size="sm">
                {d.reference}
              </Text>
            )}{' '}
            — {requestStatusLabels[d.status]}, due {formatCalendarDate(d.dueOn)} ({matchedOnText[d.matchedOn]}
            )
          </List.Item>
        ))}
      </List>
    </WarningAlert>
  );
}
