import { Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import {
  clockEventKindLabels,
  requestChannelLabels,
  requestOutcomeLabels,
  requestReasonCodeLabels,
  requestStatusLabels,
  dataPointLabels,
  documentTypeLabels,
  knowScopeLabels,
  verificationLevelLabels,
  verificationMethodLabels,
  messageKindLabels,
  lineActionLabels,
  planEventLabels,
  retentionGroundLabels,
  threadedViaLabels,
} from '@privdesk/shared/constants';
import {
  IconArrowRight,
  IconAffiliate,
  IconCalendarEvent,
  IconClock,
  IconEraser,
  IconInbox,
  IconListCheck,
  IconMail,
  IconMailForward,
  IconNote,
  IconPoint,
  IconShieldCheck,
  IconUserShare,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { drpEventTitle } from '../drp';
import { formatCalendarDate, formatDateTime } from '../format';
import type { TimelineEventView as TimelineEvent } from '../types';

const messageEvents = {
  queued: 'queued to the requester',
  sent: 'sent to the requester',
  failed: 'failed',
  cancelled: 'cancelled before it left',
} as const;

function titleOf(event: TimelineEvent): string {
  switch (event.kind) {
    case 'intake':
      return `Logged (${requestChannelLabels[event.channel]})`;
    case 'status_changed':
      return `${requestStatusLabels[event.from]} → ${requestStatusLabels[event.to]}`;
    case 'assigned':
      if (event.to === null) return event.from ? `Unassigned (was ${event.from.name})` : 'Unassigned';
      if (event.from === null) return `Assigned to ${event.to.name}`;
      return `Re-assigned from ${event.from.name} to ${event.to.name}`;
    case 'note':
      return 'Note';
    case 'clock':
      return event.action === 'removed'
        ? `Removed: ${clockEventKindLabels[event.event]}`
        : clockEventKindLabels[event.event];
    case 'received_at_changed':
      return 'Receipt time corrected';
    case 'verification':
      return `Identity check: ${verificationMethodLabels[event.method]} (${event.outcome === 'passed' ? 'passed' : 'failed'})`;
    case 'verification_scope':
      return `Verification needed: ${verificationLevelLabels[event.required]}`;
    case 'message':
      return `${messageKindLabels[event.messageKind]}: ${messageEvents[event.event]}`;
    case 'merged':
      return event.side === 'survivor'
        ? `Duplicate ${event.otherReference} merged in`
        : `Merged into ${event.otherReference}`;
    case 'erasure_plan':
      return planEventLabels[event.event];
    case 'mail_received':
      return event.via === 'officer'
        ? 'Email from the requester, put on the request'
        : 'Reply from the requester';
    case 'drp':
      return drpEventTitle(event);
    case 'retention':
      return `Requester’s personal data removed, ${event.months} months after closing`;
    default:
      return describeKind(event);
  }
}

/**
 * Kinds this page does not know yet (the timeline grows: messages, verification steps, clock events) still
 * show, with who and when, under a readable name: `received_at_changed` → "Received at changed".
 */
function describeKind(event: { kind: string }): string {
  const words = event.kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function iconOf(event: TimelineEvent): ReactNode {
  switch (event.kind) {
    case 'intake':
      return <IconInbox size={14} aria-hidden />;
    case 'status_changed':
      return <IconArrowRight size={14} aria-hidden />;
    case 'assigned':
      return <IconUserShare size={14} aria-hidden />;
    case 'note':
      return <IconNote size={14} aria-hidden />;
    case 'clock':
      return <IconClock size={14} aria-hidden />;
    case 'received_at_changed':
      return <IconCalendarEvent size={14} aria-hidden />;
    case 'verification':
    case 'verification_scope':
      return <IconShieldCheck size={14} aria-hidden />;
    case 'message':
      return <IconMail size={14} aria-hidden />;
    case 'mail_received':
      return <IconMailForward size={14} aria-hidden />;
    case 'erasure_plan':
      return <IconListCheck size={14} aria-hidden />;
    case 'drp':
      return <IconAffiliate size={14} aria-hidden />;
    case 'retention':
      return <IconEraser size={14} aria-hidden />;
    default:
      return <IconPoint size={14} aria-hidden />;
  }
}

/** Labelled lines under an event: what the change recorded besides the move itself. */
function detailsOf(event: TimelineEvent): [string, string][] {
  switch (event.kind) {
    case 'intake':
      return [['Received', formatDateTime(event.receivedAt)]];
    case 'status_changed': {
      const lines: [string, string | null][] = [
        ['Outcome', event.outcome ? requestOutcomeLabels[event.outcome] : null],
        ['Reason code', event.reasonCode ? requestReasonCodeLabels[event.reasonCode] : null],
        ['Explanation sent', event.explanation],
        ['Asked the requester', event.message],
        ['Note', event.note],
      ];
      return lines.filter((line): line is [string, string] => line[1] !== null && line[1] !== '');
    }
    case 'clock': {
      const lines: [string, string][] = [['On', formatCalendarDate(event.on)]];
      if (event.reason) lines.push([event.action === 'removed' ? 'Why removed' : 'Reason', event.reason]);
      return lines;
    }
    case 'received_at_changed':
      return [
        ['From', formatDateTime(event.from)],
        ['To', formatDateTime(event.to)],
        ['Reason', event.reason],
      ];
    case 'verification': {
      const lines: [string, string][] = [];
      if (event.method === 'data_points') {
        lines.push([
          'Matched',
          `${event.matchedPoints.length} of ${event.comparedPoints}${event.matchedPoints.length > 0 ? `: ${event.matchedPoints.map((p) => dataPointLabels[p]).join(', ')}` : ''}`,
        ]);
      }
      if (event.documentType) lines.push(['Document', documentTypeLabels[event.documentType]]);
      if (event.declarationSigned) lines.push(['Declaration', 'Signed']);
      lines.push([
        'Verification',
        event.satisfied ? 'Required level met' : `Not met yet (${verificationLevelLabels[event.met]} so far)`,
      ]);
      return lines;
    }
    case 'erasure_plan': {
      const lines: [string, string][] = [['Plan version', String(event.planVersion)]];
      if (event.line) {
        const what = event.line.scope ? `${event.line.system}: ${event.line.scope}` : event.line.system;
        const ground = event.line.ground ? ` (${retentionGroundLabels[event.line.ground]})` : '';
        lines.push([what, `${lineActionLabels[event.line.action]}${ground}`]);
      }
      if (event.note) lines.push(['Note', event.note]);
      return lines;
    }
    case 'mail_received':
      return event.mail
        ? [
            ['From', event.mail.from],
            ['Subject', event.mail.subject || '(no subject)'],
            ['Arrived', formatDateTime(event.mail.receivedAt)],
            ['Threaded', threadedViaLabels[event.via]],
          ]
        : [['Threaded', threadedViaLabels[event.via]]];
    case 'message': {
      // The text itself is under Sent mail, once; the timeline says what happened to it and where it went.
      if (!event.text) return [];
      const lines: [string, string][] = [
        ['To', event.text.to],
        ['Subject', event.text.subject],
      ];
      if (event.event === 'failed' && event.text.serverAnswer)
        lines.push(['Server said', event.text.serverAnswer]);
      return lines;
    }
    case 'drp':
      // A failed delivery: what the agent's receiver last answered, if anything.
      return event.event === 'status_failed'
        ? [['Last answer', event.httpStatus === null ? 'None (no HTTP answer)' : `HTTP ${event.httpStatus}`]]
        : [];
    case 'verification_scope': {
      const lines: [string, string][] = [];
      if (event.knowScope) lines.push(['Asks to know', knowScopeLabels[event.knowScope]]);
      lines.push(['Sensitive data', event.sensitiveData ? 'Yes' : 'No']);
      return lines;
    }
    default:
      return [];
  }
}

/** Who acted when no staff member did. */
function systemActorOf(event: TimelineEvent): string {
  if (event.kind === 'retention') return 'The daily retention check';
  if (event.kind === 'verification') return 'The requester, on their own page';
  if (event.kind === 'drp' && (event.event === 'filed' || event.event === 'revoked'))
    return 'The authorised agent';
  return 'System';
}

/** Every event on the request, newest first, each with who and when. */
export function RequestTimeline({ events }: { events: readonly TimelineEvent[] }) {
  const newestFirst = [...events].reverse();
  if (newestFirst.length === 0) return <Text size="sm">Nothing has happened yet.</Text>;
  return (
    <Timeline bulletSize={26} lineWidth={2} active={-1}>
      {newestFirst.map((event) => (
        <Timeline.Item
          key={event.id}
          bullet={
            <ThemeIcon size={26} radius="xl" variant="light" aria-hidden>
              {iconOf(event)}
            </ThemeIcon>
          }
          title={
            <Text size="sm" fw={600} component="span">
              {titleOf(event)}
            </Text>
          }
        >
          <Stack gap={4} mt={2}>
            {event.kind === 'note' ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {event.text}
              </Text>
            ) : null}
            {detailsOf(event).map(([label, value]) => (
              <Text size="sm" key={label} style={{ whiteSpace: 'pre-wrap' }}>
                <Text span fw={600} size="sm">
                  {label}:
                </Text>{' '}
                {value}
              </Text>
            ))}
            {event.kind === 'message' && event.text && event.event === 'sent' ? (
              <details>
                <summary>
                  <Text span size="sm" c="blue">
                    The text as sent
                  </Text>
                </summary>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {event.text.body}
                </Text>
              </details>
            ) : null}
            <Text size="xs">
              {event.actor?.name ?? systemActorOf(event)} ·{' '}
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            </Text>
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
