import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyServerErrors } from '../lib/form-errors';

function validateReason(value: string): string | null {
  const reason = value.trim();
  if (reason.length < 3) return 'Give a reason of at least 3 characters.';
  if (reason.length > 500) return 'A reason has at most 500 characters.';
  return null;
}

interface ReasonModalProps {
  title: string;
  /** What the action does, in a sentence or two, before the person confirms it. */
  body: string;
  reasonDescription: string;
  confirmLabel: string;
  confirmColor?: string;
  /** The alert's title when the server refuses ("Not done"). */
  problemTitle?: string;
  /** Carries out the action with the trimmed reason; throws the server's error, shown beside the field. */
  onConfirm: (reason: string) => Promise<void>;
  /** Told of every refusal, e.g. to announce a conflict beyond the form. */
  onError?: (error: unknown) => void;
  /** A stricter check of the reason than the default (3–500 characters), e.g. a reveal's sentence. */
  validate?: (reason: string) => string | null;
  onClose: () => void;
}

/**
 * An action that needs a typed reason for the audit log (disable an account, reveal a requester): the
 * reason checked before anything is sent, the server's refusal beside it, and the dialog closed once done.
 */
export function ReasonModal({
  title,
  body,
  reasonDescription,
  confirmLabel,
  confirmColor,
  problemTitle = 'Not done',
  onConfirm,
  onError,
  onClose,
  validate,
}: ReasonModalProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { reason: '' },
    validate: { reason: validate ?? validateReason },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await onConfirm(values.reason.trim());
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
      onError?.(error);
    }
  });

  return (
    <Modal opened onClose={onClose} title={title} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{body}</Text>
          {problem ? (
            <Alert color="red" variant="light" title={problemTitle} role="alert">
              {problem}
            </Alert>
          ) : null}
          <Textarea
            label="Reason"
            description={reasonDescription}
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
            <Button type="submit" color={confirmColor} loading={form.submitting}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
