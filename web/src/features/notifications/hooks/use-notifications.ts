import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { notifications as toasts } from '@mantine/notifications';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../../lib/trpc';

export type NotificationItem = RouterOutputs['notifications']['find']['items'][number];

/** Notifications per "Show more" step: a handful fits the panel without scrolling far. */
export const notificationsPageSize = 10;

/**
 * The bell's count, asked for once a minute and when the window regains focus: reminders arrive once a
 * day, so this is about noticing them without a reload, not about being instant.
 */
export function useUnreadCount() {
  const trpc = useTRPC();
  return useQuery(
    trpc.notifications.unreadCount.queryOptions(undefined, {
      refetchInterval: 60_000,
      refetchOnWindowFocus: true,
    }),
  );
}

/**
 * The list, page by page, for the open panel (which mounts on opening, so each opening starts again from
 * the newest page). Each "Show more" adds the next page; the pages are plain `find` queries, so marking
 * read (which invalidates `find`) refreshes every page shown.
 */
export function useNotificationPages() {
  const trpc = useTRPC();
  const [pageCount, setPageCount] = useState(1);
  const results = useQueries({
    queries: Array.from({ length: pageCount }, (_, i) =>
      trpc.notifications.find.queryOptions(
        { page: i + 1, pageSize: notificationsPageSize },
        // Opening the panel is asking "what's new?": always check, while showing what was there.
        { staleTime: 0 },
      ),
    ),
  });
  const first = results[0];
  const last = results[results.length - 1];
  const items = useMemo(() => {
    // A notification arriving between two pages shifts the next page by one; show each once.
    const seen = new Set<string>();
    return results.flatMap((r) =>
      (r.data?.items ?? []).filter((n) => {
        if (seen.has(n.id)) return false;
        seen.add(n.id);
        return true;
      }),
    );
  }, [results]);
  const total = last?.data?.total ?? first?.data?.total ?? 0;
  const moreError = pageCount > 1 && last?.isError ? last.error : null;
  return {
    items,
    total,
    isPending: first?.isPending ?? true,
    firstError: first?.isError ? first.error : null,
    retryFirst: () => void first?.refetch(),
    isLoadingMore: pageCount > 1 && (last?.isPending ?? false),
    moreError,
    retryMore: () => void last?.refetch(),
    // A short last page ends the list too: the server may count a notification it cannot show.
    hasMore:
      items.length < total &&
      (last?.data?.items.length ?? 0) >= notificationsPageSize &&
      !(last?.isPending ?? false) &&
      moreError === null,
    showMore: () => setPageCount((n) => n + 1),
  };
}

/**
 * Marks notifications read; the answer carries the new unread count, so the bell updates at once. A failure
 * is told here, not by the caller: following a request link closes the panel before the answer comes.
 */
export function useMarkRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: ({ unread }) => {
        queryClient.setQueryData(trpc.notifications.unreadCount.queryKey(), { unread });
      },
      onError: (error, input) =>
        toasts.show({
          color: 'red',
          title: 'all' in input ? 'Could not mark them read' : 'Could not mark it read',
          message: errorMessageOf(error),
        }),
      onSettled: () => queryClient.invalidateQueries(trpc.notifications.find.pathFilter()),
    }),
  );
}
