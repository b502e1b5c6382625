import { Anchor, Box, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { inboundMailFlagLabels } from '@privdesk/shared/constants';
import { IconAlertTriangle, IconPaperclip } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { useCan } from '../../../lib/session';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import { authVerdictLabels, formatExactDateTime, formatSize, plural, senderOf, subjectOf } from '../format';
import { HandledOutcome, SuggestedAction } from './inbox-actions';
import { MailStatusBadge } from './inbox-list';
import classes from './inbox-page.module.css';

type Mail = RouterOutputs['inbox']['get']['mail'];

/** "SPF pass · DKIM none · DMARC none": what the receiving checks said, never proof of who wrote it. */
function SenderChecks({ auth }: { auth: Mail['auth'] }) {
  if (auth === null) {
    return (
      <Text size="sm">
        <strong>Sender checks</strong> pending
      </Text>
    );
  }
  const checks = [
    ['SPF', auth.spf],
    ['DKIM', auth.dkim],
    ['DMARC', auth.dmarc],
  ] as const;
  return (
    <Text size="sm">
      <strong>Sender checks:</strong>{' '}
      {checks.map(([name, check], i) => (
        <span key={name} title={check.domain ? `${name} for ${check.domain}` : undefined}>
          {i > 0 ? ' · ' : ''}
          {name} {authVerdictLabels[check.verdict]}
        </span>
      ))}
      <Text component="span" size="sm" c="dimmed">
        {' '}
        — a signal, not identity verification
      </Text>
    </Text>
  );
}

function Attachments({ attachments, kept }: { attachments: Mail['attachments']; kept: Mail['kept'] }) {
  if (attachments.length === 0) return null;
  const keptAt = new Map(kept.map((k) => [k.position, k]));
  const anyHeld = kept.some((k) => k.purgedAt === null);
  return (
    <Stack gap={4} component="section" aria-labelledby="inbox-attachments">
      <Title order={3} size="h5" id="inbox-attachments">
        {plural(attachments.length, 'attachment')}
      </Title>
      <List size="sm" spacing={2} icon={<IconPaperclip size={14} aria-hidden />} center>
        {attachments.map((a, i) => (
          <List.Item key={`${i}-${a.name}`}>
            <span className={classes.anywhere}>{a.name || '(no name)'}</span>
            <Text component="span" size="xs" c="dimmed">
              {' '}
              · {a.type} · {formatSize(a.size)}
            </Text>
            <KeptLine kept={keptAt.get(i)} name={a.name} />
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed">
        {anyHeld
          ? 'Kept for a short time only, then deleted by itself; anything not kept is recorded by name only.'
          : 'Recorded, not kept: the inbox stores a message’s text only. Ask the sender for anything you need.'}
      </Text>
    </Stack>
  );
}

/** A kept attachment: a download (a logged view) until its keeping time ends, then when it went. */
function KeptLine({ kept, name }: { kept: Mail['kept'][number] | undefined; name: string }) {
  if (!kept) return null;
  if (kept.purgedAt !== null)
    return (
      <Text component="span" size="xs" c="dimmed">
        {' '}
        · deleted {formatExactDateTime(kept.purgedAt)}
      </Text>
    );
  return (
    <Text component="span" size="xs">
      {' '}
      ·{' '}
      <Anchor href={`/export/inbox-attachment?id=${encodeURIComponent(kept.id)}`} download>
        Download {name || 'the attachment'}
      </Anchor>{' '}
      <Text component="span" size="xs" c="dimmed">
        (kept until {formatExactDateTime(kept.keptUntil)})
      </Text>
    </Text>
  );
}

function Meta({ mail }: { mail: Mail }) {
  const sender = senderOf(mail);
  return (
    <dl className={classes.metaList}>
      <dt>From</dt>
      <dd>
        {mail.fromAddress === null ? (
          <>
            {mail.fromName.trim() ? `${mail.fromName} · ` : ''}
            <em>No sender address</em>
            {mail.envelopeFrom ? (
              <Text component="span" size="xs" c="dimmed">
                {' '}
                (envelope sender {mail.envelopeFrom})
              </Text>
            ) : null}
          </>
        ) : (
          <>
            {sender.name !== sender.address ? <strong>{sender.name} </strong> : null}
            <span className={classes.anywhere}>&lt;{sender.address}&gt;</span>
          </>
        )}
      </dd>
      <dt>To</dt>
      <dd className={classes.anywhere}>{mail.to.join(', ') || '—'}</dd>
      <dt>Arrived</dt>
      <dd>
        <time dateTime={mail.receivedAt}>{formatExactDateTime(mail.receivedAt)}</time>
      </dd>
      <dt>Status</dt>
      <dd>
        <MailStatusBadge status={mail.status} />
      </dd>
    </dl>
  );
}

/** One message in full: who sent it, what is odd about it, what to do with it, then its text (as text, never HTML). */
export function InboxMail({ id, focusOnOpen = false }: { id: string; focusOnOpen?: boolean }) {
  const trpc = useTRPC();
  const canTriage = useCan('inbox:triage');
  const query = useQuery(trpc.inbox.get.queryOptions({ id }));
  const heading = useRef<HTMLHeadingElement>(null);
  const hasData = query.data !== undefined;
  // On a phone the message replaces the list: focus goes to its subject, where reading starts.
  useEffect(() => {
    if (focusOnOpen && hasData) heading.current?.focus();
  }, [focusOnOpen, hasData, id]);

  if (query.isError && !query.data) {
    return (
      <QueryErrorAlert
        title="Could not load this message"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  if (!query.data) {
    return (
      <Stack gap="sm" aria-busy role="status" aria-label="Loading the message">
        <Skeleton height={28} width="70%" radius="sm" />
        <Skeleton height={72} radius="sm" />
        <Skeleton height={120} radius="md" />
        <Skeleton height={200} radius="md" />
      </Stack>
    );
  }
  const { mail } = query.data;
  return (
    <Stack gap="md" component="section" aria-labelledby="inbox-mail-subject">
      <Title
        order={2}
        size="h3"
        id="inbox-mail-subject"
        ref={heading}
        tabIndex={-1}
        className={classes.subject}
      >
        {subjectOf(mail.subject)}
      </Title>
      <Meta mail={mail} />
      {mail.flags.length > 0 ? (
        <List
          size="sm"
          spacing={2}
          center
          icon={<IconAlertTriangle size={16} aria-hidden className={classes.flagIcon} />}
          aria-label="Notes on this message"
        >
          {mail.flags.map((flag) => (
            <List.Item key={flag}>{inboundMailFlagLabels[flag]}</List.Item>
          ))}
        </List>
      ) : null}
      <SenderChecks auth={mail.auth} />
      {mail.status === 'new' ? (
        <SuggestedAction data={query.data} canTriage={canTriage} />
      ) : (
        <HandledOutcome mail={mail} />
      )}
      <Attachments attachments={mail.attachments} kept={mail.kept} />
      <Stack gap={4} component="section" aria-labelledby="inbox-text">
        <Title order={3} size="h5" id="inbox-text">
          Text
        </Title>
        <Paper withBorder radius="md" p="md">
          {mail.text.trim().length > 0 ? (
            <Box className={classes.text}>{mail.text}</Box>
          ) : (
            <Text size="sm" fs="italic">
              This message has no text.
            </Text>
          )}
        </Paper>
      </Stack>
    </Stack>
  );
}
