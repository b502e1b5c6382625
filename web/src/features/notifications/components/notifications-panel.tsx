import { Alert, Box, Button, Center, Group, Loader, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconChecks, IconCircleCheck } from '@tabler/icons-react';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { errorMessageOf } from '../../../lib/trpc';
import { useMarkRead, useNotificationPages, type NotificationItem } from '../hooks/use-notifications';
import { NotificationCard } from './notification-card';
import classes from './notifications.module.css';

interface NotificationsPanelProps {
  titleId: string;
  unread: number;
  onClose: () => void;
}

/** The bell's dialog content; mounted only while open, so it asks for the list only then. */
export function NotificationsPanel({ titleId, unread, onClose }: NotificationsPanelProps) {
  const list = useNotificationPages();
  const markRead = useMarkRead();

  const markingIds = markRead.isPending ? (markRead.variables?.ids ?? []) : [];
  const isMarkingAll = markRead.isPending && markRead.variables?.all === true;
  const hasUnreadShown = list.items.some((n) => n.readAt === null);

  const markOne = (notification: NotificationItem) => {
    if (notification.readAt !== null) return;
    markRead.mutate({ ids: [notification.id] });
  };

  const markAll = () => markRead.mutate({ all: true });

  const openRequest = (notification: NotificationItem) => {
    markOne(notification);
    onClose();
  };

  return (
    <>
      <Group className={classes.header} justify="space-between" wrap="nowrap" gap="xs">
        <Text id={titleId} component="h2" fw={700} size="md" m={0}>
          Notifications
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconChecks size={16} aria-hidden />}
          onClick={markAll}
          loading={isMarkingAll}
          disabled={unread === 0 && !hasUnreadShown}
        >
          Mark all read
        </Button>
      </Group>
      <div className={classes.scroller}>
        {list.isPending ? (
          <Stack gap="md" p="md" aria-busy="true">
            <Text size="sm" c="dimmed" role="status">
              Loading notifications…
            </Text>
            {[0, 1, 2].map((i) => (
              <Stack key={i} gap={6}>
                <Skeleton height={12} width="70%" />
                <Skeleton height={10} width="40%" />
                <Skeleton height={10} />
              </Stack>
            ))}
          </Stack>
        ) : list.firstError ? (
          <Box p="md">
            <QueryErrorAlert
              title="Could not load notifications"
              error={list.firstError}
              onRetry={list.retryFirst}
            />
          </Box>
        ) : list.items.length === 0 ? (
          <Center p="xl">
            <Stack align="center" gap="xs">
              <ThemeIcon variant="light" color="teal" size="xl" radius="xl" aria-hidden>
                <IconCircleCheck size={24} />
              </ThemeIcon>
              <Text fw={600}>You’re all caught up</Text>
              <Text size="sm" c="dimmed" ta="center" maw={260}>
                Reminders about requests that are due, overdue or unassigned appear here.
              </Text>
            </Stack>
          </Center>
        ) : (
          <ul className={classes.list} aria-label="Recent notifications">
            {list.items.map((notification) => (
              <NotificationCard
                key={notification.id}
                notification={notification}
                onOpenRequest={openRequest}
                onMarkRead={markOne}
                isMarking={markingIds.includes(notification.id)}
              />
            ))}
          </ul>
        )}
        {list.moreError && (
          <Box px="md" pb="sm">
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} p="xs">
              <Group justify="space-between" gap="xs">
                <Text size="sm">{errorMessageOf(list.moreError)}</Text>
                <Button size="compact-xs" variant="light" color="red" onClick={list.retryMore}>
                  Try again
                </Button>
              </Group>
            </Alert>
          </Box>
        )}
      </div>
      {(list.hasMore || list.isLoadingMore) && (
        <Group className={classes.footer} justify="center">
          {list.isLoadingMore ? (
            <Loader size="sm" role="status" aria-label="Loading more notifications" />
          ) : (
            <Button variant="subtle" size="compact-sm" onClick={list.showMore}>
              Show more
            </Button>
          )}
        </Group>
      )}
    </>
  );
}
