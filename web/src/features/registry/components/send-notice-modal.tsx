import { Alert, Modal, Radio, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { addCalendarDays, type NoticeChannel } from '@privdesk/shared/constants';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import { daysBetween, formatCalendarDate, plural } from '../format';
import { useRegistryMutations } from '../hooks/use-registry-mutations';
import type { SubprocessorView } from '../types';

type NoticeDraft = RouterOutputs['registry']['noticeDraft'];

interface NoticeValues {
  channel: NoticeChannel;
  sentOn: string;
  subject: string;
  body: string;
}

/**
 * The change notice (issue 14, item 3): its text as drafted from the record, to edit before it goes; by
 * email to every confirmed subscriber, or recorded as sent another way on the day it went. The objection
 * window runs from the notice's date.
 */
export function SendNoticeModal({
  subprocessor,
  onClose,
}: {
  subprocessor: SubprocessorView;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  // Fresh each time the dialog opens: the text follows the record, the count the subscribers.
  const draft = useQuery({
    ...trpc.registry.noticeDraft.queryOptions({ id: subprocessor.id }),
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Send the change notice for ${subprocessor.fields.name}`}
      size="xl"
    >
      {draft.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Drafting the notice">
          <Skeleton h={60} />
          <Skeleton h={36} />
          <Skeleton h={240} />
        </Stack>
      ) : draft.isError ? (
        <Alert color="red" variant="light" title="Could not draft the notice">
          {draft.error.message}
        </Alert>
      ) : (
        <NoticeForm subprocessor={subprocessor} draft={draft.data} onClose={onClose} />
      )}
    </Modal>
  );
}

function NoticeForm({
  subprocessor,
  draft,
  onClose,
}: {
  subprocessor: SubprocessorView;
  draft: NoticeDraft;
  onClose: () => void;
}) {
  const { sendNotice } = useRegistryMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const hasSubscribers = draft.confirmedSubscribers > 0;
  const form = useForm<NoticeValues>({
    mode: 'controlled',
    initialValues: {
      channel: hasSubscribers ? 'email' : 'manual',
      sentOn: draft.sentOn,
      subject: draft.subject,
      body: draft.body,
    },
    validate: {
      subject: (v) =>
        v.trim() === '' ? 'Enter a subject.' : v.trim().length > 200 ? 'At most 200 characters.' : null,
      body: (v) =>
        v.trim() === ''
          ? 'Enter the notice’s text.'
          : v.length > 10_000
            ? 'At most 10,000 characters.'
            : null,
      sentOn: (v, values) =>
        values.channel !== 'manual'
          ? null
          : !/^\d{4}-\d{2}-\d{2}$/.test(v)
            ? 'Give the day the notice went out.'
            : v > draft.sentOn
              ? `The notice went out on or before today (${formatCalendarDate(draft.sentOn)}).`
              : v < subprocessor.proposedOn
                ? `The notice cannot predate the proposal (${formatCalendarDate(subprocessor.proposedOn)}).`
                : null,
    },
  });
  const values = form.values;
  const objectionDays = daysBetween(draft.sentOn, draft.objectionDeadline);
  const sentOn =
    values.channel === 'manual' && /^\d{4}-\d{2}-\d{2}$/.test(values.sentOn) ? values.sentOn : draft.sentOn;
  const deadline = addCalendarDays(sentOn, objectionDays);
  // The drafted text names the deadline for a notice sent today; another date needs the text to follow.
  const textNamesOtherDeadline =
    deadline !== draft.objectionDeadline && values.body.includes(draft.objectionDeadline);

  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    try {
      const saved = await sendNotice.mutateAsync({
        id: subprocessor.id,
        version: subprocessor.version,
        channel: v.channel,
        subject: v.subject.trim(),
        body: v.body.trim(),
        ...(v.channel === 'manual' ? { sentOn: v.sentOn } : {}),
      });
      notifications.show({
        color: 'teal',
        title: v.channel === 'email' ? 'Notice on its way' : 'Notice recorded',
        message:
          saved.status === 'objection_window'
            ? `Customers may object until ${saved.objectionDeadline ? formatCalendarDate(saved.objectionDeadline) : deadline}.`
            : 'The objection window opens once every message has left.',
      });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Radio.Group
          label="How it goes to customers"
          withAsterisk
          {...form.getInputProps('channel')}
          onChange={(value) => form.setFieldValue('channel', value === 'manual' ? 'manual' : 'email')}
        >
          <Stack gap="xs" mt={6}>
            <Radio
              value="email"
              disabled={!hasSubscribers}
              label={`By email to ${plural(draft.confirmedSubscribers, 'confirmed subscriber', 'confirmed subscribers')}`}
              description={
                hasSubscribers
                  ? 'Each gets their own message, with a link to stop receiving them. The objection window opens when every message has left.'
                  : 'No customer contact has confirmed a subscription yet: add one under Subscribers, or record a notice sent another way.'
              }
            />
            <Radio
              value="manual"
              label="Sent another way (recorded here)"
              description="A letter, or mail from another system: record the day it went. The objection window opens at once."
            />
          </Stack>
        </Radio.Group>
        {values.channel === 'manual' ? (
          <TextInput
            type="date"
            label="Sent on"
            description="The day it went out, in the registry’s calendar (the EU handling entity’s time zone)."
            withAsterisk
            min={subprocessor.proposedOn}
            max={draft.sentOn}
            maw={240}
            {...form.getInputProps('sentOn')}
          />
        ) : null}
        <Text size="sm">
          Customers may object until <strong>{formatCalendarDate(deadline)}</strong> ({objectionDays} days
          from the notice’s date).
        </Text>
        {textNamesOtherDeadline ? (
          <WarningAlert title="The text names another deadline">
            The drafted text says objections run until {draft.objectionDeadline}; from this date they run
            until {deadline}. Change the text to match.
          </WarningAlert>
        ) : null}
        <TextInput label="Subject" withAsterisk maxLength={200} {...form.getInputProps('subject')} />
        <GrowingTextarea
          label="Text"
          withAsterisk
          minRows={10}
          maxRows={24}
          {...form.getInputProps('body')}
        />
        <DialogActions
          problem={problem}
          problemTitle="Not sent"
          submitLabel={values.channel === 'email' ? 'Send the notice' : 'Record the notice'}
          loading={sendNotice.isPending}
          onCancel={onClose}
        />
      </Stack>
    </form>
  );
}
