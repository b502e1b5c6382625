import { Alert, Anchor, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { customerFlagLabels } from '@privdesk/shared/constants';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconEye, IconFilePlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { NotFoundPage } from '../../../components/pages/not-found-page';
import { ReasonModal } from '../../../components/reason-modal';
import { paths } from '../../../config/paths';
import { useCan } from '../../../lib/session';
import { isTrpcError, useTRPC } from '../../../lib/trpc';
import { requestTypeLabel } from '../../../lib/labels';
import { StatusBadge } from '../../../components/feedback/status-badge';
import { revealReasonProblem } from '@privdesk/shared';
import { customerStatusLabel, formatCalendarDate, formatDateTime } from '../format';
import type { CustomerPageView, RevealedCustomer } from '../types';
import { CustomerFlagsPanel } from './customer-flags-panel';
import classes from './customers.module.css';
import { LogRequestModal, type LoggedRequest } from './log-request-modal';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * One customer account (issue 12, item 3): who it is (masked unless the reader sees personal data in clear,
 * or reveals it for a reason), where it stands, its flags, its requests with what to tell the customer about
 * each, and which systems hold its data. The next step — log a request — is the page's one primary button.
 */
export function CustomerPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const page = useQuery({
    ...trpc.customers.get.queryOptions({ id }),
    retry: (n, e) => !isTrpcError(e) && n < 2,
  });
  if (page.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the account">
        <Skeleton h={36} w={320} />
        <Skeleton h={120} />
        <Skeleton h={220} />
      </Stack>
    );
  }
  if (page.isError) {
    if (isTrpcError(page.error) && page.error.data?.code === 'NOT_FOUND') return <NotFoundPage />;
    if (isTrpcError(page.error) && page.error.data?.code === 'BAD_REQUEST') return <NotFoundPage />;
    return (
      <QueryErrorAlert
        title="The account could not be loaded"
        error={page.error}
        onRetry={() => void page.refetch()}
      />
    );
  }
  return <CustomerView page={page.data} />;
}

function CustomerView({ page }: { page: CustomerPageView }) {
  const c = page.customer;
  const canLog = useCan('requests:create');
  const canReveal = useCan('customers:reveal_pii');
  const canFlag = useCan('customers:flag');
  const canOpenRequests = useCan('requests:read');
  const isSupport = !canOpenRequests;
  const [revealed, setRevealed] = useState<RevealedCustomer | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [logging, setLogging] = useState(false);
  const [logged, setLogged] = useState<LoggedRequest | null>(null);
  const trpc = useTRPC();
  // gcTime 0: clear values live in this page's state only.
  const reveal = useMutation(trpc.customers.reveal.mutationOptions({ gcTime: 0 }));
  const standing = page.flags.filter((f) => f.liftedAt === null);
  const name = revealed?.name ?? c.name;
  const email = revealed?.email ?? c.email;
  const erased = c.status === 'erased';
  const contact = revealed?.contact ?? page.organisation?.contact ?? null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0}>
          <Text size="sm">
            <Anchor component={Link} to={paths.customers.build()} size="sm">
              Customers
            </Anchor>{' '}
            › {c.accountNumber}
          </Text>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Title>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {c.accountNumber}
            </Text>
            <span className={classes.tag} data-kind={c.status}>
              {customerStatusLabel(c.status)}
              {c.status === 'deletion_pending' && c.purgeOn
                ? `: purged ${formatCalendarDate(c.purgeOn)}`
                : ''}
            </span>
            {c.minor ? (
              <span className={classes.tag} data-kind="minor">
                Minor (under 16)
              </span>
            ) : null}
            {standing.map((f) => (
              <span key={f.id} className={classes.tag} data-kind="flag">
                {customerFlagLabels[f.kind]}
              </span>
            ))}
            {c.masked && !revealed ? (
              <Text size="xs">Name and email masked</Text>
            ) : revealed ? (
              <Text size="xs">Shown in clear for this page view (your reveal is in the audit log)</Text>
            ) : null}
          </Group>
        </Stack>
        <Group gap="xs">
          {c.masked && canReveal && !revealed && !erased ? (
            <Button
              variant="default"
              leftSection={<IconEye size={16} aria-hidden />}
              onClick={() => setRevealing(true)}
            >
              Reveal details
            </Button>
          ) : null}
          {canLog && !erased ? (
            <Button leftSection={<IconFilePlus size={16} aria-hidden />} onClick={() => setLogging(true)}>
              Log a request
            </Button>
          ) : null}
        </Group>
      </Group>

      {logged ? (
        <Alert
          color="green"
          variant="light"
          title={`Logged ${logged.reference}`}
          withCloseButton
          onClose={() => setLogged(null)}
        >
          <Stack gap={4}>
            <Text size="sm">Tell the customer: “{logged.plainLine}”</Text>
            {logged.warnings.map((w) => (
              <Text key={w} size="sm">
                {w}
              </Text>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {standing.length > 0 && isSupport ? (
        <WarningAlert title="Tell the caller about what stands on this account">
          {standing.map((f) => `${customerFlagLabels[f.kind]} since ${formatDateTime(f.setAt)}`).join('; ')}.
        </WarningAlert>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title={`Requests (${page.requests.length})`}>
              {page.requests.length === 0 ? (
                <Text size="sm">No privacy request from this account yet.</Text>
              ) : (
                <ul className={classes.requestList}>
                  {page.requests.map((r) => (
                    <li key={r.id}>
                      <Group gap="xs" wrap="wrap">
                        {canOpenRequests ? (
                          <Anchor component={Link} to={paths.request.build(r.id)} fw={600} size="sm">
                            {r.reference}
                          </Anchor>
                        ) : (
                          <Text fw={600} size="sm">
                            {r.reference}
                          </Text>
                        )}
                        <StatusBadge status={r.status} size="sm" />
                        <Text size="xs">
                          {requestTypeLabel(r.type)} · received {formatDateTime(r.receivedAt)}
                          {r.closedOn
                            ? ` · closed ${formatCalendarDate(r.closedOn)}`
                            : ` · due ${formatCalendarDate(r.dueOn)}`}
                        </Text>
                      </Group>
                      <p className={classes.plainLine}>
                        {isSupport ? 'Tell the customer: ' : ''}“{r.plainLine}”
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Flags">
              <CustomerFlagsPanel page={page} canFlag={canFlag} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section title="Account">
              <dl className={classes.facts}>
                <dt>Email</dt>
                <dd>{email}</dd>
                <dt>Country</dt>
                <dd>{c.country}</dd>
                <dt>Plan</dt>
                <dd>{c.plan}</dd>
                <dt>Signed up</dt>
                <dd>{formatDateTime(page.signupAt)}</dd>
                <dt>Last active</dt>
                <dd>{page.lastActiveAt ? formatDateTime(page.lastActiveAt) : 'Never'}</dd>
                <dt>Status</dt>
                <dd>
                  {customerStatusLabel(c.status)}
                  {c.purgeOn ? ` (purged on ${formatCalendarDate(c.purgeOn)})` : ''}
                </dd>
              </dl>
            </Section>
            <Section title="Organisation">
              {page.organisation ? (
                <dl className={classes.facts}>
                  <dt>Name</dt>
                  <dd>{page.organisation.name}</dd>
                  <dt>Country</dt>
                  <dd>{page.organisation.country}</dd>
                  <dt>Privacy contact</dt>
                  <dd>{contact ? `${contact.name}, ${contact.email}` : 'None on record'}</dd>
                </dl>
              ) : (
                <Text size="sm">A personal account: it belongs to no organisation.</Text>
              )}
            </Section>
            <Section title="Data footprint">
              {page.footprint.systems.length === 0 ? (
                <Text size="sm">No system is known to hold this account’s data.</Text>
              ) : (
                <dl className={classes.facts}>
                  {page.footprint.systems.map((s) => (
                    <FootprintRow key={s.key} name={s.name} holds={s.holds} since={s.since} />
                  ))}
                </dl>
              )}
              {page.footprint.fromInventory ? null : (
                <Text size="xs">
                  The systems known here so far. Subprocessors and other tools join this list once the data
                  inventory is set up.
                </Text>
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>

      {revealing ? (
        <ReasonModal
          title={`Reveal ${c.accountNumber}`}
          body="The name, email and organisation contact are shown on this page only, until you leave it. Your reason is recorded in the audit log with the fields shown, never their values."
          reasonDescription="For example: the customer is on the phone and must be identified."
          confirmLabel="Reveal"
          problemTitle="Not revealed"
          validate={revealReasonProblem}
          onConfirm={async (reason) => setRevealed(await reveal.mutateAsync({ customerId: c.id, reason }))}
          onClose={() => setRevealing(false)}
        />
      ) : null}
      {logging ? (
        <LogRequestModal
          page={page}
          shownAs={{ name, email }}
          defaultChannel={isSupport ? 'support' : 'email'}
          onLogged={setLogged}
          onClose={() => setLogging(false)}
        />
      ) : null}
    </Stack>
  );
}

function FootprintRow({ name, holds, since }: { name: string; holds: string; since: string | null }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        {holds}
        {since ? ` (since ${formatDateTime(since)})` : ''}
      </dd>
    </>
  );
}
