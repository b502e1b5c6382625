import { Alert, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { useRequestMutations } from '../hooks/use-request-mutations';

/**
 * Merges this request, a duplicate, into the open one it repeats: this one closes as denied (`duplicate`)
 * with the explanation sent to its requester; the other keeps running, from the earlier receipt, and is
 * verified on its own. The survivor's version is read when the dialog opens, so a change to it meanwhile is
 * refused as a conflict.
 */
export function MergeModal({
  request,
  into,
  onClose,
}: {
  request: { id: string; reference: string; version: number };
  into: { id: string; reference: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const survivor = useQuery(trpc.requests.get.queryOptions({ id: into.id }));
  const { merge } = useRequestMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      explanation: `You sent us this request twice. We are answering it under ${into.reference}, and close this copy so that you receive one answer.`,
    },
    validate: { explanation: (v) => (v.trim() ? null : 'Write the explanation sent to the requester.') },
  });
  const submit = form.onSubmit(async (values) => {
    if (!survivor.data) return;
    setProblem(null);
    setConflict(null);
    try {
      await merge.mutateAsync({
        id: request.id,
        version: request.version,
        intoId: into.id,
        intoVersion: survivor.data.version,
        explanation: values.explanation.trim(),
      });
      notifications.show({
        color: 'teal',
        title: `${request.reference} merged into ${into.reference}`,
        message: `${request.reference} is closed as a duplicate.`,
      });
      onClose();
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') setConflict(errorMessageOf(error));
      else setProblem(applyServerErrors(form, error));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Merge ${request.reference} into ${into.reference}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {request.reference} closes as denied, reason “duplicate”, linked to {into.reference}.{' '}
            {into.reference} keeps running from the earlier of the two receipts. Its identity is checked on
            its own: nothing verified here carries over.
          </Text>
          {survivor.isError ? (
            <Alert color="red" variant="light" title={`Could not load ${into.reference}`}>
              {errorMessageOf(survivor.error)}
            </Alert>
          ) : null}
          {conflict ? <ConflictAlert message={conflict} onReload={onClose} /> : null}
          <Textarea
            label="Explanation sent to the requester"
            withAsterisk
            autosize
            minRows={3}
            data-autofocus
            {...form.getInputProps('explanation')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Not merged"
            submitLabel="Merge"
            loading={merge.isPending || survivor.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
