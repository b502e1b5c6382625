import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  List,
  Paper,
  Skeleton,
  Spoiler,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  certificationLabels,
  dataCategoryLabels,
  dataSubjectCategoryLabels,
  noticeChannelLabels,
  objectionOutcomeLabels,
  sccModuleLabels,
  sccVersionLabels,
  subprocessorCategoryLabels,
  transferMechanismLabels,
} from '@privdesk/shared/constants';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { NotFoundPage } from '../../../components/pages/not-found-page';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { messageStatusLabels } from '@privdesk/shared/constants';
import { isTrpcError, useTRPC } from '../../../lib/trpc';
import { countryName, deliverySummary, formatCalendarDate, formatDateTime } from '../format';
import type { ObjectionItem, SubprocessorView } from '../types';
import { DecideObjectionModal } from './objection-modals';
import classes from './registry.module.css';
import { groupWarnings, StatusText, SubprocessorStatusBadge } from './registry-status';
import { SubprocessorHistory, type HistoryNames } from './subprocessor-history';
import { SubprocessorNextStep } from './subprocessor-next-step';

function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

const none = (
  <Text span size="sm" c="dimmed">
    None recorded
  </Text>
);

/** One subprocessor's page (issue 14, item 3). */
export function SubprocessorPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery({
    ...trpc.registry.get.queryOptions({ id }),
    retry: (n, e) => !isTrpcError(e) && n < 2,
    // While its notice is being delivered the window opens on its own: follow it.
    refetchInterval: (query) => (query.state.data?.status === 'notice_sent' ? 4000 : false),
  });
  usePageTitle(detail.data ? detail.data.fields.name : 'Subprocessor');
  if (detail.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the subprocessor">
        <Skeleton h={36} w={320} />
        <Skeleton h={110} />
        <Skeleton h={260} />
      </Stack>
    );
  }
  if (detail.isError) {
    const code = isTrpcError(detail.error) ? detail.error.data?.code : undefined;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NotFoundPage />;
    return (
      <QueryErrorAlert
        title="The subprocessor could not be loaded"
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />
    );
  }
  return <SubprocessorDetail subprocessor={detail.data} />;
}

function SubprocessorDetail({ subprocessor: s }: { subprocessor: SubprocessorView }) {
  const trpc = useTRPC();
  const canManage = useCan('registry:manage');
  const [deciding, setDeciding] = useState<ObjectionItem | null>(null);
  const f = s.fields;
  // Managers' choices name every data system and active subprocessor, for the history's older versions.
  const choices = useQuery({
    ...trpc.registry.choices.queryOptions(),
    enabled: canManage,
    staleTime: 5 * 60_000,
  });
  const names = useMemo<HistoryNames>(() => {
    const dataSystems = new Map<string, string>();
    for (const d of choices.data?.dataSystems ?? []) dataSystems.set(d.id, d.name);
    for (const d of s.dataSystems) dataSystems.set(d.id, d.name);
    const subprocessors = new Map<string, string>();
    for (const r of choices.data?.replaceable ?? []) subprocessors.set(r.id, r.name);
    if (s.replaces) subprocessors.set(s.replaces.id, s.replaces.name);
    return { dataSystems, subprocessors };
  }, [choices.data, s.dataSystems, s.replaces]);
  const decidingNow = deciding ? (s.objections.find((o) => o.id === deciding.id) ?? deciding) : null;

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm">
          <Anchor component={Link} to={paths.registry.build()} size="sm" underline="always">
            Registry
          </Anchor>{' '}
          › {f.name}
        </Text>
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {f.name}
          </Title>
          <SubprocessorStatusBadge status={s.status} size="lg" />
        </Group>
        <Text size="sm" c="dimmed">
          {f.legalName} · {subprocessorCategoryLabels[f.category]}
        </Text>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">Proposed {formatCalendarDate(s.proposedOn)}</Text>
          {s.objectionDeadline ? (
            <Text size="sm">Objections until {formatCalendarDate(s.objectionDeadline)}</Text>
          ) : null}
          {s.activeFrom ? <Text size="sm">Active from {formatCalendarDate(s.activeFrom)}</Text> : null}
          {s.retiredOn ? <Text size="sm">Retired {formatCalendarDate(s.retiredOn)}</Text> : null}
        </Group>
        {s.replaces || s.replacedBy.length > 0 ? (
          <Group gap="lg" wrap="wrap">
            {s.replaces ? (
              <Text size="sm">
                Replaces{' '}
                <Anchor component={Link} to={paths.subprocessor.build(s.replaces.id)} size="sm" fw={600}>
                  {s.replaces.name}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  (<StatusText status={s.replaces.status} />)
                </Text>
              </Text>
            ) : null}
            {s.replacedBy.map((r) => (
              <Text size="sm" key={r.id}>
                Replaced by{' '}
                <Anchor component={Link} to={paths.subprocessor.build(r.id)} size="sm" fw={600}>
                  {r.name}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  (<StatusText status={r.status} />)
                </Text>
              </Text>
            ))}
          </Group>
        ) : null}
      </Stack>

      <SubprocessorNextStep subprocessor={s} canManage={canManage} />

      {s.warnings.length > 0 ? (
        <WarningAlert title={s.warnings.length === 1 ? '1 warning' : `${s.warnings.length} warnings`}>
          <List size="sm" spacing={2}>
            {groupWarnings(s.warnings).flatMap((g) =>
              g.details.map((detail, i) => (
                <List.Item key={`${g.kind}-${i}`}>
                  <strong>{g.label.replace(/ \(\d+\)$/, '')}:</strong> {detail}
                </List.Item>
              )),
            )}
          </List>
        </WarningAlert>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title="Who it is">
              <dl className={classes.facts}>
                <dt>Legal name</dt>
                <dd>{f.legalName}</dd>
                <dt>Address</dt>
                <dd style={{ whiteSpace: 'pre-line' }}>{f.address}</dd>
                <dt>Contact email</dt>
                <dd>
                  <Anchor href={`mailto:${f.contactEmail}`} size="sm">
                    {f.contactEmail}
                  </Anchor>
                </dd>
                <dt>Website</dt>
                <dd>
                  {f.website ? (
                    <Anchor href={f.website} target="_blank" rel="noreferrer noopener" size="sm">
                      {f.website}
                    </Anchor>
                  ) : (
                    none
                  )}
                </dd>
              </dl>
            </Section>
            <Section title="What it does">
              <dl className={classes.facts}>
                <dt>Category</dt>
                <dd>{subprocessorCategoryLabels[f.category]}</dd>
                <dt>Purpose</dt>
                <dd>{f.purpose}</dd>
                <dt>Services</dt>
                <dd>{f.services}</dd>
                <dt>Data categories</dt>
                <dd>{f.dataCategories.map((c) => dataCategoryLabels[c]).join(', ')}</dd>
                <dt>Data subjects</dt>
                <dd>{f.subjectCategories.map((c) => dataSubjectCategoryLabels[c]).join(', ')}</dd>
              </dl>
            </Section>
            <Section title="Where it processes data">
              <dl className={classes.facts}>
                {f.locations.map((l) => (
                  <LocationFact key={l.country} location={l} />
                ))}
              </dl>
            </Section>
            <Section title="Contract and certifications">
              <dl className={classes.facts}>
                <dt>DPA signed</dt>
                <dd>{f.dpaSignedOn ? formatCalendarDate(f.dpaSignedOn) : none}</dd>
                <dt>DPA expires</dt>
                <dd>
                  {f.dpaExpiresOn
                    ? `${formatCalendarDate(f.dpaExpiresOn)}${f.dpaExpiresOn < s.today ? ' (expired)' : ''}`
                    : f.dpaSignedOn
                      ? 'Runs with the contract'
                      : none}
                </dd>
                <dt>DPA</dt>
                <dd>
                  {f.dpaUrl ? (
                    <Anchor href={f.dpaUrl} target="_blank" rel="noreferrer noopener" size="sm">
                      {f.dpaUrl}
                    </Anchor>
                  ) : (
                    none
                  )}
                </dd>
                <dt>Certifications</dt>
                <dd>
                  {f.certifications.length === 0
                    ? none
                    : f.certifications
                        .map(
                          (c) =>
                            `${certificationLabels[c.kind]} until ${formatCalendarDate(c.expiresOn)}${c.expiresOn < s.today ? ' (expired)' : ''}`,
                        )
                        .join('; ')}
                </dd>
              </dl>
            </Section>
            <Section title="Data systems">
              {s.dataSystems.length === 0 ? (
                <Text size="sm">No data system is linked to it.</Text>
              ) : (
                <ul className={classes.plainList}>
                  {s.dataSystems.map((d) => (
                    <li key={d.id}>{d.name}</li>
                  ))}
                </ul>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section title="Change notice">
              {s.notice ? (
                <NoticeFacts subprocessor={s} canManage={canManage} />
              ) : (
                <Text size="sm">
                  {s.status === 'proposed'
                    ? 'Not sent yet.'
                    : s.activatedEarlyReason
                      ? 'None: it was activated with no objection period.'
                      : 'No notice is recorded.'}
                </Text>
              )}
            </Section>
            <Section title={`Objections (${s.objections.length})`}>
              {s.objections.length === 0 ? (
                <Text size="sm">
                  {s.notice ? 'No customer has objected.' : 'Objections come after the change notice.'}
                </Text>
              ) : (
                <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {s.objections.map((o) => (
                    <li key={o.id}>
                      <ObjectionFacts
                        objection={o}
                        onDecide={canManage && o.outcome === 'pending' ? () => setDeciding(o) : undefined}
                      />
                    </li>
                  ))}
                </Stack>
              )}
            </Section>
            <Section title="History">
              <SubprocessorHistory history={s.history} names={names} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      {decidingNow ? (
        <DecideObjectionModal subprocessor={s} objection={decidingNow} onClose={() => setDeciding(null)} />
      ) : null}
    </Stack>
  );
}

function LocationFact({ location: l }: { location: SubprocessorView['fields']['locations'][number] }) {
  return (
    <>
      <dt>
        {countryName(l.country)} ({l.country})
      </dt>
      <dd>
        {l.mechanism ? transferMechanismLabels[l.mechanism] : 'No transfer mechanism recorded yet'}
        {l.mechanism === 'scc' && l.sccModule
          ? ` · ${sccModuleLabels[l.sccModule]}${l.sccVersion ? ` · ${sccVersionLabels[l.sccVersion]}` : ''}`
          : ''}
      </dd>
    </>
  );
}

/** Each subscriber's copy of the notice and where it stands: the keepers' view (it shows addresses). */
function NoticeDeliveryList({ subprocessorId }: { subprocessorId: string }) {
  const trpc = useTRPC();
  const deliveries = useQuery(trpc.registry.deliveries.queryOptions({ id: subprocessorId }));
  if (deliveries.isPending) return <Skeleton height={48} aria-label="Loading the deliveries" />;
  if (deliveries.isError)
    return (
      <QueryErrorAlert
        title="Could not load the deliveries"
        error={deliveries.error}
        onRetry={() => void deliveries.refetch()}
      />
    );
  if (deliveries.data.items.length === 0) return null;
  return (
    <List size="sm" spacing={4} aria-label="Delivery to each subscriber">
      {deliveries.data.items.map((d) => (
        <List.Item key={d.messageId}>
          <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
            {d.organisationName ?? 'No organisation'} · {d.email}
          </Text>{' '}
          <Text span size="sm" fw={600}>
            · {messageStatusLabels[d.status]}
          </Text>
          {d.sentAt ? (
            <Text span size="xs" c="dimmed">
              {' '}
              {formatDateTime(d.sentAt)}
            </Text>
          ) : null}
          {d.failure ? <Text size="xs">{d.failure}</Text> : null}
        </List.Item>
      ))}
    </List>
  );
}

function NoticeFacts({ subprocessor: s, canManage }: { subprocessor: SubprocessorView; canManage: boolean }) {
  const notice = s.notice;
  if (!notice) return null;
  return (
    <Stack gap="sm">
      <dl className={classes.facts}>
        <dt>Sent on</dt>
        <dd>{formatCalendarDate(notice.sentOn)}</dd>
        <dt>How</dt>
        <dd>{noticeChannelLabels[notice.channel]}</dd>
        {notice.channel === 'email' ? (
          <>
            <dt>Deliveries</dt>
            <dd>{deliverySummary(notice.deliveries)}</dd>
          </>
        ) : null}
        <dt>Objections until</dt>
        <dd>{formatCalendarDate(notice.objectionDeadline)}</dd>
        <dt>Sent by</dt>
        <dd>{notice.sentBy?.name ?? 'Privacy Desk'}</dd>
      </dl>
      {canManage && notice.channel === 'email' ? <NoticeDeliveryList subprocessorId={s.id} /> : null}
      <Text size="sm" fw={600}>
        {notice.subject}
      </Text>
      <Spoiler maxHeight={120} showLabel="Show the whole text" hideLabel="Show less">
        <p className={classes.noticeBody}>{notice.body}</p>
      </Spoiler>
    </Stack>
  );
}

function ObjectionFacts({ objection: o, onDecide }: { objection: ObjectionItem; onDecide?: () => void }) {
  const open = o.outcome === 'pending';
  return (
    <Paper withBorder radius="sm" p="sm">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {o.organisationName}
          </Text>
          {/* The words in the text colour (orange text on white is under AA); the dot only helps the eye. */}
          <Badge
            variant="default"
            radius="sm"
            tt="none"
            leftSection={
              open ? (
                <span
                  aria-hidden
                  style={{
                    display: 'inline-block',
                    width: 8,
                    height: 8,
                    borderRadius: '50%',
                    background: 'var(--mantine-color-orange-filled)',
                  }}
                />
              ) : undefined
            }
          >
            {objectionOutcomeLabels[o.outcome]}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Received {formatCalendarDate(o.receivedOn)}
          {o.recordedBy ? ` · recorded by ${o.recordedBy.name}` : ''}
        </Text>
        <Text size="sm">{o.summary}</Text>
        {o.note ? (
          <Text size="sm">
            <strong>Outcome note:</strong> {o.note}
            {o.decidedAt ? (
              <Text span size="xs" c="dimmed">
                {' '}
                ({o.decidedBy ? `${o.decidedBy.name}, ` : ''}
                {formatDateTime(o.decidedAt)})
              </Text>
            ) : null}
          </Text>
        ) : null}
        {onDecide ? (
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={onDecide}
              aria-label={`Decide the objection from ${o.organisationName}`}
            >
              Decide
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
