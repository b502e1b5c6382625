import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  List,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { validateTotpCode } from '../validation';
import { TotpCodeInput } from '../../../components/totp-code-input';

interface EnrolStepProps {
  onEnrolled: (recoveryCodes: string[]) => void;
  onRestart: (notice: string | null) => Promise<void>;
}

function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export function EnrolStep({ onEnrolled, onRestart }: EnrolStepProps) {
  const trpc = useTRPC();
  const {
    mutate: startEnrolment,
    data: enrolment,
    error: startError,
    isPending: isStarting,
  } = useMutation(trpc.auth.startMfaEnrolment.mutationOptions());
  const confirm = useMutation(trpc.auth.confirmMfaEnrolment.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const started = useRef(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '' },
    validate: { code: validateTotpCode },
  });

  // Each start issues a new secret and replaces the pending one, so it must run once per visit
  // (StrictMode runs effects twice; the ref survives that).
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startEnrolment();
  }, [startEnrolment]);

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const result = await confirm.mutateAsync({ code: values.code.trim() });
      onEnrolled(result.recoveryCodes);
    } catch (error) {
      const code = trpcCodeOf(error);
      if (code === 'TOO_MANY_REQUESTS' || code === 'UNAUTHORIZED') {
        await onRestart(applyServerErrors(form, error));
        return;
      }
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Set up two-factor authentication
      </Title>
      <Text size="sm" c="dimmed">
        Privacy Desk asks for a code from an authenticator app each time you sign in.
      </Text>
      {startError ? (
        <Alert color="red" variant="light" title="Could not start the set-up">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessageOf(startError)}</Text>
            <Button size="xs" variant="light" onClick={() => startEnrolment()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : null}
      {isStarting ? (
        <Group justify="center" py="xl">
          <Loader role="status" aria-label="Preparing your key" />
        </Group>
      ) : null}
      {enrolment ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <List type="ordered" spacing="xs" size="sm">
              <List.Item>Scan this QR code with your authenticator app.</List.Item>
              <List.Item>Enter the 6-digit code the app shows.</List.Item>
            </List>
            <Box bg="white" p="xs" mx="auto" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
              <Image
                src={svgDataUrl(enrolment.qrSvg)}
                alt="QR code to add Privacy Desk to your authenticator app"
                w={184}
                h={184}
              />
            </Box>
            <Stack gap={4}>
              <Text size="sm">Cannot scan it? Enter this key in the app instead:</Text>
              <Group gap="xs" wrap="wrap" justify="space-between">
                <Code
                  aria-label="Manual entry key"
                  fz="sm"
                  style={{
                    flex: '1 1 16rem',
                    wordBreak: 'break-all',
                    letterSpacing: '0.05em',
                    padding: '6px 8px',
                  }}
                >
                  {enrolment.secret}
                </Code>
                {/* No tooltip here: it would pull the positioning library into the sign-in bundle. */}
                <CopyButton value={enrolment.secret}>
                  {({ copied, copy }) => (
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={copy}
                      leftSection={
                        copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                      }
                    >
                      {copied ? 'Copied' : 'Copy key'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
            {problem ? (
              <Alert color="red" variant="light" title="Could not confirm">
                {problem}
              </Alert>
            ) : null}
            <TotpCodeInput key={form.key('code')} {...form.getInputProps('code')} />
            <Button type="submit" fullWidth loading={form.submitting}>
              Confirm
            </Button>
          </Stack>
        </form>
      ) : null}
      <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void onRestart(null)}>
        Sign in as someone else
      </Anchor>
    </Stack>
  );
}
