import { Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Drill } from '@privdesk/shared';
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { chartHeightOf, type ChartSpec } from '../chart-data';

// Every chart is drawn by one lazily loaded module: the page's figures and tables show without waiting for
// it, and no other page ever loads @mantine/charts or recharts.
const DashboardChart = lazy(() =>
  import('./dashboard-charts').then((module) => ({ default: module.DashboardChart })),
);

type View = 'chart' | 'table';

interface ChartCardProps {
  title: string;
  /** One line: what the chart counts (received or answered in the period). */
  description: string;
  spec: ChartSpec;
  /** The chart's alternative: the same figures, each a link to the queue. */
  table: ReactNode;
  /** Said instead of an empty chart (nothing to count in the period). */
  emptyMessage: string | null;
  onSelect: (drill: Drill) => void;
}

export function ChartCard({ title, description, spec, table, emptyMessage, onSelect }: ChartCardProps) {
  const [view, setView] = useState<View>('chart');
  const headingId = useId();
  const height = chartHeightOf(spec);
  let body: ReactNode;
  if (emptyMessage) {
    body = (
      <Text size="sm" c="dimmed" py="lg" ta="center">
        {emptyMessage}
      </Text>
    );
  } else if (view === 'table') {
    body = table;
  } else {
    body = (
      <Suspense
        fallback={
          <Skeleton height={height} radius="sm" role="status" aria-label={`Loading the chart: ${title}`} />
        }
      >
        <DashboardChart spec={spec} height={height} onSelect={onSelect} />
      </Suspense>
    );
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Stack gap={2} style={{ flex: '1 1 14rem' }}>
            <Title order={3} size="h5" id={headingId}>
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </Stack>
          {emptyMessage ? null : (
            <SegmentedControl
              size="xs"
              aria-label={`${title}: show as`}
              value={view}
              onChange={(value) => setView(value === 'table' ? 'table' : 'chart')}
              data={[
                { value: 'chart', label: 'Chart' },
                { value: 'table', label: 'Table' },
              ]}
            />
          )}
        </Group>
        {body}
      </Stack>
    </Paper>
  );
}
