import { notifications } from '@mantine/notifications';
import { ReasonModal } from '../../../components/reason-modal';
import { useStepUp } from '../../../components/step-up/step-up';
import { trpcCodeOf } from '../../../lib/trpc';
import { plural } from '../format';
import { useDrpAgentMutations } from '../hooks/use-drp-agent-mutations';
import type { DrpAgentView } from '../types';

function disableBody(agent: DrpAgentView): string {
  return `Disabling revokes its tokens at once (${plural(agent.tokens, 'token', 'tokens')} now): it can no longer file requests or ask after the ones it filed. Requests it already filed stay in the queue.`;
}

/** Disable an agent (its tokens go at once) or enable it again; the reason goes to the audit log. */
export function AgentStatusModal({ agent, onClose }: { agent: DrpAgentView; onClose: () => void }) {
  const { setStatus } = useDrpAgentMutations();
  const withStepUp = useStepUp();
  const disabling = agent.status === 'active';
  return (
    <ReasonModal
      title={disabling ? `Disable ${agent.name}` : `Enable ${agent.name}`}
      body={
        disabling
          ? disableBody(agent)
          : 'The agent can set up a new token with its verify key and file requests again.'
      }
      reasonDescription="Recorded in the audit log."
      confirmLabel={disabling ? 'Disable' : 'Enable'}
      confirmColor={disabling ? 'red' : undefined}
      onConfirm={async (reason) => {
        const status = disabling ? 'disabled' : 'active';
        await withStepUp(() =>
          setStatus.mutateAsync({ id: agent.id, version: agent.version, status, reason }),
        );
        notifications.show({
          color: 'teal',
          title: disabling ? 'Agent disabled' : 'Agent enabled',
          message: disabling ? `${agent.name}: its tokens are revoked.` : agent.name,
        });
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
