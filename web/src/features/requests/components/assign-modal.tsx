import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessageOf, isTrpcError, trpcCodeOf } from '../../../lib/trpc';
import { useRequestMutations } from '../hooks/use-request-mutations';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';

const nobody = '__nobody__';

interface AssignModalProps {
  request: { id: string; reference: string; version: number; assignee: { id: string; name: string } | null };
  assignable: { id: string; name: string }[];
  isLoadingStaff: boolean;
  meId: string;
  onClose: () => void;
  onReload: () => void;
}

/** Assign or re-assign one request, based on the version the person saw when they opened this. */
export function AssignModal({
  request,
  assignable,
  isLoadingStaff,
  meId,
  onClose,
  onReload,
}: AssignModalProps) {
  const { assign } = useRequestMutations();
  const [choice, setChoice] = useState<string | null>(request.assignee?.id ?? null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  // A privacy officer who does not hold it yet can take it in one click.
  const canTakeIt = assignable.some((s) => s.id === meId) && request.assignee?.id !== meId;

  const send = async (assigneeId: string | null) => {
    setProblem(null);
    setConflict(null);
    setFieldError(null);
    try {
      const result = await assign.mutateAsync({ id: request.id, version: request.version, assigneeId });
      notifications.show({
        color: 'teal',
        title: result.assignee
          ? `${request.reference} assigned to ${result.assignee.name}`
          : `${request.reference} unassigned`,
        message: result.assignee ? 'They see it under My open.' : 'It is back in Unassigned.',
      });
      onClose();
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') {
        setConflict(errorMessageOf(error));
        return;
      }
      const fieldErrors = isTrpcError(error) ? error.data?.fieldErrors : null;
      const assigneeError = fieldErrors?.assigneeId?.join(' ');
      if (assigneeError) setFieldError(assigneeError);
      else setProblem(errorMessageOf(error));
    }
  };

  const options = [
    ...assignable.map((s) => ({ value: s.id, label: s.id === meId ? `${s.name} (me)` : s.name })),
    ...(request.assignee ? [{ value: nobody, label: 'Nobody (unassign)' }] : []),
  ];

  return (
    <Modal opened onClose={onClose} title={`Assign ${request.reference}`} size="md">
      <Stack gap="md">
        <Text size="sm">
          {request.assignee ? `Now assigned to ${request.assignee.name}.` : 'Nobody holds this request yet.'}{' '}
          Requests go to privacy officers only.
        </Text>
        {conflict ? (
          <ConflictAlert
            message={conflict}
            onReload={() => {
              onReload();
              onClose();
            }}
          />
        ) : null}
        {problem ? (
          <Alert color="red" variant="light" title="Not assigned">
            {problem}
          </Alert>
        ) : null}
        {canTakeIt ? (
          <Button
            variant="light"
            leftSection={<IconUserCheck size={16} aria-hidden />}
            onClick={() => void send(meId)}
            loading={assign.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-autofocus
          >
            Assign to me
          </Button>
        ) : null}
        <Select
          label={canTakeIt ? 'Or choose someone' : 'Assignee'}
          placeholder={isLoadingStaff ? 'Loading staff…' : 'Choose a privacy officer'}
          data={options}
          value={choice}
          onChange={setChoice}
          error={fieldError}
          searchable
          nothingFoundMessage="Nobody matches"
          // Opening on focus would cover the buttons below as the dialog opens.
          openOnFocus={false}
          data-autofocus={canTakeIt ? undefined : true}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={choice === null || choice === (request.assignee?.id ?? null)}
            loading={assign.isPending}
            onClick={() => void send(choice === nobody ? null : choice)}
          >
            Assign
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
