import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { useStepUp } from '../../../components/step-up/step-up';
import { applyServerErrors } from '../../../lib/form-errors';
import { addAgentInputOf, emptyAddAgentValues, validateAddAgent } from '../agent-form';
import { monospaceInput } from '../format';
import { useDrpAgentMutations } from '../hooks/use-drp-agent-mutations';

/** An agent the service directory does not list (yet): its id, name and key, as its directory entry gives them. */
export function AddAgentModal({ onClose }: { onClose: () => void }) {
  const { add } = useDrpAgentMutations();
  const withStepUp = useStepUp();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: emptyAddAgentValues,
    validate: validateAddAgent,
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const added = await withStepUp(() => add.mutateAsync(addAgentInputOf(values)));
      notifications.show({
        color: 'teal',
        title: 'Agent added',
        message: `${added.name} can now set up a token signed with its key.`,
      });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal opened onClose={onClose} title="Add agent" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Copy the agent’s entry from the service directory, or from what the agent sent you. Compare the
            key’s fingerprint with the agent by phone once it is added.
          </Text>
          <TextInput
            label="Agent id"
            description="Letters, digits, dashes or underscores, exactly as the agent signs its messages."
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            key={form.key('id')}
            {...form.getInputProps('id')}
          />
          <TextInput label="Name" autoComplete="off" key={form.key('name')} {...form.getInputProps('name')} />
          <TextInput
            label="Verify key (base64 Ed25519 public key)"
            description="44 characters, ending in “=”."
            autoComplete="off"
            spellCheck={false}
            styles={monospaceInput}
            key={form.key('verifyKey')}
            {...form.getInputProps('verifyKey')}
          />
          <TextInput
            label="Website"
            description="Optional. An https:// address."
            type="url"
            autoComplete="off"
            key={form.key('webUrl')}
            {...form.getInputProps('webUrl')}
          />
          <TextInput
            label="Identity assurance page"
            description="Optional. An https:// address: how the agent verifies the people it acts for."
            type="url"
            autoComplete="off"
            key={form.key('identityAssuranceUrl')}
            {...form.getInputProps('identityAssuranceUrl')}
          />
          <TextInput
            label="Technical contact email"
            description="Optional."
            type="email"
            autoComplete="off"
            key={form.key('technicalContact')}
            {...form.getInputProps('technicalContact')}
          />
          <TextInput
            label="Business contact email"
            description="Optional."
            type="email"
            autoComplete="off"
            key={form.key('businessContact')}
            {...form.getInputProps('businessContact')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Could not add the agent"
            submitLabel="Add agent"
            loading={form.submitting}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
