import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import {
  closureBasisLabels,
  overdueBuckets,
  percentOf,
  unassignedAgeBuckets,
} from '@privdesk/shared/constants';
import type { ReactNode } from 'react';
import { formatCount, formatPercent } from '../format';
import type { DashboardData, FigureView } from '../types';
import { FigureLink } from './figure-link';

function StatCard({
  title,
  caption,
  value,
  children,
}: {
  title: string;
  /** Which requests the card counts. */
  caption: string;
  value: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={title}>
      <Stack gap={2}>
        <Title order={3} size="h6" fw={600}>
          {title}
        </Title>
        <Text fz={28} fw={700} lh={1.2}>
          {value}
        </Text>
        <Text size="xs" c="dimmed">
          {caption}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

/** A card's breakdown: "1–7 d 3 · 8–30 d 1 …", each count a link named in full for screen readers. */
function Breakdown({
  label,
  items,
}: {
  label: string;
  items: { key: string; label: string; context: string; figure: FigureView }[];
}) {
  if (items.length === 0) return null;
  return (
    <Group gap={4} role="list" aria-label={label} wrap="wrap" mt={2}>
      {items.map((item, i) => (
        <Text key={item.key} size="xs" role="listitem" span>
          <span aria-hidden>{item.label} </span>
          <FigureLink figure={item.figure} fw={600} size="xs" context={item.context} />
          {i < items.length - 1 ? <span aria-hidden> ·</span> : null}
        </Text>
      ))}
    </Group>
  );
}

/** A share of a whole as a link to the part (a dash, not a link, when the whole is nothing). */
function ShareLink({ part, whole, context }: { part: FigureView; whole: number; context: string }) {
  const percent = percentOf(part.count, whole);
  if (percent === null) return <>—</>;
  return (
    <FigureLink figure={part} context={context}>
      {formatPercent(percent)}
    </FigureLink>
  );
}

const bucketLabel = (label: string) => label.replace(' days', ' d').replace('Over 90 d', '90+ d');

/**
 * The headline figures: what is open now (of the requests received in the period) and how the answers went
 * (of those answered in it). Each number opens the queue on the requests behind it.
 */
export function StatCards({ data }: { data: DashboardData }) {
  const { open, dueSoon, overdue, unassigned, answered, extended, verification } = data;
  const responded = answered.responded.count;
  const checked = verification.passed.count + verification.failed.count;
  return (
    <Stack gap="xs">
      <Group gap="xs" align="baseline" wrap="wrap">
        <Title order={2} size="h5">
          Open now
        </Title>
        <Text size="sm" c="dimmed">
          Requests received in the period that are still open today.
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <StatCard
          title="Open"
          caption="Received in the period, not yet answered"
          value={<FigureLink figure={open.total} context="open requests" />}
        />
        <StatCard
          title="Due in 5 days or fewer"
          caption="Open, due today or within 5 days"
          value={<FigureLink figure={dueSoon} context="due in 5 days or fewer" />}
        />
        <StatCard
          title="Overdue"
          caption={
            overdue.maxDays === null
              ? 'None past its due date'
              : `Up to ${formatCount(overdue.maxDays)} days overdue`
          }
          value={<FigureLink figure={overdue.total} context="overdue" />}
        >
          <Breakdown
            label="Days overdue"
            items={overdue.buckets.map((b) => {
              const bucket = overdueBuckets.find((o) => o.key === b.key);
              const label = bucket?.label ?? b.key;
              return {
                key: b.key,
                label: bucketLabel(label),
                context: `overdue by ${label.toLowerCase()}`,
                figure: b,
              };
            })}
          />
        </StatCard>
        {unassigned ? (
          <StatCard
            title="Unassigned"
            caption={
              unassigned.oldestDays === null
                ? 'No open request is waiting for an assignee'
                : `Oldest received ${formatCount(unassigned.oldestDays)} ${unassigned.oldestDays === 1 ? 'day' : 'days'} ago`
            }
            value={<FigureLink figure={unassigned.total} context="unassigned" />}
          >
            <Breakdown
              label="Days since receipt"
              items={unassigned.buckets.map((b) => {
                const bucket = unassignedAgeBuckets.find((u) => u.key === b.key);
                const label = bucket?.label ?? b.key;
                return {
                  key: b.key,
                  label: bucketLabel(label),
                  context: `unassigned, received ${label} ago`,
                  figure: b,
                };
              })}
            />
          </StatCard>
        ) : (
          <StatCard
            title="Unassigned"
            caption="Not counted while the dashboard shows one person’s requests"
            value="—"
          />
        )}
      </SimpleGrid>
      <Group gap="xs" align="baseline" wrap="wrap" mt={4}>
        <Title order={2} size="h5">
          Answers
        </Title>
        <Text size="sm" c="dimmed">
          Requests answered in the period; identity checks of requests received in it.
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <StatCard
          title="On time"
          caption={
            responded === 0
              ? 'Nothing answered in the period'
              : `Of ${formatCount(responded)} answered, by the effective date`
          }
          value={
            <ShareLink
              part={answered.effective.onTime}
              whole={responded}
              context="on time by the effective date"
            />
          }
        >
          {responded > 0 ? (
            <Group gap="sm" wrap="wrap">
              <Text size="xs">
                Statutory{' '}
                <ShareLink
                  part={answered.statutory.onTime}
                  whole={responded}
                  context={`on time by the ${closureBasisLabels.statutory.toLowerCase()}`}
                />
              </Text>
              <Text size="xs">
                Company{' '}
                <ShareLink
                  part={answered.company.onTime}
                  whole={responded}
                  context={`on time by the ${closureBasisLabels.company.toLowerCase()}`}
                />
              </Text>
            </Group>
          ) : null}
        </StatCard>
        <StatCard
          title="Extension rate"
          caption={responded === 0 ? 'Nothing answered in the period' : `Extended before answering`}
          value={<ShareLink part={extended} whole={responded} context="answered with an extension" />}
        >
          {responded > 0 ? (
            <Text size="xs">
              <FigureLink figure={extended} context="extended" /> of{' '}
              <FigureLink figure={answered.responded}>{formatCount(responded)} answered</FigureLink>
            </Text>
          ) : null}
        </StatCard>
        <StatCard
          title="Verification pass rate"
          caption={
            checked === 0
              ? 'No identity check has passed or failed yet'
              : 'Identity checks of requests received'
          }
          value={<ShareLink part={verification.passed} whole={checked} context="of identity checks passed" />}
        >
          {checked > 0 ? (
            <Text size="xs">
              <FigureLink figure={verification.passed}>
                {formatCount(verification.passed.count)} passed
              </FigureLink>
              ,{' '}
              <FigureLink figure={verification.failed}>
                {formatCount(verification.failed.count)} failed
              </FigureLink>
            </Text>
          ) : null}
        </StatCard>
      </SimpleGrid>
    </Stack>
  );
}

export function StatCardsSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      {Array.from({ length: 7 }, (_, i) => (
        <Skeleton key={i} height={112} radius="md" />
      ))}
    </SimpleGrid>
  );
}
