import { Badge, Button, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import {
  customerFlagLabels,
  isOpenStatus,
  requestChannelLabels,
  type LifecycleMove,
} from '@privdesk/shared/constants';
import { IconAlertTriangle, IconChevronDown, IconMailCheck, IconUserShare } from '@tabler/icons-react';
import { StandingChip } from '../../../components/feedback/standing-chip';
import { regimeLabel, requestTypeLabel } from '../format';
import { closureSentence, type NextStep } from '../next-step';
import type { RequestView } from '../types';
import { ClockStateBadge, EffectiveDue } from './request-clocks';
import { StatusBadge } from '../../../components/feedback/status-badge';

export type HeaderAction =
  | { kind: 'acknowledge' }
  | { kind: 'assign' }
  | { kind: 'verify' }
  | { kind: 'plan' }
  | { kind: 'move'; move: LifecycleMove };

interface RequestHeaderProps {
  request: RequestView;
  nextStep: NextStep | null;
  /** Every other lifecycle move this person may make now. */
  otherMoves: readonly LifecycleMove[];
  canAssign: boolean;
  onAction: (action: HeaderAction) => void;
}

/** Refusals and closing moves read as such in the menu. */
function isRefusal(move: LifecycleMove): boolean {
  return move.action === 'deny' || move.action === 'close_unverified';
}

/** A closed request's one line: when, and whether it was on time against which clock. */
function ClosureLine({ request: r }: { request: RequestView }) {
  if (r.closure === null) return null;
  const line = closureSentence(r.status, r.closure, r.clocks.statutory.rule, r.clocks.company.superseded);
  return (
    <Stack gap={2} data-testid="closure">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {line.head}
          {line.verdict === null ? '' : ' —'}
        </Text>
        {line.verdict === null ? null : line.late ? (
          <StandingChip tone="overdue">{line.verdict}</StandingChip>
        ) : (
          <Text size="sm" fw={600}>
            {line.verdict}
          </Text>
        )}
      </Group>
      {line.detail ? <Text size="xs">{line.detail}</Text> : null}
    </Stack>
  );
}

/**
 * What the request is and what to do now, at a glance: reference, status, type, regime, channel, assignee,
 * the date to meet with the days left (or how it closed), and the one next step as the primary button;
 * every other action is in "More actions".
 */
export function RequestHeader({ request: r, nextStep, otherMoves, canAssign, onAction }: RequestHeaderProps) {
  const open = isOpenStatus(r.status);
  const showAssignInMenu = canAssign && nextStep?.kind !== 'assign';
  const hasMenu = otherMoves.length > 0 || showAssignInMenu;
  return (
    <Paper withBorder p="md" radius="md" component="header" data-testid="request-header">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="sm" align="center" wrap="wrap">
            {/* A reference is one word: smaller on a phone rather than broken at its hyphens. */}
            <Title order={1} fz={{ base: 24, xs: 30 }} style={{ whiteSpace: 'nowrap' }}>
              {r.reference}
            </Title>
            <StatusBadge status={r.status} size="lg" />
            {r.minor ? (
              <Badge color="pink" variant="light" size="lg" radius="sm" tt="none">
                Minor
              </Badge>
            ) : null}
            {r.customerFlags.map((flag) => (
              <Badge
                key={flag.id}
                color="orange"
                variant="light"
                size="lg"
                radius="sm"
                tt="none"
                // The text colour, not the tint's: orange text on its light tint is under 4.5:1.
                c="var(--mantine-color-text)"
              >
                {customerFlagLabels[flag.kind]}
              </Badge>
            ))}
            {r.customerLinkCheck !== null && r.customerLinkCheck !== 'match' ? (
              <Badge
                variant="default"
                size="lg"
                radius="sm"
                tt="none"
                leftSection={
                  <IconAlertTriangle size={14} color="var(--mantine-color-yellow-filled)" aria-hidden />
                }
              >
                Account mismatch
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">
            {requestTypeLabel(r.type)} · {regimeLabel(r.regime)} · {requestChannelLabels[r.channel]} ·{' '}
            {r.assignee ? (
              <>Assigned to {r.assignee.name}</>
            ) : (
              <Text span fs="italic" size="sm">
                Unassigned
              </Text>
            )}
          </Text>
          {open ? (
            <Group gap="xs" wrap="wrap" align="center">
              <Text size="sm" fw={600}>
                Due
              </Text>
              <EffectiveDue request={r} />
              <ClockStateBadge clocks={r.clocks} />
            </Group>
          ) : (
            <ClosureLine request={r} />
          )}
        </Stack>
        {nextStep || hasMenu ? (
          <Group gap="xs" wrap="wrap" role="group" aria-label="Actions">
            {nextStep ? (
              <Button
                leftSection={
                  nextStep.kind === 'acknowledge' ? (
                    <IconMailCheck size={16} aria-hidden />
                  ) : nextStep.kind === 'assign' ? (
                    <IconUserShare size={16} aria-hidden />
                  ) : null
                }
                onClick={() => onAction(nextStep.kind === 'move' ? nextStep : { kind: nextStep.kind })}
              >
                {nextStep.label}
              </Button>
            ) : null}
            {hasMenu ? (
              <Menu position="bottom-end" withinPortal shadow="md" width={260}>
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
                    More actions
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {showAssignInMenu ? (
                    <Menu.Item
                      leftSection={<IconUserShare size={16} aria-hidden />}
                      onClick={() => onAction({ kind: 'assign' })}
                    >
                      {r.assignee ? 'Re-assign' : 'Assign'}
                    </Menu.Item>
                  ) : null}
                  {otherMoves.map((move) => (
                    <Menu.Item
                      key={move.to}
                      color={isRefusal(move) ? 'red' : undefined}
                      onClick={() => onAction({ kind: 'move', move })}
                    >
                      {move.label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        ) : null}
      </Group>
    </Paper>
  );
}
