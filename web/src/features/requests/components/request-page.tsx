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
  isOpenStatus,
  requestChannelLabels,
  requestOutcomeLabels,
  requestReasonCodeLabels,
  type LifecycleMove,
} from '@privdesk/shared/constants';
import { IconArrowLeft, IconEye, IconFileSearch, IconUserShare } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { MessagePage } from '../../../components/pages/message-page';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useActiveStaff } from '../../../lib/session';
import { trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { dueClockLabel, formatDateTime, regimeLabel, requestTypeLabel } from '../format';
import { useRequestMutations } from '../hooks/use-request-mutations';
import { AssignModal } from './assign-modal';
import { ClockChangeModal } from './clock-change-modal';
import { MoveForm } from './move-form';
import { PriorityLabel } from './priority-label';
import { ClockStateBadge, EffectiveDue, RequestClocks, type ClockAction } from './request-clocks';
import { RequestNotes } from './request-notes';
import { LinkedCustomerCard, RelatedRequests } from './request-side-cards';
import { RequestTimeline } from './request-timeline';
import { RevealRequesterModal, type RevealedRequester } from './reveal-requester-modal';
import { StatusBadge } from './status-badge';

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
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

/** Moves forward are the main buttons; closing moves are quieter, and the refusals are red. */
function moveButtonStyle(move: LifecycleMove): { variant: string; color?: string } {
  switch (move.action) {
    case 'deny':
    case 'close_unverified':
      return { variant: 'light', color: 'red' };
    case 'withdraw':
      return { variant: 'default' };
    default:
      return { variant: 'filled' };
  }
}

interface OpenMove {
  move: LifecycleMove;
  /** The version the person saw when they chose the move: the change is based on it. */
  version: number;
}

export function RequestPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useActiveStaff();
  const held = me.permissions;
  const { transition } = useRequestMutations();
  const request = useQuery(trpc.requests.get.queryOptions({ id }));
  const timeline = useQuery(trpc.requests.timeline.queryOptions({ id }));
  const canAssignRole = held.includes('requests:assign');
  const assignable = useQuery({
    ...trpc.staff.assignable.queryOptions(),
    enabled: canAssignRole,
    staleTime: 5 * 60_000,
  });
  const [openMove, setOpenMove] = useState<OpenMove | null>(null);
  const [assigningVersion, setAssigningVersion] = useState<number | null>(null);
  const [isRevealing, setIsRevealing] = useState(false);
  const [clockChange, setClockChange] = useState<{ action: ClockAction; version: number } | null>(null);
  // Clear values after a reveal: page state only, gone when the person leaves (never in the query cache).
  const [revealed, setRevealed] = useState<{ id: string; values: RevealedRequester } | null>(null);
  usePageTitle(request.data?.reference ?? 'Request');

  const reload = () => {
    void queryClient.invalidateQueries(trpc.requests.get.queryFilter({ id }));
    void queryClient.invalidateQueries(trpc.requests.timeline.queryFilter({ id }));
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
  const canReveal = held.includes('requests:reveal_requester') && r.requesterMasked;
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
    ['Channel', requestChannelLabels[r.channel]],
    ['Received', <time dateTime={r.receivedAt}>{formatDateTime(r.receivedAt)}</time>],
    ['Logged', <time dateTime={r.loggedAt}>{formatDateTime(r.loggedAt)}</time>],
    [
      'Assignee',
      r.assignee?.name ?? (
        <Text span fs="italic" size="sm">
          Unassigned
        </Text>
      ),
    ],
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

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.queue.build()} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          Back to the queue
        </Group>
      </Anchor>
      <Paper withBorder p="md" radius="md" component="header">
        <Stack gap="sm">
          <Group gap="sm" align="center" wrap="wrap">
            {/* A reference is one word: smaller on a phone rather than broken at its hyphens. */}
            <Title order={1} fz={{ base: 26, xs: 34 }} style={{ whiteSpace: 'nowrap' }}>
              {r.reference}
            </Title>
            <StatusBadge status={r.status} size="lg" />
            {r.minor ? (
              <Badge color="pink" variant="light" size="lg" radius="sm" tt="none">
                Minor
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">
            {requestTypeLabel(r.type)} request under {regimeLabel(r.regime)} ·{' '}
            {requestChannelLabels[r.channel]}
          </Text>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              Due
            </Text>
            <EffectiveDue request={r} />
            <Text size="xs">({dueClockLabel()})</Text>
          </Group>
          {moves.length > 0 || canAssign ? (
            <Group gap="xs" wrap="wrap" role="group" aria-label="Actions">
              {canAssign ? (
                <Button
                  variant="default"
                  leftSection={<IconUserShare size={16} aria-hidden />}
                  onClick={() => setAssigningVersion(r.version)}
                >
                  {r.assignee ? 'Re-assign' : 'Assign'}
                </Button>
              ) : null}
              {moves.map((move) => (
                <Button
                  key={move.to}
                  {...moveButtonStyle(move)}
                  onClick={() => setOpenMove({ move, version: r.version })}
                >
                  {move.label}
                </Button>
              ))}
            </Group>
          ) : null}
        </Stack>
      </Paper>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Section
              title="Requester"
              actions={
                canReveal && !shown ? (
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconEye size={14} aria-hidden />}
                    onClick={() => setIsRevealing(true)}
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
            <Section title="Deadlines" actions={<ClockStateBadge clocks={r.clocks} />}>
              <RequestClocks
                request={r}
                canWork={held.includes('requests:work')}
                onAction={(action) => setClockChange({ action, version: r.version })}
              />
            </Section>
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
                <RequestNotes
                  requestId={r.id}
                  events={timeline.data.items}
                  canAdd={held.includes('requests:work')}
                />
              )}
            </Section>
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
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Section title="Linked account">
              <LinkedCustomerCard customer={r.customer} />
            </Section>
            <Section title="Other requests from this requester">
              <RelatedRequests related={r.related} />
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
