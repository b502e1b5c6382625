import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Awaits a call that must fail with this tRPC code (and message, if given); returns the error. */
export async function expectTrpcError(
  promise: Promise<unknown>,
  code: TRPCError['code'],
  message?: RegExp,
): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code).toBe(code);
  if (message) expect(trpcError.message).toMatch(message);
  return trpcError;
}
