import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { StaffRow } from '@privdesk/shared';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { trpcCodeOf } from '../../../lib/trpc';
import { useStaffMutations } from '../hooks/use-staff-mutations';

export type ReasonAction = 'disable' | 'enable' | 'resetMfa';

const copy: Record<
  ReasonAction,
  { title: (name: string) => string; body: string; confirm: string; done: string; color: string }
> = {
  disable: {
    title: (name) => `Disable ${name}`,
    body: 'They are signed out everywhere at once and cannot sign in until an admin enables the account again.',
    confirm: 'Disable',
    done: 'Account disabled',
    color: 'red',
  },
  enable: {
    title: (name) => `Enable ${name}`,
    body: 'They can sign in again with their password and authenticator app.',
    confirm: 'Enable',
    done: 'Account enabled',
    color: 'indigo',
  },
  resetMfa: {
    title: (name) => `Reset two-factor authentication for ${name}`,
    body: 'Their authenticator app and recovery codes stop working and they are signed out. At their next sign-in they set up a new authenticator app.',
    confirm: 'Reset MFA',
    done: 'Two-factor authentication reset',
    color: 'red',
  },
};

function validateReason(value: string): string | null {
  const reason = value.trim();
  if (reason.length < 3) return 'Give a reason of at least 3 characters.';
  if (reason.length > 500) return 'A reason has at most 500 characters.';
  return null;
}

interface ReasonModalProps {
  action: ReasonAction;
  staff: StaffRow;
  onClose: () => void;
}

/** Actions that change someone's access are recorded in the audit log with the reason given here. */
export function ReasonModal({ action, staff, onClose }: ReasonModalProps) {
  const mutations = useStaffMutations();
  const mutation = mutations[action];
  const text = copy[action];
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { reason: '' },
    validate: { reason: validateReason },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await mutation.mutateAsync({ id: staff.id, version: staff.version, reason: values.reason.trim() });
      notifications.show({ color: 'teal', title: text.done, message: staff.name });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
      if (trpcCodeOf(error) === 'CONFLICT') {
        notifications.show({
          color: 'orange',
          title: 'Changed by someone else',
          message: 'The list now shows the latest version.',
        });
      }
    }
  });

  return (
    <Modal opened onClose={onClose} title={text.title(staff.name)} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{text.body}</Text>
          {problem ? (
            <Alert color="red" variant="light" title="Not done">
              {problem}
            </Alert>
          ) : null}
          <Textarea
            label="Reason"
            description="Recorded in the audit log."
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
            <Button type="submit" color={text.color} loading={form.submitting}>
              {text.confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
