import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { passwordMinLength } from '@privdesk/shared/constants';
import { setPasswordInputSchema } from '@privdesk/shared';
import { paths } from '../../../config/paths';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';

interface SetPasswordFormProps {
  /** The one-time token from the link's fragment, or null when the link came without one. */
  token: string | null;
  /** Called after the password is saved, e.g. to drop the spent token from the address bar. */
  onDone: () => void;
}

export function SetPasswordForm({ token, onDone }: SetPasswordFormProps) {
  const trpc = useTRPC();
  const setPassword = useMutation(trpc.auth.setPassword.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const [isDone, setIsDone] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    // The token rides along as a value no input shows, so the shared schema checks all three at once.
    initialValues: { token: token ?? '', password: '', confirm: '' },
    validate: schemaResolver(setPasswordInputSchema, { sync: true }),
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await setPassword.mutateAsync(values);
      setIsDone(true);
      onDone();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  if (isDone) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Password set
        </Title>
        <Alert
          color="teal"
          variant="light"
          icon={<IconCircleCheck size={18} />}
          title="Your password is saved"
        >
          Sign in with your email address and the new password. If this is your first sign-in, you will set up
          an authenticator app next.
        </Alert>
        <Anchor component={Link} to={paths.signIn.build()} fw={600}>
          Sign in
        </Anchor>
      </Stack>
    );
  }

  if (!token) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Set your password
        </Title>
        <Alert color="red" variant="light" title="This link is not complete">
          Open the whole link your admin sent you, or ask them for a new one.
        </Alert>
        <Text size="sm">
          Already have a password?{' '}
          <Anchor component={Link} to={paths.signIn.build()}>
            Sign in
          </Anchor>
        </Text>
      </Stack>
    );
  }

  const tokenError = form.errors.token;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={1} size="h2">
          Set your password
        </Title>
        {tokenError ? (
          <Alert color="red" variant="light" title="This link cannot be used">
            {tokenError} Ask an admin for a new link.
          </Alert>
        ) : null}
        {problem && !tokenError ? (
          <Alert color="red" variant="light" title="Could not set the password">
            {problem}
          </Alert>
        ) : null}
        <PasswordInput
          label="New password"
          description={`At least ${passwordMinLength} characters. A phrase of several words is easy to remember.`}
          autoComplete="new-password"
          autoFocus
          visibilityToggleButtonProps={{ 'aria-label': 'Show characters' }}
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <PasswordInput
          label="Confirm password"
          autoComplete="new-password"
          visibilityToggleButtonProps={{ 'aria-label': 'Show characters' }}
          key={form.key('confirm')}
          {...form.getInputProps('confirm')}
        />
        <Button type="submit" fullWidth loading={form.submitting}>
          Set password
        </Button>
        <Anchor component={Link} to={paths.signIn.build()} size="sm" c="dimmed">
          Back to sign in
        </Anchor>
      </Stack>
    </form>
  );
}
