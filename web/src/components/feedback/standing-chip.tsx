import { IconAlertTriangle, IconClockExclamation, IconUserQuestion } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import classes from './standing-chip.module.css';

export type StandingTone = 'overdue' | 'soon' | 'neutral';

const icons = { overdue: IconAlertTriangle, soon: IconClockExclamation, neutral: IconUserQuestion };

/**
 * How a deadline stands, as a small chip: red when overdue, amber when due soon, outlined otherwise. The
 * words say it too ("2 days overdue"), so colour is never the only signal.
 */
export function StandingChip({
  tone,
  noWrap = false,
  children,
}: {
  tone: StandingTone;
  noWrap?: boolean;
  children: ReactNode;
}) {
  const Icon = icons[tone];
  return (
    <span className={classes.chip} data-tone={tone} data-nowrap={noWrap || undefined}>
      <Icon size={12} aria-hidden style={{ flex: 'none' }} />
      {children}
    </span>
  );
}
