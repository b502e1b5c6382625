import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { StaffRow } from '@privdesk/shared';
import { errorMessageOf } from '../../../lib/trpc';
import { useStaffMutations } from '../hooks/use-staff-mutations';
import { useStepUp } from '../../../components/step-up/step-up';
import { PasswordLinkResult } from './password-link-result';

interface IssueLinkModalProps {
  staff: StaffRow;
  onClose: () => void;
}

export function IssueLinkModal({ staff, onClose }: IssueLinkModalProps) {
  const { issuePasswordLink } = useStaffMutations();
  const withStepUp = useStepUp();
  const link = issuePasswordLink.data?.setPasswordLink;
  return (
    <Modal
      opened
      onClose={onClose}
      title={link ? 'New set-password link' : `New set-password link for ${staff.name}`}
      size="lg"
    >
      {link ? (
        <PasswordLinkResult name={staff.name} link={link} onDone={onClose} />
      ) : (
        <Stack gap="md">
          <Text size="sm">
            Use this when {staff.name} forgot their password or the first link expired. Any earlier link stops
            working, and their current password stays valid until they set a new one.
          </Text>
          {issuePasswordLink.error ? (
            <Alert color="red" variant="light" title="No link created">
              {errorMessageOf(issuePasswordLink.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              data-autofocus
              loading={issuePasswordLink.isPending}
              onClick={() =>
                // A link sets someone else's password: the server asks for a fresh code first.
                void withStepUp(() => issuePasswordLink.mutateAsync({ id: staff.id })).then(
                  () =>
                    notifications.show({
                      color: 'teal',
                      title: 'Link created',
                      message: `Send it to ${staff.name}.`,
                    }),
                  () => undefined,
                )
              }
            >
              Create link
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
