import { Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { useStepUp } from '../../../components/step-up/step-up';
import { applyServerErrors } from '../../../lib/form-errors';
import { trpcCodeOf } from '../../../lib/trpc';
import { rotateKeyInputOf, validateRotateKey, type RotateKeyFormValues } from '../agent-form';
import { monospaceInput } from '../format';
import { useDrpAgentMutations } from '../hooks/use-drp-agent-mutations';
import type { DrpAgentView } from '../types';

/** A new verify key for an agent: every token it set up under the old one stops working at once. */
export function RotateKeyModal({ agent, onClose }: { agent: DrpAgentView; onClose: () => void }) {
  const { rotateKey } = useDrpAgentMutations();
  const withStepUp = useStepUp();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<RotateKeyFormValues>({
    mode: 'uncontrolled',
    initialValues: { verifyKey: '', reason: '' },
    validate: (values) => validateRotateKey(agent, values),
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const rotated = await withStepUp(() => rotateKey.mutateAsync(rotateKeyInputOf(agent, values)));
      notifications.show({
        color: 'teal',
        title: 'Key rotated',
        message: `${rotated.name}: new fingerprint ${rotated.keyFingerprint}. Its old tokens are revoked.`,
      });
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
    <Modal opened onClose={onClose} title={`Rotate key of ${agent.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Every token the agent set up with its current key (fingerprint{' '}
            <Text span ff="monospace" size="sm">
              {agent.keyFingerprint}
            </Text>
            ) is revoked at once; the agent sets up a new one signed with the new key.
          </Text>
          <TextInput
            label="New verify key (base64 Ed25519 public key)"
            description="44 characters, ending in “=”. Take it from the agent, not from an email you cannot check."
            autoComplete="off"
            spellCheck={false}
            styles={monospaceInput}
            data-autofocus
            key={form.key('verifyKey')}
            {...form.getInputProps('verifyKey')}
          />
          <Textarea
            label="Reason"
            description="Recorded in the audit log."
            autosize
            minRows={2}
            maxRows={6}
            key={form.key('reason')}
            {...form.getInputProps('reason')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Key not changed"
            submitLabel="Rotate key"
            loading={form.submitting}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
