import { Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import {
  clockEventKindLabels,
  clockStateLabels,
  isOpenStatus,
  type RequestStatus,
} from '@privdesk/shared/constants';
import {
  IconCalendarPlus,
  IconCalendarX,
  IconCircleCheck,
  IconClockPause,
  IconClockPlay,
  IconEdit,
  IconMailCheck,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatCalendarDate, formatDateTime } from '../format';
import { clockSummarySentence } from '../next-step';
import classes from './request-clocks.module.css';
import type { RequestView } from '../types';
import { DueDate } from './due-date';
import { WarningAlert } from '../../../components/feedback/warning-alert';

export type RequestClocksView = RequestView['clocks'];
export type LedgerEntryView = RequestClocksView['ledger'][number];

/** The hand-made clock changes a privacy officer may record from the request page. */
export type ClockAction = 'acknowledge' | 'extend' | 'removeExtension' | 'pause' | 'resume' | 'receivedAt';

const stateColours = { initial: 'gray', extended: 'blue', paused: 'orange' } as const;

/** Whether a pause recorded by hand (not an "ask the requester" wait) is still open: only that one resumes here. */
export function hasOpenManualPause(ledger: readonly LedgerEntryView[]): boolean {
  let open = false;
  for (const entry of ledger) {
    if (entry.removedAt !== null) continue;
    if (entry.kind === 'paused') open = true;
    if (entry.kind === 'resumed') open = false;
  }
  return open;
}

/** Which hand-made changes make sense now; the server checks each again (and the engine names the rule). */
export function clockActionsFor(clocks: RequestClocksView, status: RequestStatus): ClockAction[] {
  if (!isOpenStatus(status)) return [];
  const actions: ClockAction[] = [];
  if (clocks.acknowledgedOn === null) actions.push('acknowledge');
  if (clocks.extensionEntryId !== null) actions.push('removeExtension');
  else if (clocks.canExtendUntil !== null) actions.push('extend');
  if (hasOpenManualPause(clocks.ledger)) actions.push('resume');
  else if (clocks.canPause && !clocks.paused) actions.push('pause');
  actions.push('receivedAt');
  return actions;
}

export const clockActionLabels: Record<ClockAction, string> = {
  acknowledge: 'Record acknowledgement',
  extend: 'Extend the deadline',
  removeExtension: 'Remove the extension',
  pause: 'Pause the clock',
  resume: 'Resume the clock',
  receivedAt: 'Correct the receipt time',
};

const actionIcons: Record<ClockAction, ReactNode> = {
  acknowledge: <IconMailCheck size={16} aria-hidden />,
  extend: <IconCalendarPlus size={16} aria-hidden />,
  removeExtension: <IconCalendarX size={16} aria-hidden />,
  pause: <IconClockPause size={16} aria-hidden />,
  resume: <IconClockPlay size={16} aria-hidden />,
  receivedAt: <IconEdit size={16} aria-hidden />,
};

/** Whether an extension is in force: its ledger entry, not the state (a paused clock may be extended too). */
function isExtended(clocks: RequestClocksView): boolean {
  return clocks.extensionEntryId !== null;
}

function StateBadge({ state }: { state: 'initial' | 'extended' | 'paused' }) {
  return (
    <Badge
      variant="default"
      radius="sm"
      tt="none"
      leftSection={
        <span
          aria-hidden
          style={{
            display: 'inline-block',
            width: 8,
            height: 8,
            borderRadius: '50%',
            background: `var(--mantine-color-${stateColours[state]}-filled)`,
          }}
        />
      }
    >
      {clockStateLabels[state]}
    </Badge>
  );
}

/**
 * How the statutory clock stands: initial, extended, paused — or extended and paused at once. The words keep
 * the page's colour (tinted text falls below WCAG AA); the dot helps the eye.
 */
export function ClockStateBadge({ clocks }: { clocks: RequestClocksView }) {
  if (clocks.paused && isExtended(clocks)) {
    return (
      <Group gap={4} wrap="nowrap" component="span">
        <StateBadge state="extended" />
        <StateBadge state="paused" />
      </Group>
    );
  }
  return <StateBadge state={clocks.statutory.state} />;
}

/**
 * The dates as they stand today. While the clock is paused, the stored dates count the days waited so far
 * (the server moves them on each night; the queue sorts by them), where the ledger as recorded stops at the
 * pause: the page shows the stored ones, so it and the queue agree.
 */
export function standingDates(r: RequestView): {
  statutoryDueOn: string;
  effectiveDueOn: string;
  source: RequestView['clocks']['effective']['source'];
} {
  const { clocks } = r;
  if (!clocks.paused) {
    return {
      statutoryDueOn: clocks.statutory.dueOn,
      effectiveDueOn: clocks.effective.dueOn,
      source: clocks.effective.source,
    };
  }
  return {
    statutoryDueOn: r.due.statutoryDueOn,
    effectiveDueOn: r.due.effectiveDueOn,
    source:
      clocks.minorTarget !== undefined && r.due.effectiveDueOn === clocks.minorTarget.dueOn
        ? 'minor_target'
        : !clocks.company.superseded && r.due.effectiveDueOn === r.due.companyDueOn
          ? 'company'
          : 'statutory',
  };
}

/**
 * The effective due date with how it stands today where the request is handled. While the statutory clock is
 * the effective one and stands paused, its date is not a countdown: it moves on by each day of the pause.
 */
export function EffectiveDue({ request: r }: { request: RequestView }) {
  const { clocks } = r;
  const standing = standingDates(r);
  if (clocks.paused && standing.source === 'statutory' && isOpenStatus(r.status)) {
    return (
      <Group gap="xs" wrap="nowrap" component="span">
        <Text size="sm" component="time" dateTime={standing.effectiveDueOn} style={{ whiteSpace: 'nowrap' }}>
          {formatCalendarDate(standing.effectiveDueOn)}
        </Text>
        <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
          clock paused: moves on by each day paused
        </Text>
      </Group>
    );
  }
  return <DueDate dueOn={standing.effectiveDueOn} status={r.status} today={clocks.today} inline />;
}

/** The notice window has passed (a pause still open may stretch it, so then the engine decides). */
export function extensionWindowClosed(clocks: RequestClocksView): boolean {
  return clocks.canExtendUntil !== null && clocks.canExtendUntil < clocks.today && !clocks.paused;
}

interface ClockRow {
  key: string;
  clock: ReactNode;
  due: string;
  standing: ReactNode;
  effective: boolean;
}

function DateText({ date }: { date: string }) {
  return <time dateTime={date}>{formatCalendarDate(date)}</time>;
}

function clockRows(r: RequestView): ClockRow[] {
  const { clocks } = r;
  const standing = standingDates(r);
  const statutoryIsEffective = standing.source === 'statutory';
  const rows: ClockRow[] = [
    {
      key: 'statutory',
      clock: `Statutory (${clocks.statutory.rule})`,
      due: standing.statutoryDueOn,
      standing: <ClockStateBadge clocks={clocks} />,
      effective: statutoryIsEffective,
    },
  ];
  // What an extension would give, while one may still be recorded (none in force, the request open).
  if (clocks.statutory.extendedDueOn !== undefined && !isExtended(clocks) && clocks.canExtendUntil !== null) {
    rows.push({
      key: 'extension',
      clock: 'With the extension',
      due: clocks.statutory.extendedDueOn,
      standing: extensionWindowClosed(clocks) ? (
        <Text size="xs">
          Notice window closed <DateText date={clocks.canExtendUntil} />
        </Text>
      ) : (
        <Text size="xs">
          If noticed by <DateText date={clocks.canExtendUntil} />
        </Text>
      ),
      effective: false,
    });
  }
  if (clocks.acknowledgeBy !== undefined) {
    rows.push({
      key: 'acknowledge',
      clock: 'Acknowledgement',
      due: clocks.acknowledgeBy,
      standing:
        clocks.acknowledgedOn !== null ? (
          <Text size="xs">
            Sent <DateText date={clocks.acknowledgedOn} />
          </Text>
        ) : (
          <Text size="xs">{isOpenStatus(r.status) ? 'Not recorded yet' : 'Not recorded'}</Text>
        ),
      effective: false,
    });
  }
  rows.push({
    key: 'company',
    clock: 'Company SLA',
    due: clocks.company.dueOn,
    standing: clocks.company.superseded ? (
      <Text size="xs">Missed: superseded by the extension</Text>
    ) : (
      <Text size="xs">Never extends or pauses</Text>
    ),
    effective: standing.source === 'company',
  });
  if (clocks.minorTarget !== undefined) {
    rows.push({
      key: 'minor',
      clock: `Minor’s erasure target (${clocks.minorTarget.hours} h)`,
      due: clocks.minorTarget.dueOn,
      standing: <Text size="xs">From receipt; never extends or pauses</Text>,
      effective: standing.source === 'minor_target',
    });
  }
  return rows;
}

function LedgerList({ ledger }: { ledger: readonly LedgerEntryView[] }) {
  if (ledger.length === 0) {
    return <Text size="sm">Nothing recorded: the clocks run from the receipt alone.</Text>;
  }
  return (
    <List spacing={6} size="sm" listStyleType="none" aria-label="Clock ledger">
      {ledger.map((entry) => {
        const removed = entry.removedAt !== null;
        return (
          <List.Item key={entry.id}>
            <Text size="sm" td={removed ? 'line-through' : undefined} span>
              <Text span fw={600} size="sm">
                {clockEventKindLabels[entry.kind]}
              </Text>{' '}
              on <DateText date={entry.on} />
            </Text>
            {removed ? (
              <Badge ml="xs" variant="default" radius="sm" tt="none" size="sm">
                Removed
              </Badge>
            ) : null}
            {entry.reason ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {entry.reason}
              </Text>
            ) : null}
            <Text size="xs">
              Recorded by {entry.recordedBy?.name ?? 'the system'} ·{' '}
              <time dateTime={entry.recordedAt}>{formatDateTime(entry.recordedAt)}</time>
            </Text>
            {removed && entry.removedAt ? (
              <Text size="xs">
                Removed by {entry.removedBy?.name ?? 'the system'} ·{' '}
                <time dateTime={entry.removedAt}>{formatDateTime(entry.removedAt)}</time>
                {entry.removalReason ? ` — ${entry.removalReason}` : ''}
              </Text>
            ) : null}
          </List.Item>
        );
      })}
    </List>
  );
}

interface RequestClocksProps {
  request: RequestView;
  /** Whether this person may record clock changes (`requests:work`). */
  canWork: boolean;
  onAction: (action: ClockAction) => void;
}

/**
 * Every clock of the request as the engine derives it (the law's, the acknowledgement, the company's), which
 * one is effective and why, how it stands (initial, extended, paused), the ledger it was derived from, and
 * the changes an officer may record. Dates are calendar dates where the request is handled.
 */
export function RequestClocks({ request: r, canWork, onAction }: RequestClocksProps) {
  const { clocks } = r;
  const actions = canWork ? clockActionsFor(clocks, r.status) : [];
  const rows = clockRows(r);
  const windowClosed = extensionWindowClosed(clocks);

  const open = isOpenStatus(r.status);
  const standing = standingDates(r);

  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap" align="center">
          <Text size="sm" fw={600}>
            {open ? 'Meet by' : 'Was due'}
          </Text>
          {open ? (
            <EffectiveDue request={r} />
          ) : (
            <Text size="sm">
              <DateText date={standing.effectiveDueOn} />
            </Text>
          )}
        </Group>
        <Text size="sm" data-testid="clock-summary">
          {clockSummarySentence(r)}
        </Text>
      </Stack>
      {clocks.warnings.length > 0 ? (
        <WarningAlert title="Check the clocks">
          <List size="sm" spacing={4}>
            {clocks.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
        </WarningAlert>
      ) : null}
      {clocks.canExtendUntil !== null && actions.includes('extend') ? (
        <Text size="sm">
          {windowClosed ? (
            <>
              The extension window closed on <DateText date={clocks.canExtendUntil} />: an extension is
              refused unless its notice went out by then.
            </>
          ) : (
            <>
              An extension may be noticed to the requester until <DateText date={clocks.canExtendUntil} />.
            </>
          )}
        </Text>
      ) : null}
      {actions.length > 0 ? (
        <Group gap="xs" wrap="wrap" role="group" aria-label="Clock actions">
          {actions.map((action) => (
            <Button
              key={action}
              size="xs"
              variant={action === 'extend' ? 'light' : 'default'}
              leftSection={actionIcons[action]}
              onClick={() => onAction(action)}
            >
              {clockActionLabels[action]}
            </Button>
          ))}
        </Group>
      ) : null}
      <details className={classes.why} data-testid="clock-derivation">
        <summary>Why this date?</summary>
        <Stack gap="sm" mt="xs">
          {open ? (
            <Text size="sm" data-testid="clock-explanation">
              {clocks.explanation}
            </Text>
          ) : (
            <Text size="sm">
              The request is closed: its clocks stopped when it closed, on the dates below.
            </Text>
          )}
          {open && clocks.paused ? (
            <Text size="sm">
              The statutory clock is paused while the request waits. Counting the days waited so far it is due{' '}
              <DateText date={standing.statutoryDueOn} />, and the date moves on by a day for each day it
              waits
              {standing.statutoryDueOn === clocks.statutory.dueOn ? (
                '.'
              ) : (
                <>
                  {' '}
                  (the recorded ledger alone gives <DateText date={clocks.statutory.dueOn} />
                  ).
                </>
              )}
            </Text>
          ) : clocks.pausedDays > 0 ? (
            <Text size="sm">
              Paused for {clocks.pausedDays} {clocks.pausedDays === 1 ? 'day' : 'days'} in all; the statutory
              date includes them.
            </Text>
          ) : null}
          <Table.ScrollContainer minWidth={300}>
            <Table verticalSpacing={6} aria-label="Clocks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Clock</Table.Th>
                  <Table.Th scope="col">Due</Table.Th>
                  <Table.Th scope="col">Standing</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.key} data-effective={row.effective || undefined}>
                    <Table.Th scope="row" fz="sm" fw={row.effective ? 700 : 500}>
                      {row.clock}
                    </Table.Th>
                    <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                      <DateText date={row.due} />
                    </Table.Td>
                    <Table.Td fz="sm">
                      <Group gap={6} wrap="wrap">
                        {row.standing}
                        {row.effective ? (
                          <Badge
                            variant="default"
                            radius="sm"
                            tt="none"
                            size="sm"
                            leftSection={<IconCircleCheck size={12} aria-hidden />}
                          >
                            Effective
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={6}>
            <Title order={3} size="h5">
              Clock ledger
            </Title>
            <LedgerList ledger={clocks.ledger} />
          </Stack>
          <Text size="xs">
            Calendar dates in {clocks.handling.timeZone} (holiday calendar {clocks.handling.calendar}), where
            today is {formatCalendarDate(clocks.today)}.
          </Text>
        </Stack>
      </details>
    </Stack>
  );
}
