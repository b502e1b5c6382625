import { Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { applyServerErrors } from '../../../lib/form-errors';
import { useCloseTask } from '../hooks/use-erasure-mutations';

/** The task to close: its request and line, and how a person names it. */
export interface TaskToClose {
  requestId: string;
  lineId: string;
  /** "Support desk" or "Billing — Invoices and their lines". */
  name: string;
  /** The request's reference, where the dialog is opened away from the request's page. */
  reference?: string;
}

interface CloseTaskModalProps {
  task: TaskToClose;
  onClose: () => void;
}

const evidenceMissing = 'Write what you did and how you checked it.';

/**
 * Closes a manual erasure task with its evidence: what was done in the system and how it was checked. The
 * evidence is the only proof the erasure certificate has for a system no connector reaches, so it is
 * required; the server checks it again, and who may close the task (the system's owner, or an officer
 * working the request).
 */
export function CloseTaskModal({ task, onClose }: CloseTaskModalProps) {
  const closeTask = useCloseTask();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { evidence: '' },
    validate: {
      evidence: (value: string) => {
        const evidence = value.trim();
        if (evidence === '') return evidenceMissing;
        if (evidence.length > 1000) return 'At most 1000 characters.';
        return null;
      },
    },
  });

  const submit = form.onSubmit(async ({ evidence }) => {
    setProblem(null);
    try {
      await closeTask.mutateAsync({
        requestId: task.requestId,
        lineId: task.lineId,
        evidence: evidence.trim(),
      });
      notifications.show({
        color: 'teal',
        title: 'Task closed',
        message: task.reference ? `${task.name} · ${task.reference}` : task.name,
      });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal opened onClose={onClose} title={`Close the ${task.name} task`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {task.reference ? `${task.reference}: the` : 'The'} line becomes done. Your evidence goes on the
            request’s timeline, into the audit log and onto the erasure certificate.
          </Text>
          <GrowingTextarea
            label="What you did and how you checked it"
            description="For example: the records you erased, where, and the search that now finds nothing."
            withAsterisk
            minRows={3}
            maxRows={8}
            data-autofocus
            key={form.key('evidence')}
            {...form.getInputProps('evidence')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Not closed"
            submitLabel="Close task"
            loading={closeTask.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
