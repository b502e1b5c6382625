import { Anchor, Button, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { customerStatusLabels } from '@privdesk/shared/constants';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { formatCalendarDate, regimeLabel, requestTypeLabel } from '../format';
import type { LinkedCustomerView, RelatedRequestView } from '../types';
import { StatusBadge } from '../../../components/feedback/status-badge';

export function LinkedCustomerCard({
  customer,
  canOpen = false,
}: {
  customer: LinkedCustomerView | null;
  /** Readers of customers open the account's own page from here. */
  canOpen?: boolean;
}) {
  if (!customer) {
    return (
      <Text size="sm">No customer account is linked: the requester may not hold one, or was not found.</Text>
    );
  }
  const rows: [string, string][] = [
    ['Name', customer.name],
    ['Email', customer.email],
    ['Account', customer.accountNumber],
    ['Status', customerStatusLabels[customer.status]],
    ['Organisation', customer.organisation ?? '—'],
    ['Country', customer.country],
    ['Plan', customer.plan],
  ];
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {customer.masked ? (
          <Badge color="gray" variant="light" tt="none" radius="sm">
            Masked
          </Badge>
        ) : null}
        {customer.minor ? (
          <Badge color="pink" variant="light" tt="none" radius="sm">
            Minor (under 16)
          </Badge>
        ) : null}
      </Group>
      <Table variant="vertical" layout="fixed" verticalSpacing={4}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={110} fz="sm">
                {label}
              </Table.Th>
              <Table.Td fz="sm" style={{ wordBreak: 'break-word' }}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canOpen ? (
        <Anchor component={Link} to={paths.customer.build(customer.id)} size="sm">
          Open the account {customer.accountNumber}
        </Anchor>
      ) : null}
    </Stack>
  );
}

/** Other requests from the same email or account, newest first, each a link to its page. */
export function RelatedRequests({
  related,
  mergeableInto,
  onMerge,
}: {
  related: readonly RelatedRequestView[];
  /** Which of them this request may be merged into (open, same type), for an officer; none otherwise. */
  mergeableInto?: (r: RelatedRequestView) => boolean;
  onMerge?: (r: RelatedRequestView) => void;
}) {
  if (related.length === 0) return <Text size="sm">No other requests from this requester.</Text>;
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {related.map((r) => (
        <Stack key={r.id} gap={2} component="li">
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={paths.request.build(r.id)} fw={600} size="sm">
              {r.reference}
            </Anchor>
            <StatusBadge status={r.status} size="sm" />
            {onMerge && mergeableInto?.(r) ? (
              <Button size="compact-xs" variant="light" onClick={() => onMerge(r)}>
                Merge this request into it
              </Button>
            ) : null}
          </Group>
          <Text size="xs">
            {requestTypeLabel(r.type)} · {regimeLabel(r.regime)} · due{' '}
            <time dateTime={r.dueOn}>{formatCalendarDate(r.dueOn)}</time>
          </Text>
        </Stack>
      ))}
    </Stack>
  );
}
