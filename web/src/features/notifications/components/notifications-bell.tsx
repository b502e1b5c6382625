import { ActionIcon, Indicator, Popover } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useId } from 'react';
import { badgeTextOf, bellLabelOf } from '../format';
import { useUnreadCount } from '../hooks/use-notifications';
import classes from './notifications.module.css';
import { NotificationsPanel } from './notifications-panel';

/**
 * The header's bell: the unread count in its badge and its name, and a panel of recent notifications.
 * The panel is a dialog; Escape or a click outside closes it and focus goes back to the bell.
 */
export function NotificationsBell() {
  const [isOpen, panel] = useDisclosure(false);
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  const titleId = useId();

  return (
    <Popover
      opened={isOpen}
      onChange={(opened) => (opened ? panel.open() : panel.close())}
      onDismiss={panel.close}
      position="bottom-end"
      // Fits a phone (never off a 360 px screen) and keeps a readable line length on a desk.
      width="calc(min(26rem, 100vw - 1rem))"
      shadow="md"
      trapFocus
      returnFocus
      withinPortal
      zIndex={200}
      middlewares={{ flip: false, shift: { padding: 8 } }}
    >
      <Indicator
        label={badgeTextOf(unread)}
        disabled={unread === 0}
        size={18}
        offset={4}
        color="red.8"
        withBorder
        attributes={{ indicator: { 'aria-hidden': true } }}
        styles={{ indicator: { fontSize: 11, fontWeight: 700, paddingInline: 4 } }}
      >
        <Popover.Target>
          <ActionIcon variant="default" size="lg" aria-label={bellLabelOf(unread)} onClick={panel.toggle}>
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown className={classes.dropdown} aria-labelledby={titleId}>
        <NotificationsPanel titleId={titleId} unread={unread} onClose={panel.close} />
      </Popover.Dropdown>
    </Popover>
  );
}
