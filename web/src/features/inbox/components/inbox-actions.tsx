import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  notRequestReasonLabels,
  notRequestReasons,
  requestStatusLabels,
  requestStatuses,
  requestTypeLabels,
  threadedViaLabels,
} from '@privdesk/shared/constants';
import { IconArrowRight } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { paths } from '../../../config/paths';
import { applyServerErrors } from '../../../lib/form-errors';
import { regimeLabel } from '../../../lib/labels';
import { errorMessageOf, trpcCodeOf, type RouterOutputs } from '../../../lib/trpc';
import { formatExactDateTime, subjectOf } from '../format';
import { useInboxMutations } from '../hooks/use-inbox-mutations';
import classes from './inbox-page.module.css';

type InboxGet = RouterOutputs['inbox']['get'];
type Mail = InboxGet['mail'];
type Suggestion = InboxGet['suggestion'];
type OpenForm = 'attach' | 'dismiss' | null;

/** A refusal for a form-less action, or one the forms could not place beside a field. */
interface Problem {
  message: string;
  isConflict: boolean;
}

function problemOf(error: unknown, message: string | null): Problem | null {
  if (message === null) return null;
  // "Already handled" (BAD_REQUEST) is the same news as a stale version: someone else got there first.
  const code = trpcCodeOf(error);
  const handledMeanwhile =
    code === 'CONFLICT' || (code === 'BAD_REQUEST' && /already handled/i.test(message));
  return { message, isConflict: handledMeanwhile };
}

function statusWords(status: string): string {
  const known = requestStatuses.find((s) => s === status);
  return known ? requestStatusLabels[known] : status;
}

function newRequestHref(mailId: string): string {
  return `${paths.newRequest.build()}?${new URLSearchParams({ fromMail: mailId }).toString()}`;
}

/** "Looks like: erasure · EU GDPR (from the account's country)", when the words or the account suggest anything. */
function LooksLike({ suggestion }: { suggestion: Suggestion }) {
  const parts = [
    suggestion.type ? requestTypeLabels[suggestion.type] : null,
    suggestion.regime ? regimeLabel(suggestion.regime) : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return (
    <Text size="sm">
      Looks like: <strong>{parts.join(' · ')}</strong>
      {suggestion.regime && suggestion.customer ? ' (from the account’s country)' : ''}
    </Text>
  );
}

function SuggestionText({ suggestion }: { suggestion: Suggestion }): ReactNode {
  switch (suggestion.action) {
    case 'new_request':
      return (
        <Text size="sm">
          Nothing ties it to a request yet: it looks like a new one. Making a request of it dates the request
          from when the email arrived.
        </Text>
      );
    case 'reply':
      return suggestion.request ? (
        <Text size="sm">
          It names{' '}
          <Anchor component={Link} to={paths.request.build(suggestion.request.id)} fw={600}>
            {suggestion.request.reference}
          </Anchor>{' '}
          (status: {statusWords(suggestion.request.status)}): it probably belongs on that request.
        </Text>
      ) : (
        <Text size="sm">It looks like a reply on a request.</Text>
      );
    case 'not_request':
      return (
        <Text size="sm">
          It looks automatic (bulk mail, an auto-reply or a mailing list) or has no sender address to answer:
          probably not a request.
        </Text>
      );
  }
}

function AttachForm({
  mail,
  onDone,
  onCancel,
}: {
  mail: Mail;
  onDone: (reference: string) => void;
  onCancel: () => void;
}) {
  const { attach } = useInboxMutations();
  const [problem, setProblem] = useState<Problem | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { reference: '' } });
  const submit = form.onSubmit(async ({ reference }) => {
    setProblem(null);
    try {
      const out = await attach.mutateAsync({ id: mail.id, version: mail.version, reference });
      onDone(out.request?.reference ?? reference.trim().toUpperCase());
    } catch (error) {
      setProblem(problemOf(error, applyServerErrors(form, error)));
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Put on another request">
      <Stack gap="xs">
        <TextInput
          label="Request reference"
          description="The request this message belongs on."
          placeholder="DSR-2026-000123"
          autoComplete="off"
          data-autofocus
          key={form.key('reference')}
          {...form.getInputProps('reference')}
          maw={320}
        />
        <ProblemAlert problem={problem} title="Not put on the request" />
        <Group gap="xs">
          <Button type="submit" loading={attach.isPending}>
            Put on this request
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DismissForm({ mail, onDone, onCancel }: { mail: Mail; onDone: () => void; onCancel: () => void }) {
  const { dismiss } = useInboxMutations();
  const [problem, setProblem] = useState<Problem | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '', note: '' },
    validate: {
      reason: (value: string) => (value === '' ? 'Choose why this is not a request.' : null),
    },
  });
  const submit = form.onSubmit(async ({ reason, note }) => {
    const chosen = notRequestReasons.find((r) => r === reason);
    if (!chosen) return;
    setProblem(null);
    try {
      const trimmed = note.trim();
      await dismiss.mutateAsync({
        id: mail.id,
        version: mail.version,
        reason: chosen,
        ...(trimmed.length > 0 ? { note: trimmed } : {}),
      });
      onDone();
    } catch (error) {
      setProblem(problemOf(error, applyServerErrors(form, error)));
    }
  });
  const isOther = form.values.reason === 'other';
  return (
    <form onSubmit={submit} noValidate aria-label="Not a request">
      <Stack gap="xs">
        <NativeSelect
          label="What it is instead"
          data-autofocus
          withAsterisk
          data={[
            { value: '', label: 'Choose…', disabled: true },
            ...notRequestReasons.map((r) => ({ value: r, label: notRequestReasonLabels[r] })),
          ]}
          {...form.getInputProps('reason')}
          maw={360}
        />
        <TextInput
          label="Note"
          description={
            isOther
              ? 'Required for something else: what is this message?'
              : 'Optional: anything the next reader should know.'
          }
          withAsterisk={isOther}
          autoComplete="off"
          {...form.getInputProps('note')}
          maw={480}
        />
        <ProblemAlert problem={problem} title="Not marked" />
        <Group gap="xs">
          <Button type="submit" loading={dismiss.isPending}>
            Mark as not a request
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ProblemAlert({ problem, title }: { problem: Problem | null; title: string }) {
  if (!problem) return null;
  return problem.isConflict ? (
    <ConflictAlert title="Someone else handled this message" message={problem.message} />
  ) : (
    <Alert color="red" variant="light" title={title} role="alert">
      {problem.message}
    </Alert>
  );
}

/**
 * What to do with a new message: the inbox's suggestion first, as the primary button, and the other ways
 * out beside it. Every suggestion is the officer's to confirm; none is acted on by itself.
 */
export function SuggestedAction({ data, canTriage }: { data: InboxGet; canTriage: boolean }) {
  const { mail, suggestion } = data;
  const { attach } = useInboxMutations();
  const [open, setOpen] = useState<OpenForm>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const subject = subjectOf(mail.subject);

  const attached = (reference: string) => {
    setOpen(null);
    notifications.show({ color: 'teal', title: `Put on ${reference}`, message: subject });
  };
  const dismissed = () => {
    setOpen(null);
    notifications.show({ color: 'teal', title: 'Marked as not a request', message: subject });
  };
  const putOnSuggested = async (reference: string) => {
    setProblem(null);
    try {
      await attach.mutateAsync({ id: mail.id, version: mail.version, reference });
      attached(reference);
    } catch (error) {
      setProblem(problemOf(error, errorMessageOf(error)));
    }
  };
  const toggle = (form: Exclude<OpenForm, null>) => {
    setProblem(null);
    setOpen((current) => (current === form ? null : form));
  };

  const suggestedRequest = suggestion.action === 'reply' ? suggestion.request : null;
  const makeRequest = (primary: boolean) => (
    <Button
      component={Link}
      to={newRequestHref(mail.id)}
      variant={primary ? 'filled' : 'default'}
      rightSection={primary ? <IconArrowRight size={16} aria-hidden /> : undefined}
    >
      Make a request of this email
    </Button>
  );

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="inbox-next-step"
      className={classes.next}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id="inbox-next-step">
          Suggested next step
        </Title>
        <SuggestionText suggestion={suggestion} />
        <LooksLike suggestion={suggestion} />
        {suggestion.customer ? (
          <Text size="sm">
            The sender’s address is the account{' '}
            <Anchor
              component={Link}
              to={paths.customer.build(suggestion.customer.id)}
              ff="monospace"
              className={classes.account}
            >
              {suggestion.customer.accountNumber}
            </Anchor>{' '}
            ({suggestion.customer.country}).
          </Text>
        ) : null}
        {canTriage ? (
          <>
            <Group gap="xs" wrap="wrap">
              {suggestion.action === 'new_request' ? makeRequest(true) : null}
              {suggestedRequest ? (
                <Button
                  loading={attach.isPending}
                  onClick={() => void putOnSuggested(suggestedRequest.reference)}
                >
                  Put on {suggestedRequest.reference}
                </Button>
              ) : null}
              {suggestion.action === 'not_request' ? (
                <Button onClick={() => toggle('dismiss')} aria-expanded={open === 'dismiss'}>
                  Not a request…
                </Button>
              ) : null}
            </Group>
            <ProblemAlert problem={problem} title="Not put on the request" />
            <Group gap="xs" wrap="wrap" aria-label="Other actions" role="group">
              {suggestion.action !== 'new_request' ? makeRequest(false) : null}
              <Button variant="default" onClick={() => toggle('attach')} aria-expanded={open === 'attach'}>
                Put on another request…
              </Button>
              {suggestion.action !== 'not_request' ? (
                <Button
                  variant="default"
                  onClick={() => toggle('dismiss')}
                  aria-expanded={open === 'dismiss'}
                >
                  Not a request…
                </Button>
              ) : null}
            </Group>
            {open === 'attach' ? (
              <AttachForm mail={mail} onDone={attached} onCancel={() => setOpen(null)} />
            ) : null}
            {open === 'dismiss' ? (
              <DismissForm mail={mail} onDone={dismissed} onCancel={() => setOpen(null)} />
            ) : null}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Triage is for privacy officers.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function notRequestText(notRequest: NonNullable<Mail['notRequest']>): string {
  const note = notRequest.note?.trim() ?? '';
  // "Something else (say what)" is the form's prompt; the note is the answer.
  if (notRequest.reason === 'other') return note.length > 0 ? note : 'something else';
  // The labels are written to stand alone ("A reply to marketing"); here they continue a sentence.
  const label = notRequestReasonLabels[notRequest.reason];
  const inSentence = label.charAt(0).toLowerCase() + label.slice(1);
  return note.length > 0 ? `${inSentence} — ${note}` : inSentence;
}

/** What became of a handled message, who decided it (or that the desk threaded it by itself) and when. */
export function HandledOutcome({ mail }: { mail: Mail }) {
  let outcome: ReactNode;
  switch (mail.status) {
    case 'new':
      return null;
    case 'request':
      outcome = mail.request ? (
        <>
          Made request{' '}
          <Anchor component={Link} to={paths.request.build(mail.request.id)} fw={600}>
            {mail.request.reference}
          </Anchor>
        </>
      ) : (
        'Made a request'
      );
      break;
    case 'reply':
      outcome = (
        <>
          On{' '}
          {mail.request ? (
            <Anchor component={Link} to={paths.request.build(mail.request.id)} fw={600}>
              {mail.request.reference}
            </Anchor>
          ) : (
            'a request'
          )}
          {mail.threadedVia ? ` (threaded because ${threadedViaLabels[mail.threadedVia]})` : ''}
        </>
      );
      break;
    case 'not_request':
      outcome = mail.notRequest ? `Not a request: ${notRequestText(mail.notRequest)}` : 'Not a request';
      break;
  }
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="inbox-outcome"
      className={classes.done}
    >
      <Stack gap={4}>
        <Title order={3} size="h4" id="inbox-outcome">
          Handled
        </Title>
        <Text size="sm">{outcome}</Text>
        {mail.handled ? (
          <Text size="sm" c="dimmed">
            By {mail.handled.by},{' '}
            <time dateTime={mail.handled.at}>{formatExactDateTime(mail.handled.at)}</time>
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
