import { Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { dataCategoryLabels } from '@privdesk/shared/constants';
import { IconArrowLeft, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { plural, retentionRulePhrase } from '../format';
import type { DataSystemView } from '../types';
import { ConnectorBadge, SubprocessorLinks, WarningList } from './inventory-parts';
import classes from './inventory.module.css';

/**
 * The data inventory (issue 15, item 1): every system that holds customers' personal data, who answers for
 * it, how an erasure reaches it and what the law makes it keep. Every staff role reads it; privacy officers
 * and admins keep it. A handful of systems: one page of cards, no paging.
 */
export function InventoryPage() {
  usePageTitle('Data inventory');
  const trpc = useTRPC();
  const canManage = useCan('registry:manage');
  const list = useQuery(trpc.inventory.list.queryOptions());
  const items = list.data?.items ?? [];
  const warned = items.filter((s) => s.warnings.length > 0).length;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} maw={640}>
          <Text size="sm">
            <Anchor component={Link} to={paths.registry.build()} size="sm" underline="always">
              Registry
            </Anchor>{' '}
            › Data inventory
          </Text>
          <Title order={1}>Data inventory</Title>
          <Text c="dimmed" size="sm">
            Every system that holds customers’ personal data: who owns it, how an erasure reaches it, and what
            the law makes it keep after one.
          </Text>
        </Stack>
        <Group gap="sm">
          {canManage ? (
            <Button
              component={Link}
              to={paths.newDataSystem.build()}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              Add data system
            </Button>
          ) : null}
          <Button
            component={Link}
            to={paths.registry.build()}
            variant="default"
            leftSection={<IconArrowLeft size={16} aria-hidden />}
          >
            Subprocessors
          </Button>
        </Group>
      </Group>
      {list.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading the data inventory">
          <Skeleton h={20} w={260} />
          <Skeleton h={220} />
          <Skeleton h={220} />
        </Stack>
      ) : list.isError ? (
        <QueryErrorAlert
          title="Could not load the data inventory"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Stack align="center" gap="xs" ta="center">
            <Text fw={600}>The inventory is empty.</Text>
            <Text size="sm" c="dimmed">
              {canManage
                ? 'Add each system that holds personal data, so an erasure knows where to go.'
                : 'A privacy officer adds each system that holds personal data.'}
            </Text>
          </Stack>
        </Paper>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {plural(items.length, 'system', 'systems')}
            {warned > 0 ? ` · ${plural(warned, 'needs', 'need')} attention` : ' · nothing needs attention'}
          </Text>
          <ul className={classes.cards} aria-label="Data systems">
            {items.map((system) => (
              <li key={system.id} aria-label={system.name}>
                <SystemCard system={system} />
              </li>
            ))}
          </ul>
        </Stack>
      )}
    </Stack>
  );
}

function SystemCard({ system: s }: { system: DataSystemView }) {
  const headingId = useId();
  const hasWarnings = s.warnings.length > 0;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="article"
      aria-labelledby={headingId}
      className={classes.card}
      data-warned={hasWarnings || undefined}
    >
      {/* The badge goes under the name when both do not fit: a name is not squeezed to one word a line. */}
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Title order={2} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          <Anchor component={Link} to={paths.dataSystem.build(s.id)} inherit>
            {s.name}
          </Anchor>
        </Title>
        <ConnectorBadge kind={s.connector.kind} />
      </Group>
      <Text size="sm" c="dimmed" lineClamp={2} className={classes.description}>
        {s.description}
      </Text>
      <dl className={classes.facts}>
        <dt>Owner</dt>
        <dd>
          {s.owner ? (
            <>
              {s.owner.name}
              {s.owner.active ? null : (
                <Text span size="xs" c="dimmed">
                  {' '}
                  (can no longer sign in)
                </Text>
              )}
            </>
          ) : (
            <Text span size="sm" c="dimmed">
              Nobody
            </Text>
          )}
        </dd>
        <dt>Data categories</dt>
        <dd>{s.dataCategories.map((c) => dataCategoryLabels[c]).join(', ')}</dd>
        <dt>Kept after erasure</dt>
        <dd>
          {s.retentionRules.length === 0 ? (
            <Text span size="sm" c="dimmed">
              Nothing: erased in full
            </Text>
          ) : (
            <ul className={classes.plainList}>
              {s.retentionRules.map((r, i) => (
                <li key={`${r.scope}-${i}`}>{retentionRulePhrase(r)}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Subprocessors</dt>
        <dd>
          <SubprocessorLinks subprocessors={s.subprocessors} empty="None linked" />
        </dd>
      </dl>
      {hasWarnings ? <WarningList warnings={s.warnings} /> : null}
    </Paper>
  );
}
