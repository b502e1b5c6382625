import { ActionIcon, Anchor, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { notificationKindLabels } from '@privdesk/shared/constants';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { StandingChip, type StandingTone } from '../../../components/feedback/standing-chip';
import { paths } from '../../../config/paths';
import { formatCalendarDate, formatDateTime, formatRelativeTime, formatShortCalendarDate } from '../format';
import type { NotificationItem } from '../hooks/use-notifications';
import classes from './notifications.module.css';

/** Requests shown before "Show all": a long reminder should not push the next one out of sight. */
const requestsShown = 5;

type ReminderItem = Extract<NotificationItem, { kind: 'reminders.due' | 'reminders.unassigned' }>;
type SearchBurstItem = Extract<NotificationItem, { kind: 'security.search_burst' }>;
type ErasureDeadlineItem = Extract<NotificationItem, { kind: 'erasure.deadline' }>;
type RequestRef = ReminderItem['data']['requests'][number];

/** A listed request as the card shows it, whichever notification listed it. */
interface ListedRequest {
  id: string;
  reference: string;
  dueOn: string | null;
  state: RequestRef['state'];
  /** A minor's erasure, whose date is the minors' short target (erasure deadline alerts only). */
  minor: boolean;
}

const stateLabels: Record<RequestRef['state'], string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  unassigned: 'Unassigned',
};

const stateTones: Record<RequestRef['state'], StandingTone> = {
  overdue: 'overdue',
  due_soon: 'soon',
  unassigned: 'neutral',
};

function StateChip({ state }: { state: RequestRef['state'] }) {
  return (
    <StandingChip tone={stateTones[state]} noWrap>
      {stateLabels[state]}
    </StandingChip>
  );
}

interface NotificationCardProps {
  notification: NotificationItem;
  /** Following a request link: the card's reminder has been seen, and the panel gives way to the page. */
  onOpenRequest: (notification: NotificationItem) => void;
  onMarkRead: (notification: NotificationItem) => void;
  isMarking: boolean;
}

export function NotificationCard({
  notification,
  onOpenRequest,
  onMarkRead,
  isMarking,
}: NotificationCardProps) {
  const isUnread = notification.readAt === null;
  return (
    <li className={classes.item} data-unread={isUnread || undefined}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <span className={classes.dot} data-read={!isUnread || undefined} aria-hidden />
        <Stack gap={4} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" justify="space-between" align="flex-start" wrap="nowrap">
            <Text size="sm" fw={isUnread ? 700 : 500} style={{ overflowWrap: 'anywhere' }}>
              {isUnread && <VisuallyHidden>Unread: </VisuallyHidden>}
              {notification.title}
            </Text>
            {isUnread && (
              <ActionIcon
                variant="subtle"
                size="sm"
                color="gray"
                aria-label={`Mark read: ${notification.title}`}
                title="Mark read"
                loading={isMarking}
                onClick={() => onMarkRead(notification)}
              >
                <IconCheck size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {notificationKindLabels[notification.kind]} ·{' '}
            <time dateTime={notification.createdAt} title={formatDateTime(notification.createdAt)}>
              {formatRelativeTime(notification.createdAt)}
            </time>
          </Text>
          <Text size="sm" lineClamp={2}>
            {notification.body}
          </Text>
          {notification.kind === 'security.search_burst' ? (
            <SearchBurstLinks notification={notification} onOpen={() => onOpenRequest(notification)} />
          ) : notification.kind === 'erasure.task' ? (
            <ErasureTaskLink onOpen={() => onOpenRequest(notification)} />
          ) : notification.kind === 'erasure.deadline' ? (
            <ErasureDeadlineRequests
              notification={notification}
              onOpenRequest={() => onOpenRequest(notification)}
            />
          ) : (
            <ReminderRequests notification={notification} onOpenRequest={() => onOpenRequest(notification)} />
          )}
        </Stack>
      </Group>
    </li>
  );
}

/**
 * A system owner's erasure task: their task list, where it is closed with its evidence. Not the request's
 * page: an owner may be an admin or a processor who cannot open it.
 */
function ErasureTaskLink({ onOpen }: { onOpen: () => void }) {
  return (
    <Anchor
      component={Link}
      to={paths.erasureTasks.build()}
      className={classes.link}
      size="xs"
      fw={600}
      w="fit-content"
      onClick={onOpen}
    >
      Open your erasure tasks
    </Anchor>
  );
}

/** Where an admin goes from a flag: the searcher's audit trail (keyed hashes and ids, never the terms). */
function SearchBurstLinks({ notification, onOpen }: { notification: SearchBurstItem; onOpen: () => void }) {
  const { searcher } = notification.data;
  return (
    <Anchor
      component={Link}
      to={paths.audit.build(new URLSearchParams({ actorId: searcher.id }))}
      className={classes.link}
      size="xs"
      fw={600}
      w="fit-content"
      onClick={onOpen}
    >
      {`See ${searcher.name}’s audit trail`}
    </Anchor>
  );
}

function ReminderRequests({
  notification,
  onOpenRequest,
}: {
  notification: ReminderItem;
  onOpenRequest: () => void;
}) {
  const { data } = notification;
  return (
    <RequestList
      title={notification.title}
      on={data.on}
      requests={data.requests.map((r) => ({ ...r, minor: false }))}
      counted={data.counts.overdue + data.counts.dueSoon + data.counts.unassigned}
      truncated={data.truncated}
      whereAll="the queue has them all"
      onOpenRequest={onOpenRequest}
    />
  );
}

/**
 * The daily erasure deadlines alert (issue 15, item 8): each erasure's reference to its page, its due date,
 * and "minor" where that date is the minors' target; all of them on the pending-deletions page.
 */
function ErasureDeadlineRequests({
  notification,
  onOpenRequest,
}: {
  notification: ErasureDeadlineItem;
  onOpenRequest: () => void;
}) {
  const { data } = notification;
  return (
    <>
      <RequestList
        title={notification.title}
        on={data.on}
        requests={data.requests}
        counted={data.counts.overdue + data.counts.dueSoon}
        truncated={data.truncated}
        whereAll="Pending deletions has them all"
        onOpenRequest={onOpenRequest}
      />
      {data.unrequested ? (
        <Text size="xs">
          {data.unrequested.total === 1
            ? '1 account deletion has no erasure request yet'
            : `${data.unrequested.total} account deletions have no erasure request yet`}
          , the soonest to be purged on{' '}
          <time dateTime={data.unrequested.soonestPurgeOn}>
            {formatCalendarDate(data.unrequested.soonestPurgeOn)}
          </time>
          .
        </Text>
      ) : null}
      <Anchor
        component={Link}
        to={paths.deletions.build()}
        className={classes.link}
        size="xs"
        fw={600}
        w="fit-content"
        onClick={onOpenRequest}
      >
        Open pending deletions
      </Anchor>
    </>
  );
}

function RequestList({
  title,
  on,
  requests,
  counted,
  truncated,
  whereAll,
  onOpenRequest,
}: {
  title: string;
  on: string;
  requests: readonly ListedRequest[];
  /** How many the notification counted, listed or not. */
  counted: number;
  truncated: boolean;
  whereAll: string;
  onOpenRequest: () => void;
}) {
  const [isExpanded, setExpanded] = useState(false);
  const shown = isExpanded ? requests : requests.slice(0, requestsShown);
  const hidden = requests.length - shown.length;
  const isUndated = requests.every((r) => r.dueOn === null);

  return (
    <>
      {shown.length > 0 && (
        <ul
          className={classes.requests}
          data-undated={isUndated || undefined}
          aria-label={`Requests in “${title}”`}
        >
          {shown.map((request) => (
            <li key={request.id} className={classes.request}>
              <Anchor
                component={Link}
                to={paths.request.build(request.id)}
                className={`${classes.link} ${classes.reference}`}
                onClick={onOpenRequest}
              >
                {request.reference}
              </Anchor>
              {!isUndated && (
                <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {request.dueOn !== null && (
                    <>
                      due{' '}
                      <time dateTime={request.dueOn} title={formatCalendarDate(request.dueOn)}>
                        {formatShortCalendarDate(request.dueOn, on)}
                      </time>
                    </>
                  )}
                  {request.minor && (
                    <Text span size="xs" fw={700} c="var(--mantine-color-text)">
                      {' · minor'}
                    </Text>
                  )}
                </Text>
              )}
              <StateChip state={request.state} />
            </li>
          ))}
        </ul>
      )}
      {(hidden > 0 || isExpanded) && requests.length > requestsShown && (
        <Anchor
          component="button"
          type="button"
          className={classes.link}
          size="xs"
          fw={600}
          ta="left"
          w="fit-content"
          onClick={() => setExpanded((v) => !v)}
          aria-expanded={isExpanded}
        >
          {isExpanded ? 'Show fewer' : `Show all ${requests.length} requests`}
        </Anchor>
      )}
      {truncated && (isExpanded || requests.length <= requestsShown) && (
        <Text size="xs" c="dimmed">
          {counted - requests.length} more not listed here; {whereAll}.
        </Text>
      )}
    </>
  );
}
