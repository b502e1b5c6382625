import { Badge, Button, Group, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { lineActionLabels, retentionGroundLabels } from '@privdesk/shared/constants';
import { IconLock } from '@tabler/icons-react';
import { forcedByLabels, lineActionColors } from '../format';
import type { PlanLine } from '../types';
import { LineProgress } from './line-progress';

interface PlanLinesProps {
  lines: readonly PlanLine[];
  /** Whether the reader may change lines now (the Change buttons). */
  canChange: boolean;
  /** Whether the lines' execution status is worth a column: once the erasure runs, or ran. */
  showStatus: boolean;
  onChange: (line: PlanLine) => void;
  /** Whether the reader may close this line's manual task (its "Close task…" button). */
  canCloseTask: (line: PlanLine) => boolean;
  onCloseTask: (line: PlanLine) => void;
}

/** "Billing — Invoices and their lines": a line's name where a person must tell two lines of one system apart. */
export function lineName(line: PlanLine): string {
  if (line.recipient) return `Notify ${line.recipient.name}`;
  return line.scope ? `${line.system.name} — ${line.scope}` : line.system.name;
}

function ForcedLock({ line, withText }: { line: PlanLine; withText: boolean }) {
  if (line.forcedBy === null) return null;
  const label = forcedByLabels[line.forcedBy];
  if (withText) {
    return (
      <Group gap={4} wrap="nowrap">
        <IconLock size={14} aria-hidden style={{ flex: 'none' }} />
        <Text size="xs">{label}</Text>
      </Group>
    );
  }
  // A tooltip for the eye; the name for screen readers, since the icon alone says it.
  return (
    <Tooltip label={label} withArrow>
      <span role="img" aria-label={label} style={{ display: 'inline-flex' }}>
        <IconLock size={14} aria-hidden />
      </span>
    </Tooltip>
  );
}

/** The action as a badge; a retained line says on what ground and under which law. */
function ActionCell({ line, lockText }: { line: PlanLine; lockText: boolean }) {
  return (
    <Stack gap={2} align="flex-start">
      <Group gap={6} wrap="nowrap">
        <Badge variant="light" color={lineActionColors[line.action]} radius="sm" tt="none">
          {lineActionLabels[line.action]}
        </Badge>
        {lockText ? null : <ForcedLock line={line} withText={false} />}
      </Group>
      {lockText ? <ForcedLock line={line} withText /> : null}
      {line.ground ? <Text size="xs">{retentionGroundLabels[line.ground]}</Text> : null}
      {line.law ? (
        <Text size="xs" c="dimmed">
          {line.law}
        </Text>
      ) : null}
    </Stack>
  );
}

function SystemCell({ line }: { line: PlanLine }) {
  if (line.recipient) {
    return (
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {line.recipient.name}
        </Text>
        <Text size="xs" c="dimmed">
          Recipient of {line.system.name}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {line.system.name}
      </Text>
      {line.scope ? (
        <Text size="xs" c="dimmed">
          {line.scope}
        </Text>
      ) : null}
    </Stack>
  );
}

function NoteText({ note }: { note: string | null }) {
  return note ? (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {note}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}

function ChangeButton({ line, onChange }: { line: PlanLine; onChange: (line: PlanLine) => void }) {
  return (
    <Button
      size="compact-sm"
      variant="default"
      aria-label={`Change ${lineName(line)}`}
      onClick={() => onChange(line)}
    >
      Change
    </Button>
  );
}

function CloseTaskButton({ line, onClose }: { line: PlanLine; onClose: (line: PlanLine) => void }) {
  return (
    <Button
      size="compact-sm"
      variant="light"
      aria-label={`Close the ${lineName(line)} task…`}
      onClick={() => onClose(line)}
    >
      Close task…
    </Button>
  );
}

/**
 * The plan's lines: a compact table where there is room, one card per line on a phone (a four-column table
 * would squeeze the notes to a word a line). Once the erasure runs, each line says where it stands.
 */
export function PlanLines({
  lines,
  canChange,
  showStatus,
  onChange,
  canCloseTask,
  onCloseTask,
}: PlanLinesProps) {
  const isNarrow = useMediaQuery('(max-width: 36em)') ?? false;
  const progressOf = (line: PlanLine) => (
    <LineProgress
      line={line}
      action={canCloseTask(line) ? <CloseTaskButton line={line} onClose={onCloseTask} /> : null}
    />
  );
  if (isNarrow) {
    return (
      <Stack gap="xs" role="list" aria-label="Plan lines">
        {lines.map((line) => (
          <Paper key={line.id} withBorder radius="sm" p="sm" role="listitem">
            <Stack gap={6}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <SystemCell line={line} />
                {canChange && line.action !== 'notify' ? (
                  <ChangeButton line={line} onChange={onChange} />
                ) : null}
              </Group>
              <ActionCell line={line} lockText />
              {line.note ? <NoteText note={line.note} /> : null}
              {showStatus ? progressOf(line) : null}
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="xs" horizontalSpacing="xs" aria-label="Plan lines">
        <Table.Thead>
          <Table.Tr>
            {/* Long citations under a retain would otherwise squeeze the system names to a word a line. */}
            <Table.Th w={showStatus ? '28%' : '24%'}>System</Table.Th>
            {/* Once it runs, the status takes the note's column and the note moves under the action: four
                columns in the request page's main column squeezed the notes to a syllable a line. */}
            <Table.Th w={showStatus ? '38%' : '34%'}>Action</Table.Th>
            {showStatus ? <Table.Th>Status</Table.Th> : <Table.Th>Note</Table.Th>}
            {canChange ? (
              // As narrow as its button: the rest of the width goes to the notes.
              <Table.Th w={1}>
                <VisuallyHidden>Change</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <SystemCell line={line} />
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <ActionCell line={line} lockText={false} />
                {showStatus && line.note ? (
                  <Text size="xs" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {line.note}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                {showStatus ? progressOf(line) : <NoteText note={line.note} />}
              </Table.Td>
              {canChange ? (
                <Table.Td style={{ verticalAlign: 'top', textAlign: 'right' }}>
                  {/* A recipient's line stays a notification: nothing to choose. */}
                  {line.action === 'notify' ? null : <ChangeButton line={line} onChange={onChange} />}
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
