import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { messageKindLabels, messageStatusLabels, type MessageStatus } from '@privdesk/shared/constants';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { errorMessageOf, useTRPC } from '../../../lib/trpc';
import { formatDateTime } from '../format';
import { useRequestMutations } from '../hooks/use-request-mutations';
import classes from './request-messages.module.css';

const statusColour: Record<MessageStatus, string> = {
  queued: 'blue',
  sent: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/**
 * "Sent mail" (issue 13, item 4): every message to this request's requester, newest first — to whom, its
 * subject, when it was queued and when the mail server took it, its exact text (a link or code named, never
 * shown), and a failed one's server answer with a way to send it again. While one is on its way the list
 * looks again every two seconds, and the request (its dates, its ledger) is refreshed once it has left.
 */
export function RequestMessages({ requestId, canRetry }: { requestId: string; canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutations = useRequestMutations();
  const list = useQuery({
    ...trpc.messages.forRequest.queryOptions({ id: requestId }),
    refetchInterval: (query) => (query.state.data?.items.some((m) => m.status === 'queued') ? 2000 : false),
  });
  const queuedBefore = useRef<number | null>(null);
  const queuedNow = list.data?.items.filter((m) => m.status === 'queued').length ?? null;
  useEffect(() => {
    // A message left (or failed): what it records on the ledger shows on the page at once.
    if (queuedBefore.current !== null && queuedNow !== null && queuedNow < queuedBefore.current) {
      void queryClient.invalidateQueries(trpc.requests.pathFilter());
    }
    queuedBefore.current = queuedNow;
  }, [queuedNow, queryClient, trpc]);

  if (list.isPending)
    return (
      <Text size="sm" c="dimmed">
        Loading the mail…
      </Text>
    );
  if (list.isError)
    return (
      <Alert color="red" variant="light" title="The mail could not be loaded">
        <Group gap="sm">
          <Text size="sm">{errorMessageOf(list.error)}</Text>
          <Button size="xs" variant="light" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  const items = list.data.items;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No mail to the requester yet. Acknowledgements, notices, questions and verification links appear here
        once sent.
      </Text>
    );
  return (
    <Stack gap="sm">
      {items.map((m) => (
        <article
          key={m.id}
          className={classes.message}
          aria-label={`${messageKindLabels[m.kind]}, ${messageStatusLabels[m.status]}`}
        >
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <div className={classes.heading}>
              <Text size="sm" fw={600}>
                {m.subject}
              </Text>
              <Text size="xs" c="dimmed">
                {messageKindLabels[m.kind]} · to {m.to}
              </Text>
            </div>
            <Badge
              color={statusColour[m.status]}
              variant="dot"
              tt="none"
              radius="sm"
              style={{ flexShrink: 0 }}
            >
              {messageStatusLabels[m.status]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            Queued {formatDateTime(m.queuedAt)}
            {m.queuedBy ? ` by ${m.queuedBy.name}` : ' by the app'}
            {m.sentAt ? ` · sent ${formatDateTime(m.sentAt)}` : ''}
            {m.failedAt ? ` · failed ${formatDateTime(m.failedAt)}` : ''}
            {m.attempts > 1 ? ` · ${m.attempts} attempts` : ''}
          </Text>
          {m.status === 'failed' || m.status === 'cancelled' ? (
            <Text size="sm" c={m.status === 'failed' ? 'red' : undefined} mt={4}>
              {m.failure}
              {m.serverAnswer ? ` The server said: “${m.serverAnswer}”` : ''}
            </Text>
          ) : null}
          <details className={classes.text}>
            <summary>Show the text as sent</summary>
            <pre>{m.body}</pre>
            <Text size="xs" c="dimmed">
              Message-ID {m.messageId} · replies to {m.replyTo}
            </Text>
          </details>
          {m.status === 'failed' && canRetry ? (
            <Button
              size="xs"
              variant="light"
              mt={6}
              loading={mutations.retryMessage.isPending}
              onClick={() =>
                mutations.retryMessage.mutate(
                  { messageId: m.id },
                  {
                    onSuccess: () =>
                      notifications.show({
                        color: 'teal',
                        title: 'Sent again',
                        message: 'The same message, with the same Message-ID, is back in the outbox.',
                      }),
                    onError: (error) =>
                      notifications.show({ color: 'red', title: 'Not sent', message: errorMessageOf(error) }),
                  },
                )
              }
            >
              Send again
            </Button>
          ) : null}
        </article>
      ))}
    </Stack>
  );
}
