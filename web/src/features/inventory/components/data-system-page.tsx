import { Anchor, Button, Grid, Group, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import {
  connectorKindLabels,
  dataCategoryLabels,
  internalTargetLabels,
  platformRetentionScopeLabels,
  retentionGroundLabels,
  retentionPeriodPhrase,
} from '@privdesk/shared/constants';
import { IconAlertTriangle, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { NotFoundPage } from '../../../components/pages/not-found-page';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { isTrpcError, useTRPC } from '../../../lib/trpc';
import { formatDateTime, plural } from '../format';
import type { ConnectorView, DataSystemView } from '../types';
import { ConnectorBadge, SubprocessorLinks } from './inventory-parts';
import classes from './inventory.module.css';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** One data system's page: everything an erasure needs to know about it, and who last changed it. */
export function DataSystemPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery({
    ...trpc.inventory.get.queryOptions({ id }),
    retry: (n, e) => !isTrpcError(e) && n < 2,
  });
  usePageTitle(detail.data ? detail.data.name : 'Data system');
  if (detail.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the data system">
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
        title="The data system could not be loaded"
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />
    );
  }
  return <DataSystemDetail system={detail.data} />;
}

function DataSystemDetail({ system: s }: { system: DataSystemView }) {
  const canManage = useCan('registry:manage');
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm">
          <Anchor component={Link} to={paths.registry.build()} size="sm" underline="always">
            Registry
          </Anchor>{' '}
          ›{' '}
          <Anchor component={Link} to={paths.dataInventory.build()} size="sm" underline="always">
            Data inventory
          </Anchor>{' '}
          › {s.name}
        </Text>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={1} style={{ overflowWrap: 'anywhere' }}>
              {s.name}
            </Title>
            <ConnectorBadge kind={s.connector.kind} />
          </Group>
          {canManage ? (
            <Button
              component={Link}
              to={paths.editDataSystem.build(s.id)}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Edit
            </Button>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed" maw={720} className={classes.description}>
          {s.description}
        </Text>
      </Stack>

      {s.warnings.length > 0 ? (
        <WarningAlert title={plural(s.warnings.length, 'warning', 'warnings')}>
          {/* The alert's own icon marks them: a plain list inside. */}
          <List size="sm" spacing={2} aria-label={plural(s.warnings.length, 'warning', 'warnings')}>
            {s.warnings.map((w) => (
              <List.Item key={w.kind}>{w.detail}</List.Item>
            ))}
          </List>
        </WarningAlert>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title="What it holds">
              <dl className={`${classes.facts} ${classes.wideFacts}`}>
                <dt>Owner</dt>
                <dd>
                  {s.owner ? (
                    <>
                      {s.owner.name}
                      {s.owner.active ? null : ' (can no longer sign in)'}
                    </>
                  ) : (
                    'Nobody'
                  )}
                </dd>
                <dt>Data categories</dt>
                <dd>{s.dataCategories.map((c) => dataCategoryLabels[c]).join(', ')}</dd>
                <dt>Key</dt>
                <dd>
                  <code className={classes.url}>{s.key}</code>
                </dd>
              </dl>
            </Section>
            <Section title="How erasures reach it">
              <ConnectorFacts connector={s.connector} />
            </Section>
            <Section title="Kept after an erasure">
              <RetentionRules system={s} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section title="Subprocessors">
              <Text size="sm" c="dimmed">
                The registry’s subprocessors that receive its data: an erasure tells each of them.
              </Text>
              <SubprocessorLinks
                subprocessors={s.subprocessors}
                empty="No subprocessor in the registry is linked to it."
              />
            </Section>
            <Section title="Last change">
              <dl className={`${classes.facts} ${classes.wideFacts}`}>
                <dt>When</dt>
                <dd>{formatDateTime(s.updatedAt)}</dd>
                <dt>By</dt>
                <dd>{s.updatedBy ?? 'Privacy Desk'}</dd>
                <dt>Version</dt>
                <dd>{s.version}</dd>
              </dl>
              <Text size="xs" c="dimmed">
                Every change is recorded, field by field, in the audit log.
              </Text>
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ConnectorFacts({ connector: c }: { connector: ConnectorView }) {
  switch (c.kind) {
    case 'internal':
      return (
        <dl className={`${classes.facts} ${classes.wideFacts}`}>
          <dt>Connector</dt>
          <dd>{connectorKindLabels.internal}</dd>
          <dt>Database</dt>
          <dd>{internalTargetLabels[c.target]}</dd>
        </dl>
      );
    case 'webhook':
      return (
        <dl className={`${classes.facts} ${classes.wideFacts}`}>
          <dt>Connector</dt>
          <dd>{connectorKindLabels.webhook}</dd>
          <dt>URL</dt>
          <dd>
            <code className={classes.url}>{c.url}</code>
          </dd>
          <dt>Signing</dt>
          <dd>
            {c.secretSetAt ? (
              `Signing secret set on ${formatDateTime(c.secretSetAt)}`
            ) : (
              <Group gap={6} wrap="nowrap" align="flex-start">
                <IconAlertTriangle size={16} className={classes.warningIcon} aria-hidden />
                <span>None set: erasures cannot be sent to it until one is.</span>
              </Group>
            )}
          </dd>
        </dl>
      );
    case 'manual':
      return (
        <dl className={`${classes.facts} ${classes.wideFacts}`}>
          <dt>Connector</dt>
          <dd>{connectorKindLabels.manual}</dd>
          <dt>Instructions</dt>
          <dd className={classes.instructions}>{c.instructions}</dd>
        </dl>
      );
  }
}

function RetentionRules({ system: s }: { system: DataSystemView }) {
  if (s.retentionRules.length === 0)
    return <Text size="sm">Nothing: no law makes it keep a person’s data once they ask for erasure.</Text>;
  return (
    <ol className={classes.rules} aria-label="Retention rules">
      {s.retentionRules.map((r, i) => (
        <li key={`${r.scope}-${i}`}>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {r.scope}: {retentionPeriodPhrase(r.period)}
            </Text>
            <dl className={`${classes.facts} ${classes.wideFacts}`}>
              <dt>Ground</dt>
              <dd>{retentionGroundLabels[r.ground]}</dd>
              <dt>Law</dt>
              <dd>{r.law}</dd>
              {r.platformScope ? (
                <>
                  <dt>Platform rows kept</dt>
                  <dd>{platformRetentionScopeLabels[r.platformScope]}</dd>
                </>
              ) : null}
            </dl>
          </Stack>
        </li>
      ))}
    </ol>
  );
}
