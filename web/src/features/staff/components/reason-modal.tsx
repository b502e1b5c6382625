import { notifications } from '@mantine/notifications';
import type { StaffRow } from '@privdesk/shared';
import { ReasonModal } from '../../../components/reason-modal';
import { trpcCodeOf } from '../../../lib/trpc';
import { useStepUp } from '../../../components/step-up/step-up';
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

interface ReasonModalProps {
  action: ReasonAction;
  staff: StaffRow;
  onClose: () => void;
}

/** Actions that change someone's access are recorded in the audit log with the reason given here. */
export function StaffReasonModal({ action, staff, onClose }: ReasonModalProps) {
  const mutations = useStaffMutations();
  const mutation = mutations[action];
  const withStepUp = useStepUp();
  const text = copy[action];
  return (
    <ReasonModal
      title={text.title(staff.name)}
      body={text.body}
      reasonDescription="Recorded in the audit log."
      confirmLabel={text.confirm}
      confirmColor={text.color}
      onConfirm={async (reason) => {
        // Resetting MFA opens the account to whoever enrols next: the server asks for a fresh code first.
        await withStepUp(() => mutation.mutateAsync({ id: staff.id, version: staff.version, reason }));
        notifications.show({ color: 'teal', title: text.done, message: staff.name });
      }}
      onError={(error) => {
        if (trpcCodeOf(error) === 'CONFLICT') {
          notifications.show({
            color: 'orange',
            title: 'Changed by someone else',
            message: 'The list now shows the latest version.',
          });
        }
      }}
      onClose={onClose}
    />
  );
}
