import type { QueryClient } from '@tanstack/react-query';
import type { TRPCLink } from '@trpc/client';
import { createQueryClient } from '../lib/query-client';
import {
  createTrpcClient,
  createTrpcProxy,
  type AppRouter,
  type AppTrpc,
  type AppTrpcClient,
} from '../lib/trpc';

/** Everything route loaders and providers share: one query cache, one tRPC client, one options proxy. */
export interface AppServices {
  queryClient: QueryClient;
  trpcClient: AppTrpcClient;
  trpc: AppTrpc;
  /** The router registers what to do when the session turns out to be gone. */
  setSessionExpiredHandler: (handler: () => void) => void;
}

export function createAppServices(opts: { link: TRPCLink<AppRouter>; retry?: boolean }): AppServices {
  let onSessionExpired: () => void = () => undefined;
  const queryClient = createQueryClient({
    onSessionExpired: () => onSessionExpired(),
    retry: opts.retry ?? true,
  });
  const trpcClient = createTrpcClient(opts.link);
  const trpc = createTrpcProxy(trpcClient, queryClient);
  return {
    queryClient,
    trpcClient,
    trpc,
    setSessionExpiredHandler: (handler) => {
      onSessionExpired = handler;
    },
  };
}
