import { closureBasisLabels, requestReasonCodeLabels, type ClosureBasis } from '@privdesk/shared/constants';
import type { RequestFiltersInput } from '@privdesk/shared';
import { formatCalendarDate } from './format';
import { drillFilterGroups, type DrillFilterKey } from './queue-search';

export interface DrillFilterChip {
  /** The filters one removal clears (a period's start and end go together). */
  keys: readonly DrillFilterKey[];
  label: string;
}

function periodLabel(what: string, from: string | undefined, to: string | undefined): string {
  if (from && to)
    return from === to
      ? `${what} on ${formatCalendarDate(from)}`
      : `${what} ${formatCalendarDate(from)} – ${formatCalendarDate(to)}`;
  if (from) return `${what} on or after ${formatCalendarDate(from)}`;
  return `${what} on or before ${formatCalendarDate(to ?? '')}`;
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

function overdueLabel(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined)
    return min === max ? `Overdue by ${days(min)}` : `Overdue by ${min}–${days(max)}`;
  if (min !== undefined) return `Overdue by ${days(min)} or more`;
  return `Overdue by at most ${days(max ?? 0)}`;
}

/** "(statutory date)": which clock a closure was measured against. */
function basisOf(basis: ClosureBasis): string {
  return `(${closureBasisLabels[basis].toLowerCase()})`;
}

/**
 * The drill-down filters the queue applies, in words, one chip per filter a person would name: "Received
 * 1 Jul 2026 – 30 Sep 2026", "Answered late (statutory date)". Built from the filters as sent to the server,
 * so a filter this reader may not use (and which is not applied) shows no chip.
 */
export function drillFilterChipsOf(
  filters: RequestFiltersInput,
  systemName: (id: string) => string | null,
): DrillFilterChip[] {
  // Late or on time is about answers when the list holds answered requests only; otherwise about closures.
  const closed = filters.responded === true ? 'Answered' : 'Closed';
  const labelOf = (group: (typeof drillFilterGroups)[number]): string | null => {
    switch (group[0]) {
      case 'receivedFrom':
        return filters.receivedFrom || filters.receivedTo
          ? periodLabel('Received', filters.receivedFrom, filters.receivedTo)
          : null;
      case 'closedFrom':
        return filters.closedFrom || filters.closedTo
          ? periodLabel('Closed', filters.closedFrom, filters.closedTo)
          : null;
      case 'responded':
        return filters.responded === undefined ? null : filters.responded ? 'Answered' : 'Not answered';
      case 'late':
        return filters.late ? `${closed} late ${basisOf(filters.late)}` : null;
      case 'onTime':
        return filters.onTime ? `${closed} on time ${basisOf(filters.onTime)}` : null;
      case 'overdueMin':
        return filters.overdueMin !== undefined || filters.overdueMax !== undefined
          ? overdueLabel(filters.overdueMin, filters.overdueMax)
          : null;
      case 'reasonCode': {
        if (!filters.reasonCode) return null;
        const reason = requestReasonCodeLabels[filters.reasonCode];
        const onlyDenied = filters.statuses?.length === 1 && filters.statuses[0] === 'denied';
        return onlyDenied ? `Denied: ${reason}` : `Reason: ${reason}`;
      }
      case 'extended':
        return filters.extended === undefined ? null : filters.extended ? 'Extended' : 'Not extended';
      case 'verification':
        return filters.verification === undefined
          ? null
          : filters.verification === 'passed'
            ? 'Identity check passed'
            : 'Identity check failed';
      case 'erasurePending':
        return filters.erasurePending
          ? `Erasure pending in ${systemName(filters.erasurePending) ?? 'a data system'}`
          : null;
    }
  };
  return drillFilterGroups.flatMap((group) => {
    const label = labelOf(group);
    return label === null ? [] : [{ keys: group, label }];
  });
}
