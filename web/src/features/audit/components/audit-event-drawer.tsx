import { Code, Drawer, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { AuditEventRow } from '@privdesk/shared';
import { formatUtc } from '../format';

interface AuditEventDrawerProps {
  event: AuditEventRow | null;
  onClose: () => void;
}

function JsonBlock({ label, value }: { label: string; value: AuditEventRow['before'] }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {label}
      </Title>
      {value === null ? (
        <Text size="sm" c="dimmed">
          Nothing recorded
        </Text>
      ) : (
        <Code block aria-label={`${label} (JSON)`}>
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}

export function AuditEventDrawer({ event, onClose }: AuditEventDrawerProps) {
  const isNarrow = useMediaQuery('(max-width: 36em)');
  const details: [string, string | null][] = event
    ? [
        ['Time (UTC)', formatUtc(event.at)],
        ['Actor', event.actorName ?? (event.actorId ? 'Unknown' : null)],
        ['Actor ID', event.actorId],
        ['Action', event.action],
        ['Entity type', event.entityType],
        ['Entity ID', event.entityId],
        ['IP', event.ip],
        ['Request ID', event.requestId],
        ['Reason', event.reason],
      ]
    : [];
  return (
    <Drawer
      opened={event !== null}
      onClose={onClose}
      position="right"
      size={isNarrow ? '100%' : 'lg'}
      title={event ? `Audit event #${event.seq}` : 'Audit event'}
      closeButtonProps={{ 'aria-label': 'Close event details' }}
    >
      {event ? (
        <Stack gap="lg">
          <Table variant="vertical" layout="fixed" withTableBorder>
            <Table.Tbody>
              {details.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={130}>{label}</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {value ?? (
                      <Text span c="dimmed" size="sm">
                        —
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <JsonBlock label="Before" value={event.before} />
          <JsonBlock label="After" value={event.after} />
        </Stack>
      ) : null}
    </Drawer>
  );
}
