import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { useStepUp } from '../../../components/step-up/step-up';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { formatDateTime } from '../format';
import { useErasureMutations } from '../hooks/use-erasure-mutations';
import type { PlanView } from '../types';

export type PlanDecision = 'approve' | 'reject' | 'cancel';

const copy: Record<
  PlanDecision,
  {
    title: string;
    body: (version: number) => string;
    noteLabel: string;
    noteMissing: string;
    confirm: string;
    color?: string;
    problemTitle: string;
  }
> = {
  approve: {
    title: 'Approve the erasure plan',
    body: (version) =>
      `You approve version ${version}, as you reviewed it. The erasure runs when the grace period ends, unless an officer cancels it first. If you have not entered a code from your authenticator app in the last five minutes, you are asked for one.`,
    noteLabel: 'Note on your decision',
    noteMissing: 'Write a note on your decision.',
    confirm: 'Approve plan',
    problemTitle: 'Not approved',
  },
  reject: {
    title: 'Reject the erasure plan',
    body: () =>
      'The plan goes back to being prepared, with your note: its preparer changes it and submits it again.',
    noteLabel: 'What needs to change',
    noteMissing: 'Write a note on your decision.',
    confirm: 'Reject plan',
    color: 'red',
    problemTitle: 'Not rejected',
  },
  cancel: {
    title: 'Cancel the approved erasure',
    body: () =>
      'Nothing runs. The approval is withdrawn and the plan goes back to being prepared: it needs to be submitted and approved again.',
    noteLabel: 'Why the erasure is cancelled',
    noteMissing: 'Write why the erasure is cancelled.',
    confirm: 'Cancel erasure',
    color: 'red',
    problemTitle: 'Not cancelled',
  },
};

interface PlanDecisionModalProps {
  decision: PlanDecision;
  /** The plan as the person saw it when they opened this: the decision is on its version. */
  plan: Pick<PlanView, 'requestId' | 'version'>;
  onClose: () => void;
}

/**
 * Approve, reject or cancel, each with the note the timeline and the audit log keep. Approval needs a fresh
 * MFA step-up: the server asks for it and the step-up dialog takes the code, then the approval runs again.
 */
export function PlanDecisionModal({ decision, plan, onClose }: PlanDecisionModalProps) {
  const mutations = useErasureMutations(plan.requestId);
  const withStepUp = useStepUp();
  const text = copy[decision];
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { note: '' },
    validate: {
      note: (value: string) => {
        const note = value.trim();
        if (note === '') return text.noteMissing;
        if (note.length > 1000) return 'At most 1000 characters.';
        return null;
      },
    },
  });

  const submit = form.onSubmit(async ({ note }) => {
    setProblem(null);
    setConflict(null);
    const input = { requestId: plan.requestId, planVersion: plan.version, note: note.trim() };
    try {
      if (decision === 'approve') {
        const out = await withStepUp(() => mutations.approve.mutateAsync(input));
        notifications.show({
          color: 'teal',
          title: 'Erasure plan approved',
          message: out.plan.graceEndsAt
            ? `It runs at ${formatDateTime(out.plan.graceEndsAt)} unless an officer cancels it.`
            : 'It runs when the grace period ends, unless an officer cancels it.',
        });
      } else if (decision === 'reject') {
        await mutations.reject.mutateAsync(input);
        notifications.show({
          color: 'teal',
          title: 'Erasure plan rejected',
          message: 'It is back with its preparer, with your note.',
        });
      } else {
        await mutations.cancel.mutateAsync(input);
        notifications.show({
          color: 'teal',
          title: 'Erasure cancelled',
          message: 'Nothing runs. The plan is being prepared again.',
        });
      }
      onClose();
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') setConflict(errorMessageOf(error));
      else setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal opened onClose={onClose} title={text.title} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{text.body(plan.version)}</Text>
          {conflict ? (
            <ConflictAlert
              title="The plan changed"
              message={conflict}
              reloadLabel="Review the plan"
              onReload={onClose}
            />
          ) : null}
          <GrowingTextarea
            label={text.noteLabel}
            description="Kept on the request’s timeline and in the audit log."
            withAsterisk
            minRows={3}
            maxRows={8}
            data-autofocus
            key={form.key('note')}
            {...form.getInputProps('note')}
          />
          {problem ? (
            <Alert color="red" variant="light" title={text.problemTitle} role="alert">
              {problem}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Not now
            </Button>
            <Button type="submit" color={text.color} loading={form.submitting}>
              {text.confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
