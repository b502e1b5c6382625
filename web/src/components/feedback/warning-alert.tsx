import { Alert, type AlertProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import classes from './warning-alert.module.css';

/**
 * A warning that does not block: a possible duplicate, a regime that differs from the suggestion, a
 * conflict. Amber stays in the edge and the icon; the words keep colours that read at WCAG AA.
 */
export function WarningAlert({ icon, ...props }: AlertProps) {
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={icon ?? <IconAlertTriangle size={18} aria-hidden />}
      classNames={{ root: classes.root, title: classes.title, icon: classes.icon }}
      {...props}
    />
  );
}
