import { Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { objectionOutcomeLabels, objectionOutcomes, type ObjectionOutcome } from '@privdesk/shared/constants';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';
import { formatCalendarDate } from '../format';
import { useRegistryMutations } from '../hooks/use-registry-mutations';
import type { ObjectionItem, SubprocessorView } from '../types';

interface RecordValues {
  organisationId: string | null;
  receivedOn: string;
  summary: string;
}

/** An objection a customer organisation sent (by reply, letter, its account manager), recorded for decision. */
export function RecordObjectionModal({
  subprocessor,
  onClose,
}: {
  subprocessor: SubprocessorView;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.registry.choices.queryOptions());
  const { recordObjection } = useRegistryMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const notice = subprocessor.notice;
  const latest =
    notice && notice.objectionDeadline < subprocessor.today ? notice.objectionDeadline : subprocessor.today;
  const form = useForm<RecordValues>({
    mode: 'controlled',
    initialValues: { organisationId: null, receivedOn: latest, summary: '' },
    validate: {
      organisationId: (v) => (v === null ? 'Choose the customer organisation.' : null),
      receivedOn: (v) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(v)
          ? 'Give the day it arrived.'
          : v > subprocessor.today
            ? `It arrived on or before today (${formatCalendarDate(subprocessor.today)}).`
            : notice && v < notice.sentOn
              ? `The notice went out on ${formatCalendarDate(notice.sentOn)}: an objection to it comes after.`
              : notice && v > notice.objectionDeadline
                ? `The objection window closed on ${formatCalendarDate(notice.objectionDeadline)}.`
                : null,
      summary: (v) =>
        v.trim() === ''
          ? 'Say what the customer objects to.'
          : v.trim().length > 2000
            ? 'At most 2,000 characters.'
            : null,
    },
  });
  const objected = new Set(subprocessor.objections.map((o) => o.organisationId));
  const organisationOptions = (choices.data?.organisations ?? []).map((o) => ({
    value: o.id,
    label: objected.has(o.id) ? `${o.name} (already recorded)` : `${o.name} (${o.country})`,
    disabled: objected.has(o.id),
  }));

  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    if (v.organisationId === null) return;
    try {
      await recordObjection.mutateAsync({
        id: subprocessor.id,
        version: subprocessor.version,
        organisationId: v.organisationId,
        receivedOn: v.receivedOn,
        summary: v.summary.trim(),
      });
      notifications.show({
        color: 'teal',
        title: 'Objection recorded',
        message: 'Activation waits until its outcome is recorded.',
      });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal opened onClose={onClose} title={`Record an objection to ${subprocessor.fields.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label="Customer organisation"
            data={organisationOptions}
            searchable
            withAsterisk
            data-autofocus
            disabled={choices.isPending}
            placeholder={choices.isPending ? 'Loading the organisations…' : 'Choose an organisation'}
            nothingFoundMessage="No organisation by that name"
            error={choices.isError ? 'Could not load the organisations: close and try again.' : undefined}
            {...form.getInputProps('organisationId')}
          />
          <TextInput
            type="date"
            label="Received on"
            description="In the registry’s calendar (the EU handling entity’s time zone)."
            withAsterisk
            min={notice?.sentOn}
            max={latest}
            maw={240}
            {...form.getInputProps('receivedOn')}
          />
          <GrowingTextarea
            label="What they object to"
            description="Their reasons, in a sentence or two; keep their message where your team keeps correspondence."
            withAsterisk
            minRows={3}
            maxRows={8}
            {...form.getInputProps('summary')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Not recorded"
            submitLabel="Record objection"
            loading={recordObjection.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

type DecidedOutcome = Exclude<ObjectionOutcome, 'pending'>;
const decidedOutcomes = objectionOutcomes.filter((o): o is DecidedOutcome => o !== 'pending');

interface DecideValues {
  outcome: DecidedOutcome | null;
  note: string;
}

/** What became of an objection (SCC Clause 9(a)): decided once, with a note. */
export function DecideObjectionModal({
  subprocessor,
  objection,
  onClose,
}: {
  subprocessor: SubprocessorView;
  objection: ObjectionItem;
  onClose: () => void;
}) {
  const { decideObjection } = useRegistryMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<DecideValues>({
    mode: 'controlled',
    initialValues: { outcome: null, note: '' },
    validate: {
      outcome: (v) => (v === null ? 'Choose an outcome.' : null),
      note: (v) =>
        v.trim() === ''
          ? 'Add a note on the outcome.'
          : v.trim().length > 2000
            ? 'At most 2,000 characters.'
            : null,
    },
  });

  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    if (v.outcome === null) return;
    try {
      await decideObjection.mutateAsync({
        id: subprocessor.id,
        version: subprocessor.version,
        objectionId: objection.id,
        outcome: v.outcome,
        note: v.note.trim(),
      });
      notifications.show({ color: 'teal', title: 'Outcome recorded', message: objection.organisationName });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Decide the objection from ${objection.organisationName}`}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            Received {formatCalendarDate(objection.receivedOn)}: “{objection.summary}”
          </Text>
          <Radio.Group
            label="Outcome"
            withAsterisk
            {...form.getInputProps('outcome')}
            value={form.values.outcome ?? ''}
            onChange={(value) =>
              form.setFieldValue('outcome', decidedOutcomes.find((o) => o === value) ?? null)
            }
          >
            <Stack gap="xs" mt={6}>
              {decidedOutcomes.map((outcome) => (
                <Radio key={outcome} value={outcome} label={objectionOutcomeLabels[outcome]} />
              ))}
            </Stack>
          </Radio.Group>
          <GrowingTextarea
            label="Note"
            description="What was agreed or done, for the record."
            withAsterisk
            minRows={3}
            maxRows={8}
            {...form.getInputProps('note')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Not recorded"
            submitLabel="Record outcome"
            loading={decideObjection.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
