import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isSessionExpiredError, isTrpcError } from './trpc';

export interface QueryClientOptions {
  /** Called when any query or mutation finds the session gone. */
  onSessionExpired: () => void;
  /** Tests turn retries off so an error shows at once. */
  retry?: boolean;
}

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx answer will not change by asking again; network blips and 5xx might.
  const status = isTrpcError(error) ? error.data?.httpStatus : undefined;
  if (status !== undefined && status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient({ onSessionExpired, retry = true }: QueryClientOptions): QueryClient {
  const onError = (error: unknown) => {
    if (isSessionExpiredError(error)) onSessionExpired();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      // A page whose loader already failed shows that error with a retry button, rather than asking again
      // on mount and flashing a skeleton before the same error.
      queries: { staleTime: 30_000, retry: retry ? shouldRetry : false, retryOnMount: false },
      mutations: { retry: false },
    },
  });
}
