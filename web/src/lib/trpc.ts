import {
  createTRPCClient,
  httpBatchLink,
  TRPCClientError,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import { createTRPCContext, createTRPCOptionsProxy, type TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@privdesk/server';

export type { AppRouter };
export type AppTrpc = TRPCOptionsProxy<AppRouter>;
export type AppTrpcClient = TRPCClient<AppRouter>;
export type AppTrpcError = TRPCClientError<AppRouter>;

type ProcedureTypes<T> = T extends { '~types': { input: infer I; output: infer O } }
  ? { input: I; output: O }
  : never;
/**
 * What each procedure takes and answers, as the server's router says (`RouterOutputs['requests']['get']`).
 * Pages type their data by these rather than by shared schemas, so the web follows the server it talks to.
 */
export type RouterOutputs = {
  [R in keyof AppTrpc]: { [N in keyof AppTrpc[R]]: ProcedureTypes<AppTrpc[R][N]>['output'] };
};
export type RouterInputs = {
  [R in keyof AppTrpc]: { [N in keyof AppTrpc[R]]: ProcedureTypes<AppTrpc[R][N]>['input'] };
};

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The production link: batched calls to our own origin. Tests pass an `httpLink` with an absolute URL. */
export function defaultTrpcLink(): TRPCLink<AppRouter> {
  return httpBatchLink({ url: '/trpc' });
}

export function createTrpcClient(link: TRPCLink<AppRouter>): AppTrpcClient {
  return createTRPCClient<AppRouter>({ links: [link] });
}

/** The same options proxy `useTRPC()` returns, for code outside React (route loaders). */
export function createTrpcProxy(client: AppTrpcClient, queryClient: QueryClient): AppTrpc {
  return createTRPCOptionsProxy<AppRouter>({ client, queryClient });
}

export function isTrpcError(error: unknown): error is AppTrpcError {
  return error instanceof TRPCClientError;
}

/** The tRPC error code (`UNAUTHORIZED`, `CONFLICT`, …), or null for anything that is not a server answer. */
export function trpcCodeOf(error: unknown): string | null {
  return isTrpcError(error) ? (error.data?.code ?? null) : null;
}

/** True when the server says the session is gone (expired, revoked) on a call that needs one. */
export function isSessionExpiredError(error: unknown): boolean {
  if (!isTrpcError(error) || error.data?.code !== 'UNAUTHORIZED') return false;
  // Sign-in steps answer UNAUTHORIZED for a wrong password or a stale MFA step; those are shown in place.
  const path = error.data.path ?? '';
  return !path.startsWith('auth.');
}

/** A sentence for a person: the server's own message for known errors, a generic one otherwise. */
export function errorMessageOf(error: unknown): string {
  // The person closed the step-up dialog (features/auth/step-up): its own sentence says what happened.
  if (error instanceof Error && error.name === 'StepUpCancelled') return error.message;
  if (isTrpcError(error)) {
    if (error.data) return error.message;
    return 'We could not reach the server. Check your connection and try again.';
  }
  return 'Something went wrong. Try again.';
}
