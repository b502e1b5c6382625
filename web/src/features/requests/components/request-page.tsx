import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  allowedMoves,
  customerLinkCheckLabels,
  isErasureType,
  isOpenStatus,
  isPastVerification,
  requestOutcomeLabels,
  requestReasonCodeLabels,
  type LifecycleMove,
} from '@privdesk/shared/constants';
import { IconArrowLeft, IconEye, IconFileSearch } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { MessagePage } from '../../../components/pages/message-page';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useFocusReturn } from '../../../lib/use-focus-return';
import { useActiveStaff } from '../../../lib/session';
import { trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { formatDateTime } from '../format';
import { acknowledgementOwed, nextStepFor } from '../next-step';
import { useRequestMutations } from '../hooks/use-request-mutations';
import { AssignModal } from './assign-modal';
import { ClockChangeModal } from './clock-change-modal';
import { MergeModal } from './merge-modal';
import { MoveForm } from './move-form';
import { PriorityLabel } from './priority-label';
import { RequestClocks, type ClockAction } from './request-clocks';
import { RequestHeader, type HeaderAction } from './request-header';
import { CustomerFlagsNotice } from './customer-flags-notice';
import { RequestNotes } from './request-notes';
import { LinkedCustomerCard, RelatedRequests } from './request-side-cards';
import { RequestTimeline } from './request-timeline';
import { RequestMessages } from './request-messages';
import { RequestReplies } from './request-replies';
import { DrpDeliveries, drpAgentRows } from './request-drp-agent';
import { RequestVerification } from './request-verification';
import { RevealRequesterModal, type RevealedRequester } from './reveal-requester-modal';
import type { RequestView } from '../types';

const verificationSectionId = 'identity-verification';
const erasurePlanSectionId = 'erasure-plan';

function Section({
  title,
  children,
  actions,
  id: sectionId,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  id?: string;
}) {
  const id = useId();
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={id}
      id={sectionId}
      tabIndex={sectionId ? -1 : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Table variant="vertical" layout="fixed" verticalSpacing={6}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={{ base: 120, sm: 190 }} fz="sm">
              {label}
            </Table.Th>
            <Table.Td fz="sm" style={{ wordBreak: 'break-word' }}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface OpenMove {
  move: LifecycleMove;
  /** The version the person saw when they chose the move: the change is based on it. */
  version: number;
}

interface RequestPageProps {
  id: string;
  /**
   * An erasure's plan section (another feature's, composed by the route): given the request and the element
   * id the header's next step scrolls to. Rendered for erasure requests only.
   */
  erasurePlan?: (request: RequestView, sectionId: string) => ReactNode;
}

export function RequestPage({ id, erasurePlan }: RequestPageProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useActiveStaff();
  const held = me.permissions;
  const { transition } = useRequestMutations();
  const request = useQuery(trpc.requests.get.queryOptions({ id }));
  const timeline = useQuery(trpc.requests.timeline.queryOptions({ id }));
  // Filed by an authorised agent over the Data Rights Protocol? Null for every other request.
  const drp = useQuery(trpc.drp.forRequest.queryOptions({ requestId: id }));
  const canAssignRole = held.includes('requests:assign');
  const canReadCustomers = held.includes('customers:read');
  const assignable = useQuery({
    ...trpc.staff.assignable.queryOptions(),
    enabled: canAssignRole,
    staleTime: 5 * 60_000,
  });
  const [openMove, setOpenMove] = useState<OpenMove | null>(null);
  const [assigningVersion, setAssigningVersion] = useState<number | null>(null);
  const [isRevealing, setIsRevealing] = useState(false);
  const [merging, setMerging] = useState<{ id: string; reference: string; version: number } | null>(null);
  const [clockChange, setClockChange] = useState<{ action: ClockAction; version: number } | null>(null);
  // Clear values after a reveal: page state only, gone when the person leaves (never in the query cache).
  const [revealed, setRevealed] = useState<{ id: string; values: RevealedRequester } | null>(null);
  usePageTitle(request.data?.reference ?? 'Request');
  // Every dialog of the page is mounted only while open: focus goes back to what opened it on close.
  const focusReturn = useFocusReturn();
  const isDialogOpen =
    openMove !== null || assigningVersion !== null || clockChange !== null || isRevealing || merging !== null;
  const { restore: restoreFocus } = focusReturn;
  useEffect(() => {
    if (!isDialogOpen) restoreFocus();
  }, [isDialogOpen, restoreFocus]);

  const reload = () => {
    void queryClient.invalidateQueries(trpc.requests.get.queryFilter({ id }));
    void queryClient.invalidateQueries(trpc.requests.timeline.queryFilter({ id }));
    void queryClient.invalidateQueries(trpc.drp.forRequest.queryFilter({ requestId: id }));
  };

  if (request.isPending) return <RequestPageSkeleton />;
  if (request.isError) {
    const code = trpcCodeOf(request.error);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
      return (
        <MessagePage
          icon={<IconFileSearch size={32} />}
          title="Request not found"
          actions={
            <Button component={Link} to={paths.queue.build()} variant="light">
              Back to the queue
            </Button>
          }
        >
          No request has this address. It may have been mistyped, or the link is out of date.
        </MessagePage>
      );
    }
    return (
      <QueryErrorAlert
        title="Could not load the request"
        error={request.error}
        onRetry={() => void request.refetch()}
      />
    );
  }

  const r = request.data;
  const moves = allowedMoves(r.status, held, { type: r.type });
  const canAssign = canAssignRole && isOpenStatus(r.status);
  // Nothing to reveal once the retention period removed the requester's data: the placeholder is shown as is.
  const canReveal = held.includes('requests:reveal_requester') && r.requesterMasked && r.scrubbedAt === null;
  const shown = revealed?.id === r.id ? revealed.values : null;

  const requesterRows: [string, ReactNode][] = [
    ['Name', shown ? shown.requesterName : r.requesterName],
    ['Email', shown ? shown.requesterEmail : r.requesterEmail],
    ['Location', r.requesterLocation ?? '—'],
  ];
  if (r.agent) {
    requesterRows.push(
      ['Agent', shown?.agentName ?? r.agent.name],
      ['Agent email', shown?.agentEmail ?? r.agent.email],
      ['Agent’s authority', r.agent.permissionNote],
    );
  }

  const detailRows: [string, ReactNode][] = [
    ['Received', <time dateTime={r.receivedAt}>{formatDateTime(r.receivedAt)}</time>],
    ['Logged', <time dateTime={r.loggedAt}>{formatDateTime(r.loggedAt)}</time>],
    ['Priority', <PriorityLabel priority={r.priority} />],
    [
      'Description',
      r.description ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {r.description}
        </Text>
      ) : (
        '—'
      ),
    ],
  ];
  if (r.outcome) detailRows.push(['Outcome', requestOutcomeLabels[r.outcome]]);
  if (r.reasonCode) detailRows.push(['Reason code', requestReasonCodeLabels[r.reasonCode]]);
  if (r.denialExplanation) detailRows.push(['Explanation sent', r.denialExplanation]);

  const canWork = held.includes('requests:work');
  const planSection = erasurePlan && isErasureType(r.type) ? erasurePlan(r, erasurePlanSectionId) : null;
  const nextStep = nextStepFor({
    status: r.status,
    moves,
    canWork,
    canAssign,
    assigned: r.assignee !== null,
    acknowledgementOwed: acknowledgementOwed(r),
    verified: r.verification.satisfied,
    noVerification: r.verification.required === 'none',
    erasurePlan: planSection ? { canApprove: held.includes('requests:approve') } : undefined,
  });
  // A move past verification is not offered until the level is met: the server would refuse it.
  const otherMoves = moves.filter(
    (m) =>
      (nextStep?.kind !== 'move' || m !== nextStep.move) &&
      (r.verification.satisfied || !isPastVerification(m.to)),
  );
  const onHeaderAction = (action: HeaderAction) => {
    focusReturn.capture();
    if (action.kind === 'verify' || action.kind === 'plan') {
      const section = document.getElementById(
        action.kind === 'verify' ? verificationSectionId : erasurePlanSectionId,
      );
      section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      section?.focus({ preventScroll: true });
      return;
    }
    if (action.kind === 'acknowledge') setClockChange({ action: 'acknowledge', version: r.version });
    else if (action.kind === 'assign') setAssigningVersion(r.version);
    else setOpenMove({ move: action.move, version: r.version });
  };

  // While the level is unmet, verifying is the work: first. Once met, its record follows the details.
  const verificationFirst = isOpenStatus(r.status) && !r.verification.satisfied;
  const verificationSection =
    isOpenStatus(r.status) || r.verification.records.length > 0 ? (
      <Section title="Identity verification" id={verificationSectionId}>
        <RequestVerification request={r} canVerify={held.includes('requests:verify')} />
      </Section>
    ) : null;

  const repliesSection = held.includes('inbox:read') ? (
    <Section title="Mail from the requester">
      <RequestReplies request={r} canWork={canWork} />
    </Section>
  ) : null;

  const timelineSection = (
    <Section title="Timeline">
      {timeline.isError ? (
        <QueryErrorAlert
          title="Could not load the timeline"
          error={timeline.error}
          onRetry={() => void timeline.refetch()}
        />
      ) : timeline.isPending ? (
        <Stack gap="xs">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : (
        <RequestTimeline events={timeline.data.items} />
      )}
    </Section>
  );

  return (
    <Stack gap="md">
      <Anchor component={Link} to={paths.queue.build()} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          Back to the queue
        </Group>
      </Anchor>
      <RequestHeader
        request={r}
        nextStep={nextStep}
        otherMoves={otherMoves}
        canAssign={canAssign}
        onAction={onHeaderAction}
      />
      {/* Work on the left; the clocks, the requester and the history on the right (one column when narrow). */}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {/* Waiting on the requester: their reply is the work, first (its day restarts the clock). */}
            {r.status === 'awaiting_requester' ? repliesSection : null}
            {verificationFirst ? verificationSection : null}
            {/* An open erasure's plan is the work: first, right after a verification still to be done. */}
            {isOpenStatus(r.status) ? planSection : null}
            <Section title="Details">
              <Facts rows={detailRows} />
            </Section>
            <Section title="Notes">
              {timeline.isError ? (
                <QueryErrorAlert
                  title="Could not load the notes"
                  error={timeline.error}
                  onRetry={() => void timeline.refetch()}
                />
              ) : timeline.isPending ? (
                <Skeleton height={60} />
              ) : (
                <RequestNotes requestId={r.id} events={timeline.data.items} canAdd={canWork} />
              )}
            </Section>
            {verificationFirst ? null : verificationSection}
            {isOpenStatus(r.status) ? null : planSection}
            {r.status === 'awaiting_requester' ? null : repliesSection}
            {held.includes('messages:read') ? (
              <Section title="Sent mail">
                <RequestMessages requestId={r.id} canRetry={canWork} />
              </Section>
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section title="Deadlines">
              <RequestClocks
                request={r}
                canWork={canWork}
                onAction={(action) => {
                  focusReturn.capture();
                  setClockChange({ action, version: r.version });
                }}
              />
            </Section>
            <Section
              title="Requester"
              actions={
                canReveal && !shown ? (
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconEye size={14} aria-hidden />}
                    onClick={() => {
                      focusReturn.capture();
                      setIsRevealing(true);
                    }}
                  >
                    Reveal
                  </Button>
                ) : shown ? (
                  <Badge
                    variant="default"
                    tt="none"
                    radius="sm"
                    leftSection={<IconEye size={12} aria-hidden />}
                  >
                    Revealed on this page
                  </Badge>
                ) : r.requesterMasked ? (
                  <Badge color="gray" variant="light" tt="none" radius="sm">
                    Masked
                  </Badge>
                ) : null
              }
            >
              <Facts rows={requesterRows} />
            </Section>
            {drp.isError ? (
              <QueryErrorAlert
                title="Could not check whether an authorised agent filed this request"
                error={drp.error}
                onRetry={() => void drp.refetch()}
              />
            ) : drp.data ? (
              <Section title="Filed by an authorised agent">
                <Facts rows={drpAgentRows(drp.data)} />
                <DrpDeliveries drp={drp.data} />
              </Section>
            ) : null}
            <Section title="Linked account">
              {r.customerLinkCheck !== null && r.customerLinkCheck !== 'match' ? (
                <WarningAlert title="Check the linked account">
                  {customerLinkCheckLabels[r.customerLinkCheck]} It was linked like this at intake: make sure
                  the account is the requester’s before acting on it.
                </WarningAlert>
              ) : null}
              <CustomerFlagsNotice flags={r.customerFlags} />
              <LinkedCustomerCard customer={r.customer} canOpen={canReadCustomers} />
            </Section>
            {timelineSection}
            <Section title="Other requests from this requester">
              <RelatedRequests
                related={r.related}
                mergeableInto={(o) =>
                  canWork &&
                  isOpenStatus(r.status) &&
                  r.status !== 'fulfilling' &&
                  isOpenStatus(o.status) &&
                  o.type === r.type
                }
                onMerge={(o) => {
                  focusReturn.capture();
                  setMerging({ id: o.id, reference: o.reference, version: r.version });
                }}
              />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      {openMove ? (
        <Modal
          opened
          onClose={() => setOpenMove(null)}
          title={`${openMove.move.label}: ${r.reference}`}
          size="lg"
        >
          <MoveForm
            move={openMove.move}
            from={r.status}
            type={r.type}
            held={held}
            submitLabel={openMove.move.label}
            unacknowledged={
              acknowledgementOwed(r) && r.clocks.acknowledgeBy !== undefined
                ? { acknowledgeBy: r.clocks.acknowledgeBy, rule: r.clocks.statutory.rule }
                : undefined
            }
            onCancel={() => setOpenMove(null)}
            onReload={() => {
              reload();
              setOpenMove(null);
            }}
            onSubmit={async (details) => {
              await transition.mutateAsync({
                id: r.id,
                version: openMove.version,
                to: openMove.move.to,
                ...details,
              });
              setOpenMove(null);
            }}
          />
        </Modal>
      ) : null}
      {assigningVersion !== null ? (
        <AssignModal
          request={{ id: r.id, reference: r.reference, version: assigningVersion, assignee: r.assignee }}
          assignable={assignable.data?.items ?? []}
          isLoadingStaff={assignable.isPending}
          meId={me.id}
          onClose={() => setAssigningVersion(null)}
          onReload={reload}
        />
      ) : null}
      {clockChange ? (
        <ClockChangeModal
          action={clockChange.action}
          request={r}
          version={clockChange.version}
          onClose={() => setClockChange(null)}
          onReload={() => {
            reload();
            setClockChange(null);
          }}
        />
      ) : null}
      {merging ? (
        <MergeModal
          request={{ id: r.id, reference: r.reference, version: merging.version }}
          into={merging}
          onClose={() => setMerging(null)}
        />
      ) : null}
      {isRevealing ? (
        <RevealRequesterModal
          requestId={r.id}
          reference={r.reference}
          onRevealed={(values) => setRevealed({ id: r.id, values })}
          onClose={() => setIsRevealing(false)}
        />
      ) : null}
    </Stack>
  );
}

function RequestPageSkeleton() {
  return (
    <Stack gap="lg" aria-busy role="status" aria-label="Loading the request">
      <Skeleton height={16} width={140} />
      <Skeleton height={140} radius="md" />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Skeleton height={160} radius="md" />
            <Skeleton height={220} radius="md" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Skeleton height={200} radius="md" />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
