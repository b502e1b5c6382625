import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { matchQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessageOf, useTRPC } from '../../../lib/trpc';
import { EnrolStep } from './enrol-step';
import { MfaStep } from './mfa-step';
import { PasswordStep } from './password-step';
import { RecoveryCodesStep } from './recovery-codes-step';

interface SignInFlowProps {
  /** Called once the session is fully signed in (and any new recovery codes were seen). */
  onSignedIn: () => void;
}

/**
 * The steps follow the server's session state (`auth.me`), not local state, so a reload in the middle of
 * MFA resumes at the right step. Only the recovery codes are local: they exist once, in this response.
 */
export function SignInFlow({ onSignedIn }: SignInFlowProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const finished = useRef(false);

  const refreshMe = useCallback(
    () => queryClient.invalidateQueries(trpc.auth.me.queryFilter()),
    [queryClient, trpc],
  );

  const state = me.data?.state;
  useEffect(() => {
    if (state === 'active' && recoveryCodes === null && !finished.current) {
      finished.current = true;
      onSignedIn();
    }
  }, [state, recoveryCodes, onSignedIn]);

  const onPasswordAccepted = async () => {
    setNotice(null);
    // Nothing cached for a previous person may be shown to this one.
    queryClient.removeQueries({ predicate: (query) => !matchQuery(trpc.auth.pathFilter(), query) });
    await refreshMe();
  };

  const restart = async (reason: string | null) => {
    setNotice(reason);
    try {
      await signOut.mutateAsync();
    } catch {
      // The half-open session may already be gone; the next `me` tells.
    }
    await refreshMe();
  };

  if (recoveryCodes) {
    return (
      <RecoveryCodesStep
        codes={recoveryCodes}
        // Refresh first: the step shown next comes from `me`, which still says "enrol" until then.
        onContinue={() => void refreshMe().then(() => setRecoveryCodes(null))}
      />
    );
  }

  if (me.isPending) {
    return (
      <Group justify="center" py="xl">
        <Loader role="status" aria-label="Loading" />
      </Group>
    );
  }

  if (me.isError) {
    return (
      <Alert color="red" variant="light" title="Could not reach Privacy Desk">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessageOf(me.error)}</Text>
          <Button size="xs" variant="light" onClick={() => void me.refetch()}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }

  switch (me.data.state) {
    case 'signed_out':
      return <PasswordStep notice={notice} onPasswordAccepted={onPasswordAccepted} />;
    case 'mfa':
      return <MfaStep onVerified={refreshMe} onRestart={restart} />;
    case 'enrol':
      return <EnrolStep onEnrolled={setRecoveryCodes} onRestart={restart} />;
    case 'active':
      return (
        <Group justify="center" py="xl">
          <Loader role="status" aria-label="Signing you in" />
        </Group>
      );
  }
}
