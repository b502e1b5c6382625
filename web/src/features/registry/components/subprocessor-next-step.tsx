import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { addCalendarDays } from '@privdesk/shared/constants';
import {
  IconArchive,
  IconBolt,
  IconCircleCheck,
  IconMessageReport,
  IconPencil,
  IconSend,
} from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ReasonModal } from '../../../components/reason-modal';
import { paths } from '../../../config/paths';
import { errorMessageOf } from '../../../lib/trpc';
import { daysBetween, deliverySummary, formatCalendarDate, plural } from '../format';
import { useRegistryMutations } from '../hooks/use-registry-mutations';
import type { SubprocessorView } from '../types';
import { RecordObjectionModal } from './objection-modals';
import { SendNoticeModal } from './send-notice-modal';

type Dialog = 'notice' | 'objection' | 'activate' | 'activateEarly' | 'retire';

/** "until 12 May 2026 (23 days from today)": how long customers still have, counted in the registry's days. */
function windowSentence(deadline: string, today: string): string {
  const left = daysBetween(today, deadline);
  const when =
    left === 0
      ? 'today is the last day'
      : left === 1
        ? 'tomorrow is the last day'
        : `${left} days from today`;
  return `until ${formatCalendarDate(deadline)} (${when})`;
}

/** Why "Activate" cannot be pressed yet, or null when it can. */
export function activationBlocker(s: SubprocessorView): string | null {
  const open = s.objections.filter((o) => o.outcome === 'pending').length;
  if (s.status === 'proposed')
    return 'Send the change notice first: activation waits for the objection window to end.';
  if (s.status === 'notice_sent')
    return 'Its notice is still being delivered: the objection window has not opened yet.';
  if (s.status !== 'objection_window') return null;
  if (s.windowOpen && s.objectionDeadline)
    return `The objection window runs until ${formatCalendarDate(s.objectionDeadline)}: it can be activated from ${formatCalendarDate(addCalendarDays(s.objectionDeadline, 1))}.`;
  if (open > 0)
    return `${open === 1 ? 'An objection is' : `${open} objections are`} still open: record ${open === 1 ? 'its' : 'their'} outcome first.`;
  return null;
}

/**
 * Where the subprocessor stands in its lifecycle and what comes next, with the one next action as the
 * primary button (issue 14, item 3). Readers see the same sentences without the buttons.
 */
export function SubprocessorNextStep({
  subprocessor: s,
  canManage,
}: {
  subprocessor: SubprocessorView;
  canManage: boolean;
}) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const { activate, retire } = useRegistryMutations();
  const headingId = useId();
  const blockerId = useId();
  const close = () => setDialog(null);
  const openObjections = s.objections.filter((o) => o.outcome === 'pending').length;
  const blocker = activationBlocker(s);
  const canActivateEarly =
    s.status === 'proposed' || s.status === 'notice_sent' || s.status === 'objection_window';
  const underNotice = s.status === 'notice_sent' || s.status === 'objection_window';

  let title: string;
  let body: ReactNode;
  let primary: ReactNode = null;
  switch (s.status) {
    case 'proposed':
      title = 'Next: send the change notice';
      body = `Proposed on ${formatCalendarDate(s.proposedOn)}. Customers have not been told yet: the notice starts their objection window.`;
      primary = (
        <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => setDialog('notice')}>
          Send change notice
        </Button>
      );
      break;
    case 'notice_sent':
      title = 'Notice is being delivered';
      body = `Sent on ${s.notice ? formatCalendarDate(s.notice.sentOn) : '—'}: ${s.notice ? deliverySummary(s.notice.deliveries) : 'no message'}. The objection window opens when every message has left${s.objectionDeadline ? `, and runs until ${formatCalendarDate(s.objectionDeadline)}` : ''}.`;
      break;
    case 'objection_window':
      title = s.windowOpen ? 'Objection window open' : 'Objection window ended';
      body =
        s.objectionDeadline && s.windowOpen
          ? `Customers may object ${windowSentence(s.objectionDeadline, s.today)}.${openObjections > 0 ? ` ${plural(openObjections, 'objection is', 'objections are')} open.` : ''}`
          : `The window closed on ${s.objectionDeadline ? formatCalendarDate(s.objectionDeadline) : '—'}.${openObjections > 0 ? ` ${plural(openObjections, 'objection is', 'objections are')} still open.` : ' No objection is open: it can be activated.'}`;
      primary = (
        <Button
          // While customers may still object, recording their objections is the work; activation waits.
          variant={s.windowOpen ? 'default' : 'filled'}
          leftSection={<IconCircleCheck size={16} aria-hidden />}
          disabled={blocker !== null}
          aria-describedby={blocker ? blockerId : undefined}
          onClick={() => setDialog('activate')}
        >
          Activate
        </Button>
      );
      break;
    case 'active':
      title = 'Active';
      body = `Active since ${s.activeFrom ? formatCalendarDate(s.activeFrom) : '—'}.${s.activatedEarlyReason ? ` Activated with no objection period: ${s.activatedEarlyReason}` : ''}`;
      primary = (
        <Button
          variant="default"
          leftSection={<IconArchive size={16} aria-hidden />}
          onClick={() => setDialog('retire')}
        >
          Retire
        </Button>
      );
      break;
    case 'retired':
      title = 'Retired';
      body = `Retired on ${s.retiredOn ? formatCalendarDate(s.retiredOn) : '—'}${s.retiredReason ? `: ${s.retiredReason}` : '.'} The record and its history are kept as they were.`;
      break;
  }

  const runActivate = async () => {
    try {
      await activate.mutateAsync({ id: s.id, version: s.version });
      notifications.show({
        color: 'teal',
        title: `${s.fields.name} is active`,
        message: 'The public list shows it.',
      });
      close();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not activated', message: errorMessageOf(error) });
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Stack gap={4}>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          <Text size="sm">{body}</Text>
          {canManage && blocker && s.status === 'objection_window' ? (
            <Text size="sm" id={blockerId} c="dimmed">
              Activate is not available yet. {blocker}
            </Text>
          ) : null}
        </Stack>
        {canManage && s.status !== 'retired' ? (
          <Group gap="sm">
            {s.windowOpen ? null : primary}
            {underNotice ? (
              <Button
                variant={s.windowOpen ? 'filled' : 'default'}
                leftSection={<IconMessageReport size={16} aria-hidden />}
                onClick={() => setDialog('objection')}
              >
                Record an objection
              </Button>
            ) : null}
            {s.windowOpen ? primary : null}
            <Button
              component={Link}
              to={paths.editSubprocessor.build(s.id)}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Edit details
            </Button>
            {canActivateEarly ? (
              <Button
                variant="subtle"
                leftSection={<IconBolt size={16} aria-hidden />}
                onClick={() => setDialog('activateEarly')}
                // A long label: on a phone it wraps rather than being cut off.
                h="auto"
                mih={36}
                styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
              >
                Activate now (no objection period applies)
              </Button>
            ) : null}
            {s.status !== 'active' ? (
              <Button variant="subtle" color="red" onClick={() => setDialog('retire')}>
                Retire
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>

      {dialog === 'notice' ? <SendNoticeModal subprocessor={s} onClose={close} /> : null}
      {dialog === 'objection' ? <RecordObjectionModal subprocessor={s} onClose={close} /> : null}
      {dialog === 'activate' ? (
        <Modal opened onClose={close} title={`Activate ${s.fields.name}?`}>
          <Stack gap="md">
            <Text size="sm">
              It becomes active from today ({formatCalendarDate(s.today)}) and the public list shows it
              {s.replaces ? `; ${s.replaces.name}, which it replaces, stays active until you retire it` : ''}.
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button loading={activate.isPending} onClick={() => void runActivate()} data-autofocus>
                Activate
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
      {dialog === 'activateEarly' ? (
        <ReasonModal
          title={`Activate ${s.fields.name} now?`}
          body="Only where no objection period applies: no customer personal data reaches it, or every customer's contract waives the notice. It becomes active today without waiting for the window; the reason is kept with the activation."
          reasonDescription="Why no objection period applies. Shown on its page and recorded in the audit log."
          confirmLabel="Activate now"
          onConfirm={async (reason) => {
            await activate.mutateAsync({ id: s.id, version: s.version, noObjectionPeriod: true, reason });
            notifications.show({
              color: 'teal',
              title: `${s.fields.name} is active`,
              message: 'Activated with no objection period.',
            });
          }}
          onClose={close}
        />
      ) : null}
      {dialog === 'retire' ? (
        <ReasonModal
          title={`Retire ${s.fields.name}?`}
          body={
            s.status === 'active'
              ? 'It leaves the public list of active subprocessors. Its record, notice, objections and history are kept.'
              : 'The proposed change is withdrawn: it never becomes active. Its record and history are kept.'
          }
          reasonDescription="Why it is retired. Shown on its page and recorded in the audit log."
          confirmLabel="Retire"
          confirmColor="red"
          onConfirm={async (reason) => {
            await retire.mutateAsync({ id: s.id, version: s.version, reason });
            notifications.show({
              color: 'teal',
              title: `${s.fields.name} retired`,
              message: 'Its record is kept.',
            });
          }}
          onClose={close}
        />
      ) : null}
    </Paper>
  );
}
