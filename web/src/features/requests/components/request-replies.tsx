import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { notifications } from '@mantine/notifications';
import { threadedViaLabels } from '@privdesk/shared/constants';
import { useQuery } from '@tanstack/react-query';
import { errorMessageOf, useTRPC } from '../../../lib/trpc';
import { formatCalendarDate, formatDateTime } from '../format';
import { useRequestMutations } from '../hooks/use-request-mutations';
import classes from './request-messages.module.css';

/**
 * "Mail from the requester" (issue 16): what came in on this request through the privacy mailbox, oldest
 * first — the email it was made of and every reply since. While the request waits on its requester, each
 * reply offers "Information received", which resumes it with the clock-ledger entry dated the day the reply
 * arrived (not today): the legal clock restarts when the information came, not when someone read it.
 */
export function RequestReplies({
  request,
  canWork,
}: {
  request: { id: string; version: number; status: string };
  canWork: boolean;
}) {
  const trpc = useTRPC();
  const mutations = useRequestMutations();
  const list = useQuery(trpc.inbox.forRequest.queryOptions({ requestId: request.id }));
  if (list.isPending)
    return (
      <Text size="sm" c="dimmed">
        Loading the mail…
      </Text>
    );
  if (list.isError)
    return (
      <QueryErrorAlert
        title="The mail could not be loaded"
        error={list.error}
        onRetry={() => void list.refetch()}
      />
    );
  const items = list.data.items;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No mail from the requester. Replies to our messages land here by themselves.
      </Text>
    );
  const waiting = request.status === 'awaiting_requester';
  const replied = waiting && canWork && items.some((m) => m.status === 'reply');
  return (
    <Stack gap="sm">
      {replied ? (
        <Text size="sm">
          The requester replied. Record what came in with “Information received” on the reply: it is dated the
          day the reply arrived, so the clock restarts then — “Resume” would date it today.
        </Text>
      ) : null}
      {items.map((m) => (
        <article
          key={m.id}
          className={classes.message}
          aria-label={`Email from ${m.fromName || m.fromAddress || 'an unknown sender'}: ${m.subject}`}
        >
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <div className={classes.heading}>
              <Text size="sm" fw={600}>
                {m.subject || '(no subject)'}
              </Text>
              <Text size="xs" c="dimmed">
                From {m.fromName ? `${m.fromName} <${m.fromAddress ?? ''}>` : (m.fromAddress ?? 'no address')}{' '}
                · arrived {formatDateTime(m.receivedAt)}
              </Text>
            </div>
            <Badge
              color={m.status === 'request' ? 'blue' : 'teal'}
              variant="dot"
              tt="none"
              radius="sm"
              style={{ flexShrink: 0 }}
            >
              {m.status === 'request' ? 'The request' : 'Reply'}
            </Badge>
          </Group>
          {m.threadedVia ? (
            <Text size="xs" c="dimmed" mt={4}>
              On this request because {threadedViaLabels[m.threadedVia]}.
            </Text>
          ) : null}
          <details className={classes.text} open={waiting && m.status === 'reply'}>
            <summary>Show the text</summary>
            <pre>{m.text}</pre>
            {m.attachmentCount > 0 ? (
              <Text size="xs" c="dimmed">
                {m.attachmentCount} attachment{m.attachmentCount === 1 ? '' : 's'}, recorded but not kept.
              </Text>
            ) : null}
          </details>
          {waiting && canWork && m.status === 'reply' ? (
            <Button
              size="xs"
              mt={6}
              loading={mutations.informationReceived.isPending}
              onClick={() =>
                mutations.informationReceived.mutate(
                  { mailId: m.id, requestId: request.id, requestVersion: request.version },
                  {
                    onSuccess: (out) =>
                      notifications.show({
                        color: 'teal',
                        title: 'Information received',
                        message: `Recorded as received on ${formatCalendarDate(out.receivedOn)}, the day the reply arrived; the clock runs again from then.`,
                      }),
                    onError: (error) =>
                      notifications.show({
                        color: 'red',
                        title: 'Not recorded',
                        message: errorMessageOf(error),
                      }),
                  },
                )
              }
            >
              Information received ({formatCalendarDate(m.arrivedOn)})
            </Button>
          ) : null}
        </article>
      ))}
    </Stack>
  );
}
