import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';

export interface RevealedRequester {
  requesterName: string;
  requesterEmail: string;
  agentName: string | null;
  agentEmail: string | null;
}

function validateReason(value: string): string | null {
  const reason = value.trim();
  if (reason.length < 3) return 'Give a reason of at least 3 characters.';
  if (reason.length > 500) return 'A reason has at most 500 characters.';
  return null;
}

interface RevealRequesterModalProps {
  requestId: string;
  reference: string;
  onRevealed: (values: RevealedRequester) => void;
  onClose: () => void;
}

/** Shows one request's requester in clear, with a typed reason that the audit log records. */
export function RevealRequesterModal({
  requestId,
  reference,
  onRevealed,
  onClose,
}: RevealRequesterModalProps) {
  const trpc = useTRPC();
  // gcTime 0: the clear values live in the page's own state and nowhere else once this form is gone.
  const reveal = useMutation(trpc.requests.revealRequester.mutationOptions({ gcTime: 0 }));
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { reason: '' },
    validate: { reason: validateReason },
  });
  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      onRevealed(await reveal.mutateAsync({ id: requestId, reason: values.reason.trim() }));
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Reveal the requester of ${reference}`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            The name and email are shown on this page only, until you leave it. Your reason is recorded in the
            audit log with the fields shown, never their values.
          </Text>
          {problem ? (
            <Alert color="red" variant="light" title="Not revealed">
              {problem}
            </Alert>
          ) : null}
          <Textarea
            label="Reason"
            description="For example: the requester is on the phone and must be identified."
            autosize
            minRows={2}
            maxRows={6}
            data-autofocus
            key={form.key('reason')}
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Reveal
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
