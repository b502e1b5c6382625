import { Alert, Button, Checkbox, Group, Radio, Select, Stack, Text } from '@mantine/core';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { useForm, type FormErrors } from '@mantine/form';
import {
  askRequesterKindLabels,
  askRequesterKinds,
  checkMove,
  completionOutcomes,
  denialReasonCodes,
  partialCompletionNeeds,
  requestOutcomeLabels,
  requestReasonCodeLabels,
  type AskRequesterKind,
  type CompletionOutcome,
  type LifecycleMove,
  type MoveDetails,
  type MoveRequirement,
  type Permission,
  type RequestReasonCode,
  type RequestStatus,
  type RequestType,
} from '@privdesk/shared/constants';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { formatCalendarDate } from '../format';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';

interface MoveFormValues {
  reasonCode: RequestReasonCode | null;
  explanation: string;
  outcome: CompletionOutcome | null;
  message: string;
  note: string;
  askFor: AskRequesterKind;
  /** Closing although the law's acknowledgement was never recorded: said in so many words. */
  withoutAcknowledgement: boolean;
}

/** What a move sends: its details, and for "ask the requester" what is asked for (the clock ledger records it). */
export type MoveSubmission = MoveDetails & { askFor?: AskRequesterKind };

const emptyValues: MoveFormValues = {
  reasonCode: null,
  explanation: '',
  outcome: null,
  message: '',
  note: '',
  askFor: 'clarification',
  withoutAcknowledgement: false,
};

const askForCopy: Record<AskRequesterKind, string> = {
  identity:
    'Information to verify who they are. Under UK GDPR (and EU GDPR where Settings allow) the clock stops until it arrives.',
  clarification:
    'What exactly they want, when the request is unclear. Under UK GDPR (and EU GDPR where Settings allow) the clock stops until they answer.',
};

/** What each move's text fields mean to the person filling them in. */
const fieldCopy: Record<
  Exclude<MoveRequirement, 'reasonCode' | 'outcome'>,
  { label: string; description: string }
> = {
  explanation: {
    label: 'Explanation sent to the requester',
    description: 'Recorded on the request exactly as the requester receives it.',
  },
  message: {
    label: 'What you asked the requester',
    description: 'The request waits on the requester until they answer.',
  },
  note: { label: 'Note', description: 'Why, in a sentence: how and when this happened.' },
};

/** The fields a move needs now: a partial completion also needs a reason code and the explanation. */
export function neededFields(move: LifecycleMove, outcome: CompletionOutcome | null): MoveRequirement[] {
  const needs = [...move.needs];
  if (move.action === 'complete' && outcome === 'partially_fulfilled') {
    for (const need of partialCompletionNeeds) if (!needs.includes(need)) needs.push(need);
  }
  return needs;
}

function detailsOf(values: MoveFormValues, needs: readonly MoveRequirement[]): MoveDetails {
  // Only what the move takes is sent: a field left over from an earlier choice never travels.
  const trimmed = (value: string) => value.trim();
  return {
    ...(needs.includes('reasonCode') ? { reasonCode: values.reasonCode } : {}),
    ...(needs.includes('explanation') ? { explanation: trimmed(values.explanation) } : {}),
    ...(needs.includes('outcome') ? { outcome: values.outcome } : {}),
    ...(needs.includes('message') ? { message: trimmed(values.message) } : {}),
    ...(needs.includes('note') ? { note: trimmed(values.note) } : {}),
  };
}

interface MoveFormProps {
  move: LifecycleMove;
  /** The request (or, in bulk, a selected request) the move is checked against before sending. */
  from: RequestStatus;
  type: RequestType;
  held: readonly Permission[];
  submitLabel: string;
  /** Sends the move; throws the server's error, which the form places beside its fields. */
  onSubmit: (details: MoveSubmission) => Promise<void>;
  onCancel: () => void;
  /** After a CONFLICT: reload the request, so the person sees what changed before trying again. */
  onReload?: () => void;
  intro?: string;
  /**
   * The acknowledgement the law asks for (CCPA: 10 business days) was never recorded: completing or denying
   * asks first, so a missing acknowledgement is a decision, not an oversight.
   */
  unacknowledged?: { acknowledgeBy: string; rule: string } | undefined;
}

/**
 * Exactly the fields a lifecycle move needs, checked by the shared `checkMove` before sending (the server
 * checks again), with the server's field errors beside the fields and a stale version shown as a conflict.
 */
export function MoveForm({
  move,
  from,
  type,
  held,
  submitLabel,
  onSubmit,
  onCancel,
  onReload,
  intro,
  unacknowledged,
}: MoveFormProps) {
  const asksAboutAcknowledgement =
    unacknowledged !== undefined && (move.action === 'complete' || move.action === 'deny');
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<MoveFormValues>({
    mode: 'controlled',
    // From verification the question is usually about identity; later, about what they want.
    initialValues: { ...emptyValues, askFor: from === 'verifying' ? 'identity' : 'clarification' },
    validate: (values): FormErrors => {
      const needs = neededFields(move, values.outcome);
      const check = checkMove({ from, to: move.to, type, held, details: detailsOf(values, needs) });
      const errors: FormErrors =
        check.ok || !check.fieldErrors
          ? {}
          : Object.fromEntries(
              Object.entries(check.fieldErrors).map(([field, messages]) => [field, messages.join(' ')]),
            );
      if (asksAboutAcknowledgement && !values.withoutAcknowledgement) {
        errors.withoutAcknowledgement =
          'Record the acknowledgement first (Deadlines), or confirm that you close without one.';
      }
      return errors;
    },
  });
  const needs = neededFields(move, form.values.outcome);
  const reasonCodes: readonly RequestReasonCode[] =
    move.action === 'complete' ? denialReasonCodes : (move.reasonCodes ?? []);

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setConflict(null);
    try {
      const details = detailsOf(values, needs);
      await onSubmit(move.action === 'ask_requester' ? { ...details, askFor: values.askFor } : details);
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') {
        setConflict(errorMessageOf(error));
        return;
      }
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {intro ? <Text size="sm">{intro}</Text> : null}
        {conflict ? <ConflictAlert message={conflict} onReload={onReload} /> : null}
        {problem ? (
          <Alert color="red" variant="light" title="Not done">
            {problem}
          </Alert>
        ) : null}
        {asksAboutAcknowledgement ? (
          <Alert color="yellow" variant="light" title="No acknowledgement is recorded">
            <Stack gap="xs">
              <Text size="sm">
                {unacknowledged.rule} asks for the receipt to be acknowledged by{' '}
                {formatCalendarDate(unacknowledged.acknowledgeBy)}, and none is on the clock ledger. If it was
                sent, cancel and record it under Deadlines first.
              </Text>
              <Checkbox
                label="Close without a recorded acknowledgement"
                {...form.getInputProps('withoutAcknowledgement', { type: 'checkbox' })}
              />
            </Stack>
          </Alert>
        ) : null}
        {needs.includes('outcome') ? (
          <Select<CompletionOutcome>
            label="Outcome"
            placeholder="Choose the outcome"
            data={completionOutcomes.map((o) => ({ value: o, label: requestOutcomeLabels[o] }))}
            allowDeselect={false}
            data-autofocus
            {...form.getInputProps('outcome')}
          />
        ) : null}
        {needs.includes('reasonCode') ? (
          <Select<RequestReasonCode>
            label="Reason code"
            placeholder="Choose a reason code"
            data={reasonCodes.map((code) => ({ value: code, label: requestReasonCodeLabels[code] }))}
            allowDeselect={false}
            data-autofocus={!needs.includes('outcome') || undefined}
            {...form.getInputProps('reasonCode')}
          />
        ) : null}
        {move.action === 'ask_requester' ? (
          <Radio.Group label="What you ask for" withAsterisk {...form.getInputProps('askFor')}>
            <Stack gap="xs" mt={6}>
              {askRequesterKinds.map((kind) => (
                <Radio
                  key={kind}
                  value={kind}
                  label={askRequesterKindLabels[kind]}
                  description={askForCopy[kind]}
                />
              ))}
            </Stack>
          </Radio.Group>
        ) : null}
        {(['explanation', 'message', 'note'] as const)
          .filter((field) => needs.includes(field))
          .map((field) => (
            <GrowingTextarea
              key={field}
              label={fieldCopy[field].label}
              description={fieldCopy[field].description}
              minRows={3}
              maxRows={10}
              {...form.getInputProps(field)}
            />
          ))}
        {needs.length === 0 ? (
          <Text size="sm">
            Nothing else is needed: the change is recorded on the timeline with your name.
          </Text>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={form.submitting}
            color={move.action === 'deny' || move.action === 'close_unverified' ? 'red' : undefined}
            data-autofocus={needs.length === 0 || undefined}
          >
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
