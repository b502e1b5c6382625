import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { applyServerErrors } from '../../lib/form-errors';
import { isTrpcError, useTRPC } from '../../lib/trpc';
import { validateTotpCode } from '../../lib/totp-code';
import { TotpCodeInput } from '../totp-code-input';

/** The server refused a sensitive action until a fresh MFA code (a step-up, valid five minutes). */
export function isStepUpRequired(error: unknown): boolean {
  return isTrpcError(error) && error.data?.domainCode === 'STEP_UP_REQUIRED';
}

/** Thrown to the caller when the person closes the code dialog instead of confirming. */
export class StepUpCancelled extends Error {
  constructor() {
    super('Not confirmed: the action needs a code from your authenticator app.');
    this.name = 'StepUpCancelled';
  }
}

type WithStepUp = <T>(run: () => Promise<T>) => Promise<T>;
const StepUpContext = createContext<WithStepUp | null>(null);

/**
 * Runs a sensitive action; when the server asks for a step-up, asks for a code in a dialog, confirms it and
 * runs the action once more. Closing the dialog rejects with `StepUpCancelled`; nothing was changed.
 */
export function useStepUp(): WithStepUp {
  const withStepUp = useContext(StepUpContext);
  if (!withStepUp) throw new Error('useStepUp needs a StepUpProvider above it');
  return withStepUp;
}

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function StepUpProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const pendingRef = useRef<Pending | null>(null);

  const askForCode = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        const next = { resolve, reject };
        pendingRef.current = next;
        setPending(next);
      }),
    [],
  );

  const withStepUp = useCallback<WithStepUp>(
    async (run) => {
      try {
        return await run();
      } catch (error) {
        if (!isStepUpRequired(error)) throw error;
        await askForCode();
        return run();
      }
    },
    [askForCode],
  );

  const settle = (outcome: 'confirmed' | 'cancelled') => {
    const current = pendingRef.current;
    pendingRef.current = null;
    setPending(null);
    if (outcome === 'confirmed') current?.resolve();
    else current?.reject(new StepUpCancelled());
  };

  return (
    <StepUpContext.Provider value={withStepUp}>
      {children}
      {pending ? (
        <StepUpDialog onConfirmed={() => settle('confirmed')} onCancel={() => settle('cancelled')} />
      ) : null}
    </StepUpContext.Provider>
  );
}

function StepUpDialog({ onConfirmed, onCancel }: { onConfirmed: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stepUp = useMutation(trpc.auth.stepUp.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '' },
    validate: { code: validateTotpCode },
  });
  const submit = form.onSubmit(async ({ code }) => {
    setProblem(null);
    try {
      await stepUp.mutateAsync({ code: code.trim() });
      // The session's step-up window is part of `auth.me`.
      await queryClient.invalidateQueries(trpc.auth.me.pathFilter());
      onConfirmed();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });
  return (
    <Modal opened onClose={onCancel} title="Confirm it is you" size="sm" zIndex={400}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            This action needs a fresh code from your authenticator app. After it, sensitive actions need no
            other code for five minutes.
          </Text>
          {problem ? (
            <Alert color="red" variant="light" title="Not confirmed">
              {problem}
            </Alert>
          ) : null}
          <TotpCodeInput data-autofocus key={form.key('code')} {...form.getInputProps('code')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
