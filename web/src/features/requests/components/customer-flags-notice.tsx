import { List, Text } from '@mantine/core';
import type { CustomerFlag } from '@privdesk/shared';
import { customerFlagLabels } from '@privdesk/shared/constants';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { formatDateTime } from '../../../lib/dates';

/**
 * The linked account's standing flags on the request page: what each is, since when, who set it and why.
 * A legal hold or a restriction changes what may be done with this request's data.
 */
export function CustomerFlagsNotice({ flags }: { flags: readonly CustomerFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <WarningAlert title="Flags on this account" mb="xs">
      <List size="sm" spacing={4}>
        {flags.map((flag) => (
          <List.Item key={flag.id}>
            <Text span fw={700} size="sm">
              {customerFlagLabels[flag.kind]}
            </Text>{' '}
            since {formatDateTime(flag.setAt)}
            {flag.setBy ? <> ({flag.setBy.name})</> : null}: {flag.setReason}
          </List.Item>
        ))}
      </List>
    </WarningAlert>
  );
}
