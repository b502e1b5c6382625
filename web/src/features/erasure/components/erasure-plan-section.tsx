import { Alert, Anchor, Button, Group, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { isOpenStatus, type RequestStatus } from '@privdesk/shared/constants';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { paths } from '../../../config/paths';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { useActiveStaff } from '../../../lib/session';
import { errorMessageOf, trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { useFocusReturn } from '../../../lib/use-focus-return';
import { useErasureMutations } from '../hooks/use-erasure-mutations';
import type { PlanLine, PlanOutput, PlanView } from '../types';
import { CloseTaskModal } from './close-task-modal';
import { PlanProgress } from './line-progress';
import { LineChangeModal } from './line-change-modal';
import { PlanDecisionModal, type PlanDecision } from './plan-decision-modal';
import { lineName, PlanLines } from './plan-lines';
import { PlanStatus } from './plan-status';

interface ErasurePlanSectionProps {
  /** The section's element id, so the request page's next step can scroll to it. */
  id: string;
  request: { id: string; version: number; status: RequestStatus };
}

/** A dialog of the section, with the plan version the person saw when they opened it. */
type Dialog =
  | { kind: 'line'; line: PlanLine; plan: PlanView }
  | { kind: 'decision'; decision: PlanDecision; plan: PlanView }
  | { kind: 'task'; line: PlanLine; plan: PlanView };

/** How often a running erasure is read again: each line's progress shows without a reload. */
const livePollMs = 5_000;

/** While approved (the grace period may end any minute) or running, the plan moves without anyone's click. */
function isLive(status: RequestStatus): boolean {
  return status === 'approved' || status === 'fulfilling';
}

/** A running manual line: a task for its system's owner (not a webhook waiting for its receiver). */
function isOpenTask(line: PlanLine): boolean {
  if (line.status !== 'running') return false;
  // A recipient's notification may be recorded by hand however it was made (a call, a letter).
  if (line.action === 'notify') return true;
  return line.system.connectorKind === 'manual' && line.waitingFor !== 'receiver';
}

/** What changes when the erasure moves: the plan's stage and each line's status. */
function progressKey(data: PlanOutput | undefined): string | null {
  const plan = data?.plan;
  if (!plan) return null;
  return [plan.status, plan.version, ...plan.lines.map((l) => l.status)].join(' ');
}

/**
 * Reads the plan again every few seconds while it is live (not while the tab is hidden: TanStack's default),
 * and the request only when the plan moved: its status, version and timeline entries move with the plan's
 * lines, and polling all three would triple the calls for nothing.
 */
function useLivePlan(request: ErasurePlanSectionProps['request']) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const planQuery = useQuery({
    ...trpc.erasure.plan.queryOptions({ requestId: request.id }),
    refetchInterval: (query) =>
      isLive(query.state.data?.plan?.status ?? request.status) ? livePollMs : false,
  });
  const key = progressKey(planQuery.data);
  const seenKey = useRef(key);
  useEffect(() => {
    const before = seenKey.current;
    seenKey.current = key;
    // The first answer is what the page loaded with; only a later move says the request moved too.
    if (before === null || key === null || before === key) return;
    const input = { id: request.id };
    void Promise.all([
      queryClient.invalidateQueries(trpc.requests.get.queryFilter(input)),
      queryClient.invalidateQueries(trpc.requests.timeline.queryFilter(input)),
      // Completing the erasure queues the completion message to the requester.
      queryClient.invalidateQueries(trpc.messages.forRequest.queryFilter(input)),
    ]);
  }, [key, request.id, queryClient, trpc]);
  return planQuery;
}

function PlanSection({ id, children }: { id: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={titleId}
      id={id}
      tabIndex={-1}
      // Scrolled to from the header's next step: its title stays clear of the sticky app header.
      style={{ scrollMarginTop: 'calc(var(--app-shell-header-height, 60px) + var(--mantine-spacing-md))' }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          Erasure plan
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** A refusal of a step taken from the section itself (prepare, submit): a stale version, or the reason. */
function Refusal({ error }: { error: unknown }) {
  const message = errorMessageOf(error);
  return trpcCodeOf(error) === 'CONFLICT' ? (
    <ConflictAlert title="Changed since you loaded it" message={message} />
  ) : (
    <Alert color="red" variant="light" title="Not done" role="alert">
      {message}
    </Alert>
  );
}

/**
 * The erasure plan on an erasure request's page (issue 15, items 3–4): prepare it from the data inventory,
 * change its lines within what the law allows, submit it, and — a second privacy officer — approve or reject
 * it; while approved, when it runs and the way to cancel. What the reader may do comes from the server
 * (`can`), with the reasons it gives where the next step is not theirs (`blockers`).
 */
export function ErasurePlanSection({ id, request }: ErasurePlanSectionProps) {
  const planQuery = useLivePlan(request);
  const mutations = useErasureMutations(request.id);
  const me = useActiveStaff();
  const canWork = me.permissions.includes('requests:work');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const focusReturn = useFocusReturn();
  const { restore: restoreFocus } = focusReturn;
  useEffect(() => {
    if (dialog === null) restoreFocus();
  }, [dialog, restoreFocus]);
  const open = (next: Dialog) => {
    focusReturn.capture();
    setDialog(next);
  };

  if (planQuery.isPending) {
    return (
      <PlanSection id={id}>
        <Stack gap="xs" aria-busy role="status" aria-label="Loading the erasure plan">
          <Skeleton height={20} width="40%" />
          <Skeleton height={44} />
          <Skeleton height={44} />
          <Skeleton height={44} />
        </Stack>
      </PlanSection>
    );
  }
  if (planQuery.isError) {
    return (
      <PlanSection id={id}>
        <QueryErrorAlert
          title="Could not load the erasure plan"
          error={planQuery.error}
          onRetry={() => void planQuery.refetch()}
        />
      </PlanSection>
    );
  }

  const { plan, canPrepare, prepareBlocker } = planQuery.data;
  if (plan === null) {
    // A closed request that never had a plan has nothing to show here.
    if (!isOpenStatus(request.status)) return null;
    const { prepare } = mutations;
    return (
      <PlanSection id={id}>
        {canPrepare ? (
          <Stack gap="sm" align="flex-start">
            <Text size="sm">
              Proposes one line per system in the data inventory; retention rules and legal holds keep what
              the law requires.
            </Text>
            <Button
              loading={prepare.isPending}
              onClick={() =>
                prepare.mutate(
                  { requestId: request.id, requestVersion: request.version },
                  {
                    onSuccess: (out) =>
                      notifications.show({
                        color: 'teal',
                        title: 'Erasure plan prepared',
                        message: `${out.plan.lines.length} ${out.plan.lines.length === 1 ? 'line' : 'lines'}: review them, then submit the plan for approval.`,
                      }),
                  },
                )
              }
            >
              Prepare erasure plan
            </Button>
            {prepare.isError ? <Refusal error={prepare.error} /> : null}
          </Stack>
        ) : (
          <Text size="sm">{prepareBlocker ?? 'No plan has been prepared.'}</Text>
        )}
      </PlanSection>
    );
  }

  const { can, blockers } = plan;
  const { submit } = mutations;
  const showStatus = plan.status === 'fulfilling' || plan.lines.some((l) => l.status !== 'pending');
  const { lines } = plan;
  // The server decides (its owner, or an officer working the request); the button follows the same rule.
  const canCloseTask = (line: PlanLine) =>
    plan.status === 'fulfilling' && isOpenTask(line) && (canWork || line.owner?.id === me.id);
  const hasActions = can.submit || can.decide || can.cancel;
  const actionError = submit.isError ? submit.error : null;

  return (
    <PlanSection id={id}>
      <PlanStatus plan={plan} />
      {showStatus && lines.length > 0 ? <PlanProgress lines={lines} /> : null}
      {lines.length === 0 ? (
        <Text size="sm">This plan has no lines.</Text>
      ) : (
        <PlanLines
          lines={lines}
          canChange={can.change}
          showStatus={showStatus}
          onChange={(line) => open({ kind: 'line', line, plan })}
          canCloseTask={canCloseTask}
          onCloseTask={(line) => open({ kind: 'task', line, plan })}
        />
      )}
      {blockers.length > 0 ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
          {blockers.length === 1 ? (
            <Text size="sm">{blockers[0]}</Text>
          ) : (
            <List size="sm" spacing={2}>
              {blockers.map((b) => (
                <List.Item key={b}>{b}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      ) : null}
      {hasActions ? (
        <Group gap="xs" wrap="wrap" role="group" aria-label="Plan actions">
          {can.submit ? (
            <Button
              loading={submit.isPending}
              onClick={() =>
                submit.mutate(
                  { requestId: plan.requestId, planVersion: plan.version },
                  {
                    onSuccess: () =>
                      notifications.show({
                        color: 'teal',
                        title: 'Submitted for approval',
                        message: 'Another privacy officer reviews it and approves or rejects it.',
                      }),
                  },
                )
              }
            >
              Submit for approval
            </Button>
          ) : null}
          {can.decide ? (
            <>
              <Button onClick={() => open({ kind: 'decision', decision: 'approve', plan })}>Approve…</Button>
              <Button variant="default" onClick={() => open({ kind: 'decision', decision: 'reject', plan })}>
                Reject…
              </Button>
            </>
          ) : null}
          {can.cancel ? (
            <Button
              variant="light"
              color="red"
              onClick={() => open({ kind: 'decision', decision: 'cancel', plan })}
            >
              Cancel erasure…
            </Button>
          ) : null}
        </Group>
      ) : null}
      {plan.executionStartedAt !== null ? (
        <Anchor component={Link} to={paths.erasureCertificate.build(plan.requestId)} size="sm" fw={600}>
          {plan.status === 'completed'
            ? 'Certificate of erasure'
            : 'Certificate so far (the erasure is running)'}
        </Anchor>
      ) : null}
      {actionError ? <Refusal error={actionError} /> : null}
      {dialog?.kind === 'line' ? (
        <LineChangeModal line={dialog.line} plan={dialog.plan} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'decision' ? (
        <PlanDecisionModal decision={dialog.decision} plan={dialog.plan} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'task' ? (
        <CloseTaskModal
          task={{ requestId: dialog.plan.requestId, lineId: dialog.line.id, name: lineName(dialog.line) }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </PlanSection>
  );
}
