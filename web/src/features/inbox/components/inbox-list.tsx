import { Badge, Group, Text } from '@mantine/core';
import {
  inboundMailFlagLabels,
  inboundMailStatusLabels,
  type InboundMailStatus,
} from '@privdesk/shared/constants';
import { IconAlertTriangle, IconPaperclip } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { RouterOutputs } from '../../../lib/trpc';
import {
  formatCompactDateTime,
  formatDateTime,
  listFlagLabels,
  plural,
  senderOf,
  statusColors,
  subjectOf,
} from '../format';
import classes from './inbox-page.module.css';

export type InboxListItem = RouterOutputs['inbox']['find']['items'][number];

export function MailStatusBadge({ status, size = 'sm' }: { status: InboundMailStatus; size?: 'sm' | 'md' }) {
  return (
    <Badge
      color={statusColors[status]}
      variant="dot"
      tt="none"
      radius="sm"
      size={size}
      className={classes.badge}
    >
      {inboundMailStatusLabels[status]}
    </Badge>
  );
}

function ListRow({
  item,
  isSelected,
  href,
  keepScroll,
  focusOnMount,
  onOpen,
}: {
  item: InboxListItem;
  isSelected: boolean;
  href: string;
  keepScroll: boolean;
  focusOnMount: boolean;
  onOpen: (id: string) => void;
}) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (focusOnMount) link.current?.focus();
  }, [focusOnMount]);
  const sender = senderOf(item);
  const when = formatCompactDateTime(item.receivedAt);
  const flags = item.flags.flatMap((flag) => {
    const short = listFlagLabels[flag];
    return short === null ? [] : [{ flag, short }];
  });
  return (
    <li>
      <Link
        ref={link}
        to={href}
        preventScrollReset={keepScroll}
        onClick={() => onOpen(item.id)}
        className={classes.item}
        aria-current={isSelected ? 'true' : undefined}
        data-status={item.status}
      >
        <div className={classes.itemTop}>
          <Text component="span" size="sm" fw={item.status === 'new' ? 700 : 600} truncate="end">
            {sender.name}
          </Text>
          <Text
            component="time"
            size="xs"
            c="dimmed"
            dateTime={item.receivedAt}
            title={formatDateTime(item.receivedAt)}
            className={classes.nowrap}
          >
            {when.day}, {when.time}
          </Text>
        </div>
        <Text component="span" size="xs" c="dimmed" truncate="end" display="block">
          {sender.address ?? 'No sender address'}
        </Text>
        <Text
          component="span"
          size="sm"
          fw={item.status === 'new' ? 600 : 500}
          truncate="end"
          display="block"
        >
          {subjectOf(item.subject)}
        </Text>
        {item.preview.length > 0 ? (
          <Text component="span" size="xs" c="dimmed" truncate="end" display="block">
            {item.preview}
          </Text>
        ) : null}
        <Group gap={6} mt={6} wrap="wrap">
          <MailStatusBadge status={item.status} />
          {flags.map(({ flag, short }) => (
            <Badge
              key={flag}
              variant="default"
              tt="none"
              radius="sm"
              size="sm"
              className={classes.badge}
              title={inboundMailFlagLabels[flag]}
              leftSection={<IconAlertTriangle size={12} aria-hidden className={classes.flagIcon} />}
            >
              {short}
            </Badge>
          ))}
          {item.attachmentCount > 0 ? (
            <Group component="span" gap={2} wrap="nowrap" className={classes.meta}>
              <IconPaperclip size={14} aria-hidden />
              <Text component="span" size="xs">
                {plural(item.attachmentCount, 'attachment')}
              </Text>
            </Group>
          ) : null}
          {item.request ? (
            <Text component="span" size="xs" fw={600} className={classes.reference}>
              {item.request.reference}
            </Text>
          ) : null}
        </Group>
      </Link>
    </li>
  );
}

/**
 * The messages, newest first. Each is a link that sets `?mail=`, so it opens with Enter, in a new tab, and
 * from a shared link; the open one is marked `aria-current`.
 */
export function InboxList({
  items,
  selectedId,
  hrefOf,
  keepScroll,
  focusId,
  onOpen,
  label,
}: {
  items: InboxListItem[];
  selectedId: string | undefined;
  hrefOf: (id: string) => string;
  /** Beside the message (desktop) the list keeps its place; on a phone the message replaces it, from the top. */
  keepScroll: boolean;
  /** The message a phone came back from: focus returns to it. */
  focusId: string | undefined;
  onOpen: (id: string) => void;
  label: string;
}) {
  return (
    <ul className={classes.list} aria-label={label}>
      {items.map((item) => (
        <ListRow
          key={item.id}
          item={item}
          isSelected={item.id === selectedId}
          href={hrefOf(item.id)}
          keepScroll={keepScroll}
          focusOnMount={item.id === focusId}
          onOpen={onOpen}
        />
      ))}
    </ul>
  );
}
