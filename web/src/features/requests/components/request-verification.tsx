import {
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  dataPointFields,
  dataPointLabels,
  documentTypeLabels,
  documentTypes,
  isErasureType,
  isOpenStatus,
  knowScopeLabels,
  knowScopes,
  verificationLevelLabels,
  verificationMethodLabels,
  type DataPointField,
  type DocumentType,
} from '@privdesk/shared/constants';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { StandingChip } from '../../../components/feedback/standing-chip';
import { IconShieldCheck } from '@tabler/icons-react';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { useRequestMutations } from '../hooks/use-request-mutations';
import { formatDateTime } from '../format';
import type { RequestView } from '../types';

type Verification = RequestView['verification'];
type CheckRecord = Verification['records'][number];
type Dialog = 'data_points' | 'document' | 'agent' | 'code' | null;

function useVerificationMutations() {
  const m = useRequestMutations();
  return {
    dataPoints: m.recordDataPoints,
    document: m.recordDocument,
    accountMatch: m.recordAccountMatch,
    agent: m.recordAgentAuthority,
    scope: m.setVerificationScope,
    sendLink: m.sendLink,
    sendCode: m.sendCode,
    checkCode: m.checkCode,
  };
}

/** One check in a line: "Data points matched — 2 of 3 (Full name, Plan)". */
function describeCheck(c: CheckRecord): string {
  switch (c.method) {
    case 'data_points':
      return `${c.matchedPoints.length} of ${c.comparedPoints} matched${
        c.matchedPoints.length > 0 ? ` (${c.matchedPoints.map((p) => dataPointLabels[p]).join(', ')})` : ''
      }${c.declarationSigned ? '; declaration signed' : ''}`;
    case 'document_review':
      return `${c.documentType ? documentTypeLabels[c.documentType] : 'Document'} ${c.outcome === 'passed' ? 'checked out' : 'did not check out'}`;
    case 'account_match':
      return 'Written from the linked account’s own email';
    case 'authorised_agent':
      return c.subjectConfirmed
        ? 'Signed permission seen; the subject confirmed directly'
        : 'The subject did not confirm the agent';
    case 'email_link':
    case 'one_time_code':
      return `${c.outcome === 'passed' ? 'Confirmed' : 'Not confirmed'}${c.toAccountEmail ? ' at the account’s own email' : ' at another address (one data point)'}`;
  }
}

function gatheredOf(v: Verification): string[] {
  const out: string[] = [];
  if (v.points.length > 0) {
    out.push(
      `${v.points.length} data point${v.points.length === 1 ? '' : 's'}: ${v.points.map((p) => dataPointLabels[p]).join(', ')}`,
    );
  }
  if (v.declarationSigned) out.push('Signed declaration');
  if (v.documentSeen) out.push('Document reviewed by an officer');
  if (v.agentConfirmed) out.push('Agent’s authority confirmed by the subject');
  return out;
}

/**
 * The request page's verification section (issue 13, item 1): the level this request needs and why, what
 * has been gathered, what is still missing, every check with who recorded it, and — for officers, while the
 * request is open — the ways to record one. Work cannot start until the level is met; the server refuses it.
 */
export function RequestVerification({ request: r, canVerify }: { request: RequestView; canVerify: boolean }) {
  const v = r.verification;
  const [dialog, setDialog] = useState<Dialog>(null);
  const mutations = useVerificationMutations();
  const open = isOpenStatus(r.status);
  const editable = canVerify && open;
  const gathered = gatheredOf(v);
  const failed = (error: unknown, title = 'Not recorded') =>
    notifications.show({
      color: 'red',
      title,
      message: errorMessageOf(error),
      autoClose: false,
    });

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Badge variant="light" color={v.required === 'none' ? 'gray' : 'blue'} tt="none" radius="sm">
          {verificationLevelLabels[v.required]} needed
        </Badge>
        {v.required === 'none' ? null : v.satisfied ? (
          <Badge
            variant="default"
            tt="none"
            radius="sm"
            leftSection={<IconShieldCheck size={12} aria-hidden />}
          >
            Verified
          </Badge>
        ) : (
          <StandingChip tone="soon">Not verified yet</StandingChip>
        )}
      </Group>
      <Text size="sm">{v.why}</Text>
      {v.required !== 'none' ? (
        <>
          <div>
            <Text size="sm" fw={600}>
              Gathered
            </Text>
            {gathered.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing yet.
              </Text>
            ) : (
              <List size="sm" spacing={2}>
                {gathered.map((g) => (
                  <List.Item key={g}>{g}</List.Item>
                ))}
              </List>
            )}
          </div>
          {v.missing ? (
            <div>
              <Text size="sm" fw={600}>
                Still missing
              </Text>
              <Text size="sm">{v.missing}</Text>
            </div>
          ) : null}
        </>
      ) : null}
      {editable && (r.regime === 'ccpa' && r.type === 'know' ? true : isErasureType(r.type)) ? (
        <ScopeControls request={r} mutations={mutations} onError={failed} />
      ) : null}
      {/* Once the level is met there is nothing left to gather: the checks stay listed below. */}
      {editable && v.required !== 'none' && !v.satisfied ? (
        <Group gap="xs">
          <Button
            size="xs"
            loading={mutations.sendLink.isPending}
            onClick={() =>
              mutations.sendLink.mutate(
                { id: r.id, version: r.version },
                {
                  onSuccess: (out) =>
                    notifications.show({
                      color: 'teal',
                      title: `Verification link queued for ${r.reference}`,
                      message: `It goes to the requester’s address and works once, until ${formatDateTime(out.expiresAt)}. Follow it under Sent mail.`,
                    }),
                  onError: (error) => failed(error, 'Not sent'),
                },
              )
            }
          >
            Send verification link
          </Button>
          <Button
            size="xs"
            variant="light"
            loading={mutations.sendCode.isPending}
            onClick={() =>
              mutations.sendCode.mutate(
                { id: r.id, version: r.version },
                {
                  onSuccess: () => {
                    notifications.show({
                      color: 'teal',
                      title: `One-time code queued for ${r.reference}`,
                      message: 'Ask the caller to read it out from their email: it works for 10 minutes.',
                    });
                    setDialog('code');
                  },
                  onError: (error) => failed(error, 'Not sent'),
                },
              )
            }
          >
            Send one-time code
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setDialog('code')}>
            Check a code
          </Button>
          {r.customer ? (
            <Button size="xs" variant="light" onClick={() => setDialog('data_points')}>
              Compare data points
            </Button>
          ) : null}
          <Button size="xs" variant="light" onClick={() => setDialog('document')}>
            Record a document seen
          </Button>
          {v.accountMatchAvailable ? (
            <Button
              size="xs"
              variant="light"
              loading={mutations.accountMatch.isPending}
              onClick={() =>
                mutations.accountMatch.mutate(
                  { id: r.id, version: r.version },
                  {
                    onSuccess: (out) =>
                      notifications.show({
                        color: 'teal',
                        title: `Account match recorded for ${r.reference}`,
                        message: out.verification.satisfied
                          ? 'The required level is met.'
                          : (out.verification.missing ?? ''),
                      }),
                    onError: (error) => failed(error),
                  },
                )
              }
            >
              Record account match
            </Button>
          ) : null}
          {r.channel === 'authorised_agent' ? (
            <Button size="xs" variant="light" onClick={() => setDialog('agent')}>
              Agent’s authority
            </Button>
          ) : null}
        </Group>
      ) : null}
      {v.records.length > 0 ? (
        <div>
          <Text size="sm" fw={600}>
            Checks
          </Text>
          <List size="sm" spacing={4}>
            {v.records.map((c) => (
              <List.Item key={c.id}>
                <Text size="sm" span fw={500}>
                  {verificationMethodLabels[c.method]}
                </Text>{' '}
                <Text size="sm" span c={c.outcome === 'failed' ? 'red' : undefined}>
                  — {describeCheck(c)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(c.recordedAt)}
                  {c.recordedBy ? ` · ${c.recordedBy.name}` : ''}
                  {c.note ? ` · ${c.note}` : ''}
                </Text>
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
      {dialog === 'data_points' ? (
        <DataPointsDialog request={r} onClose={() => setDialog(null)} mutation={mutations.dataPoints} />
      ) : null}
      {dialog === 'document' ? (
        <DocumentDialog request={r} onClose={() => setDialog(null)} mutation={mutations.document} />
      ) : null}
      {dialog === 'agent' ? (
        <AgentDialog request={r} onClose={() => setDialog(null)} mutation={mutations.agent} />
      ) : null}
      {dialog === 'code' ? (
        <CodeDialog request={r} onClose={() => setDialog(null)} mutation={mutations.checkCode} />
      ) : null}
    </Stack>
  );
}

type Mutations = ReturnType<typeof useVerificationMutations>;

function ScopeControls({
  request: r,
  mutations,
  onError,
}: {
  request: RequestView;
  mutations: Mutations;
  onError: (error: unknown) => void;
}) {
  const v = r.verification;
  if (r.regime === 'ccpa' && r.type === 'know') {
    return (
      <Select
        label="What the requester asks to know"
        size="xs"
        maw={360}
        allowDeselect={false}
        data={knowScopes.map((s) => ({ value: s, label: knowScopeLabels[s] }))}
        value={v.knowScope ?? 'categories'}
        disabled={mutations.scope.isPending}
        onChange={(value) => {
          if (!value || value === (v.knowScope ?? 'categories')) return;
          mutations.scope.mutate({ id: r.id, version: r.version, knowScope: value }, { onError });
        }}
      />
    );
  }
  return (
    <Checkbox
      size="xs"
      label="The deletion reaches sensitive data (needs high verification)"
      checked={v.sensitiveData}
      disabled={mutations.scope.isPending}
      onChange={(e) =>
        mutations.scope.mutate(
          { id: r.id, version: r.version, sensitiveData: e.currentTarget.checked },
          { onError },
        )
      }
    />
  );
}

interface DialogProps<M> {
  request: RequestView;
  onClose: () => void;
  mutation: M;
}

/** Sends a check, closes on success, shows a stale version as a conflict and other refusals beside the fields. */
function useCheckSubmit<V extends object>(
  form: { getValues: () => V; setErrors: (e: FormErrors) => void },
  r: RequestView,
  onClose: () => void,
) {
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const run = async (send: () => Promise<{ verification: Verification }>, done: string) => {
    setProblem(null);
    setConflict(null);
    try {
      const out = await send();
      notifications.show({
        color: out.verification.satisfied ? 'teal' : 'yellow',
        title: `${done} for ${r.reference}`,
        message: out.verification.satisfied
          ? `${verificationLevelLabels[out.verification.required]} verification is met: work can start.`
          : (out.verification.missing ?? ''),
      });
      onClose();
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') setConflict(errorMessageOf(error));
      else setProblem(applyServerErrors(form, error));
    }
  };
  return { problem, conflict, run };
}

/** The frame every check's dialog shares: what it records, the fields, a conflict, the refusal, the buttons. */
function CheckDialog({
  title,
  size,
  intro,
  onSubmit,
  onClose,
  conflict,
  problem,
  submitLabel,
  loading,
  children,
}: {
  title: string;
  size: 'md' | 'lg';
  intro: ReactNode;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  onClose: () => void;
  conflict: string | null;
  problem: string | null;
  submitLabel: string;
  loading: boolean;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={onClose} title={title} size={size}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">{intro}</Text>
          {conflict ? <ConflictAlert message={conflict} onReload={onClose} /> : null}
          {children}
          <DialogActions
            problem={problem}
            problemTitle="Not recorded"
            submitLabel={submitLabel}
            loading={loading}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function DataPointsDialog({ request: r, onClose, mutation }: DialogProps<Mutations['dataPoints']>) {
  const form = useForm<Record<DataPointField, string> & { declarationSigned: boolean; note: string }>({
    mode: 'controlled',
    initialValues: {
      ...(Object.fromEntries(dataPointFields.map((f) => [f, ''])) as Record<DataPointField, string>),
      declarationSigned: false,
      note: '',
    },
  });
  const { problem, conflict, run } = useCheckSubmit(form, r, onClose);
  const submit = form.onSubmit((values) => {
    const supplied = Object.fromEntries(
      dataPointFields.map((f) => [f, values[f].trim()]).filter(([, value]) => value !== ''),
    ) as Partial<Record<DataPointField, string>>;
    if (Object.keys(supplied).length === 0) {
      form.setErrors({ name: 'Enter at least one thing the requester told you.' });
      return;
    }
    void run(
      () =>
        mutation.mutateAsync({
          id: r.id,
          version: r.version,
          supplied,
          declarationSigned: values.declarationSigned,
          note: values.note.trim() || null,
        }),
      'Data points compared',
    );
  });
  return (
    <CheckDialog
      title={`Compare data points: ${r.reference}`}
      size="lg"
      intro={
        <>
          Type what the requester told you. The server compares it with account {r.customer?.accountNumber}{' '}
          and keeps only which fields matched — never what was said. Two matches meet standard; three and a
          signed declaration meet high.
        </>
      }
      onSubmit={submit}
      onClose={onClose}
      conflict={conflict}
      problem={problem}
      submitLabel="Compare"
      loading={mutation.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {dataPointFields.map((f, i) => (
          <TextInput
            key={f}
            label={dataPointLabels[f]}
            data-autofocus={i === 0 || undefined}
            autoComplete="off"
            {...form.getInputProps(f)}
          />
        ))}
      </SimpleGrid>
      <Checkbox
        label="The requester signed the declaration (a signed copy was received)"
        {...form.getInputProps('declarationSigned', { type: 'checkbox' })}
      />
      <Textarea
        label="Note (optional)"
        description="How the answers were given. No identity numbers."
        autosize
        minRows={2}
        {...form.getInputProps('note')}
      />
    </CheckDialog>
  );
}

function DocumentDialog({ request: r, onClose, mutation }: DialogProps<Mutations['document']>) {
  const form = useForm<{ documentType: string; outcome: string; note: string }>({
    mode: 'controlled',
    initialValues: { documentType: '', outcome: '', note: '' },
    validate: {
      documentType: (value) => (value ? null : 'Choose the type of document seen.'),
      outcome: (value) => (value ? null : 'Say whether the document checked out.'),
    },
  });
  const { problem, conflict, run } = useCheckSubmit(form, r, onClose);
  const submit = form.onSubmit((values) =>
    run(
      () =>
        mutation.mutateAsync({
          id: r.id,
          version: r.version,
          documentType: values.documentType as DocumentType,
          outcome: values.outcome as 'passed' | 'failed',
          note: values.note.trim() || null,
        }),
      'Document review recorded',
    ),
  );
  return (
    <CheckDialog
      title={`Record a document seen: ${r.reference}`}
      size="md"
      intro={
        <>
          Record that you saw an identity document, its type and whether it checked out. Do not keep the
          document or write its number here.
        </>
      }
      onSubmit={submit}
      onClose={onClose}
      conflict={conflict}
      problem={problem}
      submitLabel="Record"
      loading={mutation.isPending}
    >
      <Select
        label="Document"
        withAsterisk
        data-autofocus
        data={documentTypes.map((d) => ({ value: d, label: documentTypeLabels[d] }))}
        {...form.getInputProps('documentType')}
      />
      <Select
        label="Outcome"
        withAsterisk
        data={[
          { value: 'passed', label: 'Checked out: it matches the requester' },
          { value: 'failed', label: 'Did not check out' },
        ]}
        {...form.getInputProps('outcome')}
      />
      <Textarea label="Note (optional)" autosize minRows={2} {...form.getInputProps('note')} />
    </CheckDialog>
  );
}

function AgentDialog({ request: r, onClose, mutation }: DialogProps<Mutations['agent']>) {
  const form = useForm<{ subjectConfirmed: boolean; note: string }>({
    mode: 'controlled',
    initialValues: { subjectConfirmed: false, note: '' },
    validate: {
      note: (value) =>
        value.trim() ? null : 'Say how the permission was checked and how the subject confirmed it.',
    },
  });
  const { problem, conflict, run } = useCheckSubmit(form, r, onClose);
  const submit = form.onSubmit((values) =>
    run(
      () =>
        mutation.mutateAsync({
          id: r.id,
          version: r.version,
          subjectConfirmed: values.subjectConfirmed,
          note: values.note.trim(),
        }),
      'Agent’s authority recorded',
    ),
  );
  return (
    <CheckDialog
      title={`Agent’s authority: ${r.reference}`}
      size="md"
      intro={
        <>
          An agent needs the subject’s signed permission, and the subject must confirm directly — not through
          the agent — that the agent acts for them.
        </>
      }
      onSubmit={submit}
      onClose={onClose}
      conflict={conflict}
      problem={problem}
      submitLabel="Record"
      loading={mutation.isPending}
    >
      <Checkbox
        label="The subject confirmed directly that the agent acts for them"
        {...form.getInputProps('subjectConfirmed', { type: 'checkbox' })}
      />
      <Textarea
        label="How it was checked"
        withAsterisk
        data-autofocus
        autosize
        minRows={2}
        {...form.getInputProps('note')}
      />
    </CheckDialog>
  );
}

/**
 * The code the caller reads out from the mail we sent them (six digits, ten minutes, five attempts): a
 * wrong one is recorded and says how many tries are left; the sixth is refused even when right.
 */
function CodeDialog({
  request: r,
  onClose,
  mutation,
}: {
  request: RequestView;
  onClose: () => void;
  mutation: Mutations['checkCode'];
}) {
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: {
      code: (value) => (/^\d{6}$/.test(value.trim()) ? null : 'The code is six digits.'),
    },
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [version, setVersion] = useState(r.version);
  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const out = await mutation.mutateAsync({ id: r.id, version, code: values.code.trim() });
      setVersion(out.version);
      if (out.outcome === 'passed') {
        notifications.show({
          color: 'teal',
          title: `Code confirmed for ${r.reference}`,
          message: 'The check is recorded.',
        });
        onClose();
        return;
      }
      form.setFieldError(
        'code',
        out.attemptsLeft > 0
          ? `Not the code we sent: ${out.attemptsLeft} ${out.attemptsLeft === 1 ? 'try' : 'tries'} left.`
          : 'Not the code we sent, and that was the last try: send a new code.',
      );
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') setConflict(errorMessageOf(error));
      else setProblem(applyServerErrors(form, error));
    }
  });
  return (
    <CheckDialog
      title={`Check a code: ${r.reference}`}
      size="md"
      intro="Ask the caller to read out the six-digit code from the email we just sent to the request’s address."
      conflict={conflict}
      onClose={onClose}
      onSubmit={submit}
      problem={problem}
      submitLabel="Check the code"
      loading={mutation.isPending}
    >
      <TextInput
        label="Code the caller read out"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        withAsterisk
        data-autofocus
        {...form.getInputProps('code')}
      />
    </CheckDialog>
  );
}
