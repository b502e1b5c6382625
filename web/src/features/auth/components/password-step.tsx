import { Alert, Button, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';
import { validateEmail, validatePassword } from '../validation';

interface PasswordStepProps {
  /** Why the person is back at this step (an MFA step that timed out, say). */
  notice: string | null;
  onPasswordAccepted: () => Promise<void>;
}

export function PasswordStep({ notice, onPasswordAccepted }: PasswordStepProps) {
  const trpc = useTRPC();
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: { email: validateEmail, password: validatePassword },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await signIn.mutateAsync({ email: values.email.trim(), password: values.password });
      await onPasswordAccepted();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} size="h2">
          Sign in
        </Title>
        {notice && !problem ? (
          <Alert color="yellow" variant="light" title="Start again">
            {notice}
          </Alert>
        ) : null}
        {problem ? (
          <Alert color="red" variant="light" title="Could not sign in">
            {problem}
          </Alert>
        ) : null}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          withAsterisk={false}
          autoFocus
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          visibilityToggleButtonProps={{ 'aria-label': 'Show characters' }}
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" fullWidth loading={form.submitting}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
