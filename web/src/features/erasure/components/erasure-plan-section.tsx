import { Alert, Button, Group, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { isOpenStatus, type RequestStatus } from '@privdesk/shared/constants';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { errorMessageOf, trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { useFocusReturn } from '../../../lib/use-focus-return';
import { useErasureMutations } from '../hooks/use-erasure-mutations';
import type { PlanLine, PlanView } from '../types';
import { LineChangeModal } from './line-change-modal';
import { PlanDecisionModal, type PlanDecision } from './plan-decision-modal';
import { PlanLines } from './plan-lines';
import { PlanStatus } from './plan-status';

interface ErasurePlanSectionProps {
  /** The section's element id, so the request page's next step can scroll to it. */
  id: string;
  request: { id: string; version: number; status: RequestStatus };
}

/** A dialog of the section, with the plan version the person saw when they opened it. */
type Dialog =
  | { kind: 'line'; line: PlanLine; plan: PlanView }
  | { kind: 'decision'; decision: PlanDecision; plan: PlanView };

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
  const trpc = useTRPC();
  const planQuery = useQuery(trpc.erasure.plan.queryOptions({ requestId: request.id }));
  const mutations = useErasureMutations(request.id);
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
  const hasActions = can.submit || can.decide || can.cancel;
  const actionError = submit.isError ? submit.error : null;

  return (
    <PlanSection id={id}>
      <PlanStatus plan={plan} />
      {plan.lines.length === 0 ? (
        <Text size="sm">This plan has no lines.</Text>
      ) : (
        <PlanLines
          lines={plan.lines}
          canChange={can.change}
          showStatus={showStatus}
          onChange={(line) => open({ kind: 'line', line, plan })}
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
      {actionError ? <Refusal error={actionError} /> : null}
      {dialog?.kind === 'line' ? (
        <LineChangeModal line={dialog.line} plan={dialog.plan} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'decision' ? (
        <PlanDecisionModal decision={dialog.decision} plan={dialog.plan} onClose={() => setDialog(null)} />
      ) : null}
    </PlanSection>
  );
}
