import { Button, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import {
  allowedMoves,
  requestStatusLabels,
  type LifecycleMove,
  type Permission,
  type RequestStatus,
} from '@privdesk/shared/constants';
import type { RequestFiltersInput } from '@privdesk/shared';
import { IconUserShare, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { errorMessageOf } from '../../../lib/trpc';
import { useRequestMutations } from '../hooks/use-request-mutations';
import type { BulkOutput, FullQueueRow, StaffRef } from '../types';
import { MoveForm } from './move-form';

const nobody = '__nobody__';

interface CommonMove {
  to: RequestStatus;
  label: string;
  /** The move as it applies to the first selected request: the form checks the details against it. */
  move: LifecycleMove;
}

/**
 * The status changes every selected request allows this person (per the shared lifecycle table). One that
 * fits only some of them is not offered: the answer would be a list of refusals.
 */
export function commonMoves(rows: readonly FullQueueRow[], held: readonly Permission[]): CommonMove[] {
  const [first, ...rest] = rows;
  if (!first) return [];
  const movesOf = (row: FullQueueRow) => allowedMoves(row.status, held, { type: row.type });
  const restMoves = rest.map(movesOf);
  return movesOf(first)
    .filter((move) => restMoves.every((moves) => moves.some((m) => m.to === move.to)))
    .map((move) => {
      const sameAction = restMoves.every((moves) =>
        moves.some((m) => m.to === move.to && m.action === move.action),
      );
      return {
        to: move.to,
        label: sameAction ? move.label : `Move to “${requestStatusLabels[move.to]}”`,
        move,
      };
    });
}

interface BulkBarProps {
  rows: FullQueueRow[];
  /** Set when the person chose "all N matching": the change names the filters and the count, not the rows. */
  matching: { filters: RequestFiltersInput; count: number } | null;
  /** "Select all N matching" (or back to this page), beside the count. */
  selectAll?: ReactNode;
  held: readonly Permission[];
  assignable: StaffRef[];
  onResult: (title: string, result: BulkOutput) => void;
  onClear: () => void;
}

export function BulkBar({ rows, matching, selectAll, held, assignable, onResult, onClear }: BulkBarProps) {
  const { bulkAssign, bulkTransition } = useRequestMutations();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [assignProblem, setAssignProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<CommonMove | null>(null);
  const canAssign = held.includes('requests:assign');
  const canWork = held.includes('requests:work');
  const moves = canWork ? commonMoves(rows, held) : [];
  const first = rows[0];
  const target = matching ? { matching } : { items: rows.map((r) => ({ id: r.id, version: r.version })) };
  const n = matching ? matching.count : rows.length;
  const count = `${n} ${n === 1 ? 'request' : 'requests'}`;
  const matchingCount = `${n} matching ${n === 1 ? 'request' : 'requests'}`;
  // Acting on every match (beyond the rows on screen) is said in words and confirmed first.
  const [confirmingAssign, setConfirmingAssign] = useState(false);

  const assign = async () => {
    if (assignee === null) return;
    setAssignProblem(null);
    setConfirmingAssign(false);
    const assigneeId = assignee === nobody ? null : assignee;
    try {
      const result = await bulkAssign.mutateAsync({ ...target, assigneeId });
      const name = assignable.find((s) => s.id === assigneeId)?.name;
      setAssignee(null);
      onResult(name ? `Assign to ${name}` : 'Unassign', result);
    } catch (error) {
      setAssignProblem(errorMessageOf(error));
    }
  };

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Bulk actions">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Group gap="xs" style={{ alignSelf: 'center' }}>
          <Text size="sm" fw={600} aria-live="polite">
            {matching ? `All ${matchingCount} selected` : `${count} selected`}
          </Text>
          {selectAll}
        </Group>
        {canAssign ? (
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <Select
              label="Assign to"
              placeholder="Choose a person"
              size="xs"
              w={200}
              data={[
                ...assignable.map((s) => ({ value: s.id, label: s.name })),
                { value: nobody, label: 'Nobody (unassign)' },
              ]}
              value={assignee}
              onChange={setAssignee}
              error={assignProblem}
              searchable
              nothingFoundMessage="Nobody matches"
            />
            <Button
              size="xs"
              leftSection={<IconUserShare size={14} aria-hidden />}
              disabled={assignee === null}
              loading={bulkAssign.isPending}
              onClick={() => (matching ? setConfirmingAssign(true) : void assign())}
            >
              Assign
            </Button>
          </Group>
        ) : null}
        {canWork ? (
          <Select
            label="Change status"
            placeholder={moves.length > 0 ? 'Choose a change' : 'No change fits all selected'}
            size="xs"
            w={240}
            data={moves.map((m) => ({ value: m.to, label: m.label }))}
            value={null}
            disabled={moves.length === 0}
            onChange={(to) => setChosen(moves.find((m) => m.to === to) ?? null)}
          />
        ) : null}
        <Button size="xs" variant="subtle" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
      {chosen && first ? (
        <Modal opened onClose={() => setChosen(null)} title={`${chosen.label}: ${count}`} size="lg">
          <MoveForm
            move={chosen.move}
            from={first.status}
            type={first.type}
            held={held}
            submitLabel={`${chosen.label} (${n})`}
            intro={
              matching
                ? `Applies to all ${matchingCount} now, each in turn; if another number matches by then, nothing is done. Any that does not allow this change is refused and listed.`
                : `Applies to each selected request in turn, each with the version you see; any that changed meanwhile is refused and listed.`
            }
            onCancel={() => setChosen(null)}
            onSubmit={async (details) => {
              const result = await bulkTransition.mutateAsync({ ...target, to: chosen.to, ...details });
              setChosen(null);
              onResult(chosen.label, result);
            }}
          />
        </Modal>
      ) : null}
      {confirmingAssign ? (
        <Modal opened onClose={() => setConfirmingAssign(false)} title={`Assign all ${matchingCount}?`}>
          <Stack gap="md">
            <Text size="sm">
              {assignee === nobody
                ? `Every request that matches the filters — ${count} — will be unassigned.`
                : `Every request that matches the filters — ${count} — will be assigned to ${assignable.find((s) => s.id === assignee)?.name ?? 'the person chosen'}.`}{' '}
              If another number matches when you confirm, nothing is changed and you are told.
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirmingAssign(false)}>
                Cancel
              </Button>
              <Button loading={bulkAssign.isPending} onClick={() => void assign()} data-autofocus>
                {assignee === nobody ? `Unassign ${count}` : `Assign ${count}`}
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
    </Paper>
  );
}
