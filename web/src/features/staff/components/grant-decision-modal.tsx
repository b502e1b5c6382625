import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PendingRoleGrant, StaffRow } from '@privdesk/shared';
import { roleLabels } from '@privdesk/shared/constants';
import { useState } from 'react';
import { useActiveStaff } from '../../../lib/session';
import { errorMessageOf } from '../../../lib/trpc';
import { useStepUp } from '../../../components/step-up/step-up';
import { useStaffMutations } from '../hooks/use-staff-mutations';
import { formatDateTime } from '../format';

interface GrantDecisionModalProps {
  staff: StaffRow;
  grant: PendingRoleGrant;
  onClose: () => void;
}

/**
 * The second admin's decision on a role that reads personal data. The one who asked, and the person it is
 * for, can only withdraw it: the server refuses their confirmation too, this only says so up front.
 */
export function GrantDecisionModal({ staff, grant, onClose }: GrantDecisionModalProps) {
  const me = useActiveStaff();
  const { confirmRoleGrant, cancelRoleGrant } = useStaffMutations();
  const withStepUp = useStepUp();
  const [problem, setProblem] = useState<string | null>(null);
  const role = roleLabels[grant.role];
  const askedByMe = grant.requestedBy.id === me.id;
  const forMe = staff.id === me.id;
  const mayConfirm = !askedByMe && !forMe;

  const decide = async (decision: 'confirm' | 'withdraw') => {
    setProblem(null);
    try {
      if (decision === 'confirm') {
        await withStepUp(() => confirmRoleGrant.mutateAsync({ grantId: grant.id }));
        notifications.show({
          color: 'teal',
          title: `${role} granted`,
          message: `${staff.name} now holds it.`,
        });
      } else {
        await cancelRoleGrant.mutateAsync({ grantId: grant.id });
        notifications.show({
          color: 'teal',
          title: 'Grant withdrawn',
          message: `${staff.name} does not get ${role}.`,
        });
      }
      onClose();
    } catch (error) {
      setProblem(errorMessageOf(error));
    }
  };

  return (
    <Modal opened onClose={onClose} title={`${role} for ${staff.name}?`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          {askedByMe ? 'You' : grant.requestedBy.name} asked on {formatDateTime(grant.requestedAt)} to give{' '}
          {forMe ? 'you' : staff.name} the {role} role. It reads requesters’ personal data in clear, so a
          second admin confirms it. Unconfirmed, it lapses on {formatDateTime(grant.expiresAt)}.
        </Text>
        {mayConfirm ? null : (
          <Alert color="blue" variant="light" title="Another admin confirms this">
            {askedByMe
              ? 'You asked for it, so you cannot also confirm it. You can withdraw it.'
              : 'It is a role for you, so you cannot confirm it. You can withdraw it.'}
          </Alert>
        )}
        {problem ? (
          <Alert color="red" variant="light" title="Not done">
            {problem}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Not now
          </Button>
          <Button
            variant={mayConfirm ? 'light' : 'filled'}
            color="red"
            loading={cancelRoleGrant.isPending}
            onClick={() => void decide('withdraw')}
          >
            Withdraw
          </Button>
          {mayConfirm ? (
            <Button
              data-autofocus
              loading={confirmRoleGrant.isPending}
              onClick={() => void decide('confirm')}
            >
              {`Confirm ${role}`}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}
