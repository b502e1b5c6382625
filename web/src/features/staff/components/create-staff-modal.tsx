import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { staffCreateInputSchema } from '@privdesk/shared';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { useStaffMutations } from '../hooks/use-staff-mutations';
import { PasswordLinkResult } from './password-link-result';
import { useStepUp } from '../../../components/step-up/step-up';
import { awaitingSecondAdmin, RolesField } from './roles-field';

interface CreateStaffModalProps {
  opened: boolean;
  onClose: () => void;
}

interface Created {
  name: string;
  link: { path: string; expiresAt: string };
}

export function CreateStaffModal({ opened, onClose }: CreateStaffModalProps) {
  const { create } = useStaffMutations();
  const withStepUp = useStepUp();
  const [created, setCreated] = useState<Created | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', name: '', roles: [] as string[] },
    validate: schemaResolver(staffCreateInputSchema, { sync: true }),
  });

  const close = () => {
    onClose();
    // After the close transition, so the dialog does not flash back to the empty form.
    window.setTimeout(() => {
      form.reset();
      setCreated(null);
      setProblem(null);
    }, 250);
  };

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const parsed = staffCreateInputSchema.parse(values);
      const result = await withStepUp(() => create.mutateAsync(parsed));
      setCreated({ name: result.staff.name, link: result.setPasswordLink });
      notifications.show({
        color: 'teal',
        title: 'Staff member created',
        message: `${result.staff.name} can now set a password.`,
      });
      if (result.staff.pendingGrants.length > 0)
        notifications.show(awaitingSecondAdmin(result.staff.name, result.staff.pendingGrants));
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Staff member created' : 'New staff member'}
      size="lg"
    >
      {created ? (
        <PasswordLinkResult name={created.name} link={created.link} onDone={close} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {problem ? (
              <Alert color="red" variant="light" title="Could not create the staff member">
                {problem}
              </Alert>
            ) : null}
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              data-autofocus
              key={form.key('email')}
              {...form.getInputProps('email')}
            />
            <TextInput
              label="Name"
              autoComplete="off"
              key={form.key('name')}
              {...form.getInputProps('name')}
            />
            <RolesField key={form.key('roles')} {...form.getInputProps('roles')} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={form.submitting}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
