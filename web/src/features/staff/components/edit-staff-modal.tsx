import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { staffUpdateInputSchema, type StaffRow } from '@privdesk/shared';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { trpcCodeOf } from '../../../lib/trpc';
import { useStaffMutations } from '../hooks/use-staff-mutations';
import { useStepUp } from '../../../components/step-up/step-up';
import { useActiveStaff } from '../../../lib/session';
import { awaitingSecondAdmin, RolesField } from './roles-field';

interface EditStaffModalProps {
  /** The freshest copy of the row: after a conflict the list is refetched and a new version arrives. */
  staff: StaffRow;
  onClose: () => void;
}

export function EditStaffModal({ staff, onClose }: EditStaffModalProps) {
  const { update } = useStaffMutations();
  const withStepUp = useStepUp();
  const isSelf = useActiveStaff().id === staff.id;
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: {
      id: staff.id,
      version: staff.version,
      name: staff.name,
      roles: [...staff.roles] as string[],
    },
    validate: schemaResolver(staffUpdateInputSchema, { sync: true }),
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      // The version is the one last seen; the server refuses the change if someone got there first.
      const input = staffUpdateInputSchema.parse({ ...values, version: staff.version });
      const saved = await withStepUp(() => update.mutateAsync(input));
      const waiting = saved.pendingGrants.filter((g) => !staff.pendingGrants.some((p) => p.id === g.id));
      notifications.show({ color: 'teal', title: 'Changes saved', message: `${input.name} is updated.` });
      if (waiting.length > 0) notifications.show(awaitingSecondAdmin(saved.name, waiting));
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
    <Modal opened onClose={onClose} title={`Edit ${staff.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {staff.email}
          </Text>
          {problem ? (
            <Alert
              color={update.error && trpcCodeOf(update.error) === 'CONFLICT' ? 'orange' : 'red'}
              variant="light"
              title="Not saved"
            >
              {problem}
            </Alert>
          ) : null}
          <TextInput
            label="Name"
            autoComplete="off"
            data-autofocus
            key={form.key('name')}
            {...form.getInputProps('name')}
          />
          <RolesField
            key={form.key('roles')}
            held={staff.roles}
            pending={staff.pendingGrants}
            {...form.getInputProps('roles')}
            // Separation of duties: the server refuses a change to one's own roles, so the form does not offer it.
            disabled={isSelf}
            description={isSelf ? 'Your own roles are changed by another admin.' : undefined}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
