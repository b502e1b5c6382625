import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { validateRecoveryCode, validateTotpCode } from '../validation';
import { TotpCodeInput } from '../../../components/totp-code-input';

interface MfaStepProps {
  onVerified: () => Promise<void>;
  /** Back to the password step, with the reason to show there. */
  onRestart: (notice: string | null) => Promise<void>;
}

type Mode = 'totp' | 'recovery';

export function MfaStep({ onVerified, onRestart }: MfaStepProps) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.auth.verifyMfa.mutationOptions());
  const [mode, setMode] = useState<Mode>('totp');
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '', recoveryCode: '' },
    validate: {
      code: (value) => (mode === 'totp' ? validateTotpCode(value) : null),
      recoveryCode: (value) => (mode === 'recovery' ? validateRecoveryCode(value) : null),
    },
  });

  const switchMode = (next: Mode) => {
    setMode(next);
    setProblem(null);
    form.clearErrors();
  };

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await verify.mutateAsync(
        mode === 'totp'
          ? { code: values.code.trim() }
          : { recoveryCode: values.recoveryCode.trim().toLowerCase() },
      );
      await onVerified();
    } catch (error) {
      const code = trpcCodeOf(error);
      // Too many wrong codes ends the half-open session; so does its time running out.
      if (code === 'TOO_MANY_REQUESTS' || code === 'UNAUTHORIZED') {
        await onRestart(applyServerErrors(form, error));
        return;
      }
      // The server names the field `code` for both kinds of code.
      setProblem(applyServerErrors(form, error, mode === 'recovery' ? { code: 'recoveryCode' } : {}));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} size="h2">
          Two-factor authentication
        </Title>
        <Text c="dimmed" size="sm">
          {mode === 'totp'
            ? 'Enter the 6-digit code your authenticator app shows for Privacy Desk.'
            : 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once.'}
        </Text>
        {problem ? (
          <Alert color="red" variant="light" title="Could not verify">
            {problem}
          </Alert>
        ) : null}
        {mode === 'totp' ? (
          <TotpCodeInput autoFocus key={form.key('code')} {...form.getInputProps('code')} />
        ) : (
          <TextInput
            label="Recovery code"
            autoComplete="off"
            spellCheck={false}
            placeholder="abcde-12345"
            autoFocus
            key={form.key('recoveryCode')}
            {...form.getInputProps('recoveryCode')}
          />
        )}
        <Button type="submit" fullWidth loading={form.submitting}>
          Verify
        </Button>
        <Group justify="space-between" gap="xs">
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => switchMode(mode === 'totp' ? 'recovery' : 'totp')}
          >
            {mode === 'totp' ? 'Use a recovery code' : 'Use an authentication code'}
          </Anchor>
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void onRestart(null)}>
            Sign in as someone else
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
