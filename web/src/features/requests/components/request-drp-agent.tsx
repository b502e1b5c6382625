import { Anchor, Badge, List, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { drpExerciseLabels, drpStatusText } from '../drp';
import { formatCalendarDate, formatDateTime } from '../format';
import type { DrpRequestView } from '../types';

// A request an authorised agent filed over the Data Rights Protocol: who filed it and how, what the agent
// vouched for (that it gave each claim, never the values: those are the requester's fields above), what the
// agent reads now and every status sent to its callback.

/** The claims the agent attested, in words; "(verified by the agent)" where it says it checked one. */
function attestedOf(attested: DrpRequestView['attested']): string[] {
  const verified = (label: string, isVerified: boolean) =>
    isVerified ? `${label} (verified by the agent)` : label;
  const items: string[] = [];
  if (attested.name) items.push('Name');
  if (attested.email) items.push(verified('Email', attested.emailVerified));
  if (attested.phone) items.push(verified('Phone', attested.phoneVerified));
  if (attested.address) items.push(verified('Address', attested.addressVerified));
  if (attested.powerOfAttorney) items.push('Power of attorney');
  return items;
}

/** What the agent would be told if it asked now: the status, why, by when, and where the consumer verifies. */
function AgentSees({ current }: { current: DrpRequestView['current'] }) {
  return (
    <Stack gap={0}>
      <Text size="sm">{drpStatusText(current.status, current.reason ?? null)}</Text>
      {current.processing_details ? <Text size="sm">{current.processing_details}</Text> : null}
      {current.expected_by ? (
        <Text size="sm">
          Expected by <time dateTime={current.expected_by}>{formatCalendarDate(current.expected_by)}</time>
        </Text>
      ) : null}
      {current.user_verification_url ? (
        <Anchor href={current.user_verification_url} target="_blank" rel="noopener noreferrer" size="sm">
          Verification page
        </Anchor>
      ) : null}
    </Stack>
  );
}

/** The fact rows of the card, for the page's label/value table. */
export function drpAgentRows(drp: DrpRequestView): [string, ReactNode][] {
  const attested = attestedOf(drp.attested);
  const rows: [string, ReactNode][] = [
    [
      'Agent',
      <>
        <span title={drp.agent.id}>{drp.agent.name}</span>
        {drp.agent.status === 'disabled' ? (
          <Badge
            ml="xs"
            size="sm"
            color="gray"
            variant="light"
            tt="none"
            radius="sm"
            title="Its tokens are revoked and no statuses are sent to it"
          >
            Disabled
          </Badge>
        ) : null}
      </>,
    ],
    ['Agent’s request id', drp.agentRequestId ?? 'None given'],
    ['Action', drpExerciseLabels[drp.exercise]],
  ];
  if (drp.voluntary) rows.push(['Regime', 'Voluntary: no regime given — handled under the CCPA’s rules']);
  if (drp.relationships.length > 0) rows.push(['Relationships', drp.relationships.join(', ')]);
  rows.push(
    [
      'Attested',
      attested.length === 0 ? (
        'Nothing'
      ) : (
        <List size="sm" spacing={0}>
          {attested.map((item) => (
            <List.Item key={item}>{item}</List.Item>
          ))}
        </List>
      ),
    ],
    ['The agent sees now', <AgentSees current={drp.current} />],
    ['Status callback', drp.callbackHost ?? 'The agent gave no status callback'],
  );
  // Intake's duplicate warning: the agent filed it with nobody to warn, so the page says it.
  if (drp.duplicates.length > 0)
    rows.push([
      'Possible duplicates',
      <>
        {drp.duplicates.map((d, i) => (
          <span key={d.id}>
            {i > 0 ? ', ' : ''}
            <Anchor component={Link} to={paths.request.build(d.id)} size="sm">
              {d.reference}
            </Anchor>
          </span>
        ))}
        <Text size="xs" c="dimmed">
          Open requests of the same type from the same email or account.
        </Text>
      </>,
    ]);
  return rows;
}

/** Every status sent to the agent's callback (or given up on), newest first. */
export function DrpDeliveries({ drp }: { drp: DrpRequestView }) {
  if (drp.callbackHost === null) return null;
  const deliveries = drp.deliveries.filter((d) => d.event === 'status_sent' || d.event === 'status_failed');
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Statuses sent to the agent
      </Text>
      {deliveries.length === 0 ? (
        <Text size="sm">None yet.</Text>
      ) : (
        <List size="sm" spacing={2} aria-label="Statuses sent to the agent">
          {deliveries.map((d, index) => {
            const answer = d.httpStatus === null ? 'no HTTP answer' : `HTTP ${d.httpStatus}`;
            const attempt =
              d.event === 'status_sent'
                ? `attempt ${d.attempt}`
                : `after ${d.attempt} attempt${d.attempt === 1 ? '' : 's'}`;
            return (
              <List.Item key={`${index}-${d.at}`}>
                <time dateTime={d.at}>{formatDateTime(d.at)}</time> ·{' '}
                {d.event === 'status_sent' ? 'Sent' : 'Not delivered'}: {drpStatusText(d.status, d.reason)} ·{' '}
                {answer} · {attempt}
              </List.Item>
            );
          })}
        </List>
      )}
    </Stack>
  );
}
