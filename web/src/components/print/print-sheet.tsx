import type { ReactNode } from 'react';
import { Button, Group, Paper, type GroupProps } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import classes from './print-sheet.module.css';

/**
 * A page made for paper (the erasure certificate, the §7102 report): its toolbar shows on screen only, and
 * the sheet prints alone, without the app's header and navigation.
 */
export function PrintToolbar({ children, ...props }: GroupProps & { children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="wrap" {...props} className={classes.noPrint}>
      {children}
    </Group>
  );
}

export function PrintSheet({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" className={classes.sheet}>
      {children}
    </Paper>
  );
}

export function PrintButton() {
  return (
    <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
      Print
    </Button>
  );
}
