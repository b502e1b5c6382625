import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { formatCalendarDate } from '../format';
import { useRequestMutations } from '../hooks/use-request-mutations';
import type { RequestView } from '../types';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { CalendarDateField, DateTimeField } from '../../../components/forms/date-fields';
import { wallTimeIn } from '../../../lib/zoned-time';
import { clockActionLabels, extensionWindowClosed, type ClockAction } from './request-clocks';

/** What a toast says once a clock change is saved: "Acknowledgement recorded for DSR-2026-000123". */
const clockActionDone: Record<ClockAction, string> = {
  acknowledge: 'Acknowledgement recorded',
  extend: 'Extension recorded',
  removeExtension: 'Extension removed',
  pause: 'Clock paused',
  resume: 'Clock resumed',
  receivedAt: 'Receipt time corrected',
};
import { WarningAlert } from '../../../components/feedback/warning-alert';

/** Every field any clock change takes, named as the server names them so its field errors land beside them. */
interface ClockFormValues {
  /** A notice (acknowledgement, extension): sent by us now, or already sent another way. */
  notice: 'send_email' | 'sent_another_way';
  on: string;
  noticeSentOn: string;
  reason: string;
  /** An ISO instant (the picker works in the viewer's time zone). */
  receivedAt: string;
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** What each change asks for, in the order shown. */
const fieldsOf: Record<ClockAction, (keyof ClockFormValues)[]> = {
  acknowledge: ['notice', 'on'],
  extend: ['reason', 'notice', 'noticeSentOn'],
  removeExtension: ['reason'],
  pause: ['reason', 'on'],
  resume: ['on'],
  receivedAt: ['receivedAt', 'reason'],
};

const copy: Record<ClockAction, { intro: string; reason?: { label: string; description: string } }> = {
  acknowledge: {
    intro:
      'Send the requester an acknowledgement of receipt by email, or record one already sent another way.',
  },
  extend: {
    intro:
      'The law allows one extension, noticed to the requester with the reasons before the first period ends. We send the notice by email; the deadline moves on the day it leaves.',
    reason: {
      label: 'Reasons given to the requester',
      description: 'As written in the notice: complexity, number of requests…',
    },
  },
  removeExtension: {
    intro:
      'Removing the extension restores the original statutory due date. The entry stays on the ledger, marked removed.',
    reason: { label: 'Why it is removed', description: 'Recorded by mistake, notice never sent…' },
  },
  pause: {
    intro:
      'Pause the statutory clock while the request waits on something the law lets it wait for. The company SLA keeps running.',
    reason: { label: 'Why the clock is paused', description: 'What the request is waiting for.' },
  },
  resume: { intro: 'Record the day the clock starts running again.' },
  receivedAt: {
    intro: 'Correct when the request reached us. Every date is derived again from the new receipt.',
    reason: { label: 'Why it is corrected', description: 'Where the right time comes from.' },
  },
};

interface ClockChangeModalProps {
  action: ClockAction;
  request: RequestView;
  /** The version the person saw when they chose the change: it is based on that. */
  version: number;
  onClose: () => void;
  onReload: () => void;
}

/**
 * One clock change (acknowledge, extend, remove the extension, pause, resume, correct the receipt): exactly
 * its fields, the server's refusal beside the field it names (the engine says which rule), a stale version
 * shown as a conflict, and the new dates announced once saved.
 */
export function ClockChangeModal({ action, request: r, version, onClose, onReload }: ClockChangeModalProps) {
  const mutations = useRequestMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const { clocks } = r;
  const fields = fieldsOf[action];
  const form = useForm<ClockFormValues>({
    mode: 'controlled',
    initialValues: {
      // Once the extension window has closed, a notice sent now is refused: only one already sent may count.
      notice: action === 'extend' && extensionWindowClosed(clocks) ? 'sent_another_way' : 'send_email',
      on: clocks.today,
      // Once the window has closed, only a notice sent in time may still be recorded: offer its last day.
      noticeSentOn:
        extensionWindowClosed(clocks) && clocks.canExtendUntil ? clocks.canExtendUntil : clocks.today,
      reason: '',
      receivedAt: r.receivedAt,
    },
    validate: (values): FormErrors => {
      const errors: FormErrors = {};
      for (const field of fields) {
        // A notice we send is dated the day it leaves: its date field is not asked.
        if ((field === 'on' || field === 'noticeSentOn') && dateless(values)) continue;
        const value = values[field].trim();
        if (field === 'reason' && value === '') errors.reason = 'Give the reason.';
        if ((field === 'on' || field === 'noticeSentOn') && !isoDatePattern.test(value)) {
          errors[field] = 'Enter the date.';
        } else if ((field === 'on' || field === 'noticeSentOn') && value > clocks.today) {
          errors[field] =
            `Cannot be after today (${formatCalendarDate(clocks.today)} in ${clocks.handling.timeZone}).`;
        }
        if (field === 'receivedAt' && (value === '' || Number.isNaN(new Date(value).getTime()))) {
          errors.receivedAt = 'Enter the date and time it was received.';
        }
      }
      return errors;
    },
  });

  /** A notice we send now carries no date: the ledger records the day the mail server takes it. */
  const dateless = (values: ClockFormValues) =>
    (action === 'acknowledge' || action === 'extend') && values.notice === 'send_email';
  const isSending = dateless(form.values);

  const send = async (values: ClockFormValues) => {
    const base = { id: r.id, version };
    const reason = values.reason.trim();
    switch (action) {
      case 'acknowledge':
        return values.notice === 'send_email'
          ? mutations.acknowledge.mutateAsync({ ...base, notice: 'send_email' })
          : mutations.acknowledge.mutateAsync({ ...base, notice: 'sent_another_way', on: values.on });
      case 'extend':
        return values.notice === 'send_email'
          ? mutations.extend.mutateAsync({ ...base, reason, notice: 'send_email' })
          : mutations.extend.mutateAsync({
              ...base,
              reason,
              notice: 'sent_another_way',
              noticeSentOn: values.noticeSentOn,
            });
      case 'removeExtension':
        return mutations.removeExtension.mutateAsync({ ...base, reason });
      case 'pause':
        return mutations.pause.mutateAsync({ ...base, reason, on: values.on });
      case 'resume':
        return mutations.resume.mutateAsync({ ...base, on: values.on });
      case 'receivedAt':
        return mutations.updateReceivedAt.mutateAsync({
          ...base,
          receivedAt: values.receivedAt,
          reason,
        });
    }
  };

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setConflict(null);
    try {
      const result = await send(values);
      notifications.show(
        dateless(values)
          ? {
              color: 'teal',
              title: `${action === 'extend' ? 'Extension notice' : 'Acknowledgement'} queued for ${r.reference}`,
              message:
                'It is on its way to the requester; the ledger records it the day the mail server takes it. Follow it under Sent mail.',
            }
          : {
              color: 'teal',
              title: `${clockActionDone[action]} for ${r.reference}`,
              message: `Statutory due ${formatCalendarDate(result.statutoryDueOn)}; effective due ${formatCalendarDate(result.effectiveDueOn)}.`,
            },
      );
      for (const warning of result.warnings) {
        notifications.show({
          color: 'yellow',
          title: 'Check the clocks',
          message: warning,
          autoClose: false,
        });
      }
      onClose();
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') {
        setConflict(errorMessageOf(error));
        return;
      }
      setProblem(applyServerErrors(form, error));
    }
  });

  const reasonCopy = copy[action].reason;
  const inputs: Record<keyof ClockFormValues, ReactNode> = {
    notice: (
      <Radio.Group
        key="notice"
        label="How it reaches the requester"
        value={form.values.notice}
        onChange={(value) =>
          form.setFieldValue('notice', value === 'sent_another_way' ? 'sent_another_way' : 'send_email')
        }
        error={typeof form.errors.notice === 'string' ? form.errors.notice : null}
      >
        <Stack gap={6} mt={6}>
          <Radio
            value="send_email"
            label={`Send it now by email to the requester`}
            description="Written from the template; recorded on the ledger the day the mail server takes it."
          />
          <Radio
            value="sent_another_way"
            label="It was already sent another way"
            description="A letter, a call: record the day it was sent."
          />
        </Stack>
      </Radio.Group>
    ),
    reason: reasonCopy ? (
      <Textarea
        key="reason"
        label={reasonCopy.label}
        description={reasonCopy.description}
        autosize
        minRows={3}
        maxRows={8}
        withAsterisk
        data-autofocus={fields[0] === 'reason' || undefined}
        {...form.getInputProps('reason')}
      />
    ) : null,
    on: isSending ? null : (
      <CalendarDateField
        key="on"
        label={
          action === 'acknowledge'
            ? 'Acknowledgement sent on'
            : action === 'pause'
              ? 'Paused from'
              : 'Resumed on'
        }
        timeZone={clocks.handling.timeZone}
        zoneLabel={`${clocks.handling.timeZone}, where the request is handled`}
        max={clocks.today}
        withAsterisk
        autoFocus={fields[0] === 'on'}
        value={form.values.on}
        onChange={(date) => form.setFieldValue('on', date)}
        error={typeof form.errors.on === 'string' ? form.errors.on : null}
      />
    ),
    noticeSentOn: isSending ? null : (
      <CalendarDateField
        key="noticeSentOn"
        label="Notice sent to the requester on"
        timeZone={clocks.handling.timeZone}
        zoneLabel={`${clocks.handling.timeZone}, where the request is handled`}
        max={clocks.today}
        withAsterisk
        value={form.values.noticeSentOn}
        onChange={(date) => form.setFieldValue('noticeSentOn', date)}
        error={typeof form.errors.noticeSentOn === 'string' ? form.errors.noticeSentOn : null}
      />
    ),
    receivedAt: (
      <DateTimeField
        key="receivedAt"
        label="Received at"
        description={`Now recorded: ${wallTimeIn(r.receivedAt, clocks.handling.timeZone).replace('T', ' ')}.`}
        timeZone={clocks.handling.timeZone}
        zoneLabel={`${clocks.handling.timeZone}, where the request is handled`}
        maxInstant={new Date().toISOString()}
        withAsterisk
        value={form.values.receivedAt}
        onChange={(iso) => form.setFieldValue('receivedAt', iso)}
        error={typeof form.errors.receivedAt === 'string' ? form.errors.receivedAt : null}
      />
    ),
  };

  return (
    <Modal opened onClose={onClose} title={`${clockActionLabels[action]}: ${r.reference}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{copy[action].intro}</Text>
          {action === 'extend' ? <ExtensionFacts request={r} /> : null}
          {conflict ? <ConflictAlert message={conflict} onReload={onReload} /> : null}
          {problem ? (
            <Alert color="red" variant="light" title="Not recorded" role="alert">
              {problem}
            </Alert>
          ) : null}
          {fields.map((field) => inputs[field])}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={form.submitting}
              color={action === 'removeExtension' ? 'red' : undefined}
            >
              {isSending
                ? action === 'extend'
                  ? 'Send the notice'
                  : 'Send acknowledgement'
                : clockActionLabels[action]}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** What the extension would give, and until when it may be noticed. */
function ExtensionFacts({ request: r }: { request: RequestView }) {
  const { clocks } = r;
  const until = clocks.canExtendUntil;
  const closed = extensionWindowClosed(clocks);
  return (
    <Stack gap="xs">
      {clocks.statutory.extendedDueOn ? (
        <Text size="sm">
          Extended, the statutory due date becomes{' '}
          <Text span fw={700} size="sm">
            {formatCalendarDate(clocks.statutory.extendedDueOn)}
          </Text>{' '}
          (now {formatCalendarDate(clocks.statutory.dueOn)}).
        </Text>
      ) : null}
      {until !== null && closed ? (
        <WarningAlert title="The notice window has closed">
          The notice had to be sent by {formatCalendarDate(until)}. An extension noticed later is refused;
          record it only if the notice went out in time.
        </WarningAlert>
      ) : until !== null ? (
        <Text size="sm">The notice must be sent by {formatCalendarDate(until)}.</Text>
      ) : null}
    </Stack>
  );
}
