import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import type { BulkOutput } from '../types';
import { IconCheck, IconX } from '@tabler/icons-react';

interface BulkResultsModalProps {
  result: { title: string; output: BulkOutput } | null;
  onClose: () => void;
}

/** Per row: done, or refused and why. A bulk change is many small changes, each with its own answer. */
export function BulkResultsModal({ result, onClose }: BulkResultsModalProps) {
  const output = result?.output;
  return (
    <Modal
      opened={result !== null}
      onClose={onClose}
      title={result ? `Results: ${result.title}` : ''}
      size="lg"
    >
      {output ? (
        <Stack gap="md">
          <Text size="sm" aria-live="polite">
            {output.succeeded} done
            {output.unchanged > 0 ? `, ${output.unchanged} unchanged (already so)` : ''}, {output.failed}{' '}
            failed.
          </Text>
          <Table.ScrollContainer minWidth={420} type="native">
            <Table verticalSpacing="xs" striped>
              <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
                <Text size="xs" component="span">
                  Each request in the order it was tried
                </Text>
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Request</Table.Th>
                  <Table.Th scope="col">Result</Table.Th>
                  <Table.Th scope="col">Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {output.results.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.reference ?? 'Unknown request'}</Table.Td>
                    <Table.Td>
                      {row.ok ? (
                        <Badge
                          variant="default"
                          tt="none"
                          radius="sm"
                          style={{ minWidth: 'max-content' }}
                          leftSection={
                            <IconCheck size={12} color="var(--mantine-color-teal-filled)" aria-hidden />
                          }
                        >
                          {row.unchanged ? 'Unchanged' : 'Done'}
                        </Badge>
                      ) : (
                        <Badge
                          variant="default"
                          tt="none"
                          radius="sm"
                          style={{ minWidth: 'max-content' }}
                          leftSection={
                            <IconX size={12} color="var(--mantine-color-red-filled)" aria-hidden />
                          }
                        >
                          Failed
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {row.ok
                          ? row.unchanged
                            ? 'It was already so: nothing was changed or recorded.'
                            : ''
                          : (row.error ?? 'Refused.')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
