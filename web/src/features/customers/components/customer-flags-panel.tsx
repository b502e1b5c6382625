import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  customerFlagLabels,
  customerNoticeChannels,
  officerFlagKinds,
  type CustomerNoticeChannel,
  type OfficerFlagKind,
} from '@privdesk/shared/constants';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DateTimeField } from '../../../components/forms/date-fields';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { formatDateTime } from '../format';
import type { CustomerFlagView, CustomerPageView } from '../types';

const noticeLabels: Record<CustomerNoticeChannel, string> = {
  email: 'Email',
  phone: 'Phone',
  letter: 'Letter',
  in_app: 'In the app',
};
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function isOfficerKind(kind: string): kind is OfficerFlagKind {
  return (officerFlagKinds as readonly string[]).includes(kind);
}

/** The account's flags: those standing with who set them, when and why; those lifted, with their whole story. */
export function CustomerFlagsPanel({ page, canFlag }: { page: CustomerPageView; canFlag: boolean }) {
  const [setting, setSetting] = useState(false);
  const [lifting, setLifting] = useState<CustomerFlagView | null>(null);
  const standing = page.flags.filter((f) => f.liftedAt === null);
  const lifted = page.flags.filter((f) => f.liftedAt !== null);
  const free = officerFlagKinds.filter((k) => !standing.some((f) => f.kind === k));
  const erased = page.customer.status === 'erased';
  return (
    <Stack gap="sm">
      {standing.length === 0 ? <Text size="sm">No flag stands on this account.</Text> : null}
      {standing.map((f) => (
        <Stack key={f.id} gap={2}>
          <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={700}>
              {customerFlagLabels[f.kind]}
            </Text>
            {canFlag && !erased && isOfficerKind(f.kind) ? (
              <Button size="compact-xs" variant="default" onClick={() => setLifting(f)}>
                Lift
              </Button>
            ) : null}
          </Group>
          <Text size="xs">
            Set {formatDateTime(f.setAt)} by {f.setBy?.name ?? 'the system'}: {f.setReason}
          </Text>
        </Stack>
      ))}
      {canFlag && !erased && free.length > 0 ? (
        <Group>
          <Button size="xs" variant="light" onClick={() => setSetting(true)}>
            Set a flag
          </Button>
        </Group>
      ) : null}
      {lifted.length > 0 ? (
        <Stack gap={6}>
          <Text size="xs" fw={700} tt="uppercase">
            History
          </Text>
          {lifted.map((f) => (
            <Text key={f.id} size="xs">
              {customerFlagLabels[f.kind]}: set {formatDateTime(f.setAt)} by {f.setBy?.name ?? 'the system'} (
              {f.setReason}); lifted {formatDateTime(f.liftedAt ?? '')} by {f.liftedBy?.name ?? 'the system'}{' '}
              ({f.liftedReason})
              {f.customerToldAt
                ? `, the customer told by ${noticeLabels[f.customerToldBy ?? 'email'].toLowerCase()} ${formatDateTime(f.customerToldAt)}`
                : ''}
              .
            </Text>
          ))}
        </Stack>
      ) : null}
      {setting ? <SetFlagModal page={page} kinds={free} onClose={() => setSetting(false)} /> : null}
      {lifting && isOfficerKind(lifting.kind) ? (
        <LiftFlagModal page={page} flag={lifting} kind={lifting.kind} onClose={() => setLifting(null)} />
      ) : null}
    </Stack>
  );
}

function useFlagDone(page: CustomerPageView) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.customers.get.queryKey({ id: page.customer.id }) });
    // The queue's rows and request pages show the account's flags.
    await queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
  };
}

function SetFlagModal({
  page,
  kinds,
  onClose,
}: {
  page: CustomerPageView;
  kinds: readonly OfficerFlagKind[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const done = useFlagDone(page);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<{ kind: OfficerFlagKind | null; reason: string }>({
    mode: 'controlled',
    initialValues: { kind: kinds.length === 1 ? (kinds[0] ?? null) : null, reason: '' },
    validate: {
      kind: (v) => (v === null ? 'Choose the flag to set.' : null),
      reason: (v) => (v.trim().length < 3 ? 'Give a reason of at least 3 characters.' : null),
    },
  });
  const set = useMutation(trpc.customers.setFlag.mutationOptions());
  return (
    <Modal opened onClose={onClose} title={`Set a flag on ${page.customer.accountNumber}`}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          if (v.kind === null) return;
          setProblem(null);
          try {
            await set.mutateAsync({
              customerId: page.customer.id,
              version: page.version,
              kind: v.kind,
              reason: v.reason.trim(),
            });
            await done();
            onClose();
          } catch (error) {
            setProblem(applyServerErrors(form, error));
          }
        })}
      >
        <Stack gap="sm">
          <Text size="sm">
            A legal hold keeps this account’s data from being erased while it stands; a restriction (GDPR Art.
            18) limits processing to storage. Both show on the account’s requests in the queue.
          </Text>
          <Select<OfficerFlagKind>
            label="Flag"
            data={kinds.map((k) => ({ value: k, label: customerFlagLabels[k] }))}
            allowDeselect={false}
            withAsterisk
            data-autofocus
            {...form.getInputProps('kind')}
          />
          <Textarea
            label="Reason"
            description="Recorded on the account and in the audit log. For example: litigation hold from Legal, matter 2026-014."
            withAsterisk
            autosize
            minRows={2}
            {...form.getInputProps('reason')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Not set"
            submitLabel={'Set flag'}
            loading={set.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function LiftFlagModal({
  page,
  flag,
  kind,
  onClose,
}: {
  page: CustomerPageView;
  flag: CustomerFlagView;
  kind: OfficerFlagKind;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const done = useFlagDone(page);
  const [problem, setProblem] = useState<string | null>(null);
  const restriction = kind === 'restriction';
  const form = useForm<{ reason: string; toldAt: string; toldBy: CustomerNoticeChannel | null }>({
    mode: 'controlled',
    initialValues: { reason: '', toldAt: '', toldBy: null },
    validate: {
      reason: (v) => (v.trim().length < 3 ? 'Give a reason of at least 3 characters.' : null),
      toldAt: (v) => (restriction && v === '' ? 'Give when the customer was told it would be lifted.' : null),
      toldBy: (v) => (restriction && v === null ? 'Choose how the customer was told.' : null),
    },
  });
  const lift = useMutation(trpc.customers.liftFlag.mutationOptions());
  return (
    <Modal opened onClose={onClose} title={`Lift: ${customerFlagLabels[flag.kind]}`}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setProblem(null);
          try {
            await lift.mutateAsync({
              customerId: page.customer.id,
              version: page.version,
              kind,
              reason: v.reason.trim(),
              ...(restriction && v.toldBy ? { customerTold: { at: v.toldAt, channel: v.toldBy } } : {}),
            });
            await done();
            onClose();
          } catch (error) {
            setProblem(
              applyServerErrors(form, error, {
                customerTold: 'toldAt',
                'customerTold.at': 'toldAt',
                'customerTold.channel': 'toldBy',
              }),
            );
          }
        })}
      >
        <Stack gap="sm">
          {restriction ? (
            <Text size="sm">
              The customer must be told before a restriction is lifted (GDPR Art. 18(3)): record when and how
              they were.
            </Text>
          ) : null}
          <Textarea
            label="Reason"
            withAsterisk
            autosize
            minRows={2}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          {restriction ? (
            <Group grow align="flex-start" wrap="wrap">
              <DateTimeField
                label="Customer told at"
                timeZone={zone}
                zoneLabel={`${zone} (your zone)`}
                maxInstant={new Date().toISOString()}
                value={form.values.toldAt}
                onChange={(iso) => form.setFieldValue('toldAt', iso)}
                error={typeof form.errors.toldAt === 'string' ? form.errors.toldAt : null}
                withAsterisk
              />
              <Select<CustomerNoticeChannel>
                label="Told by"
                data={customerNoticeChannels.map((c) => ({ value: c, label: noticeLabels[c] }))}
                allowDeselect={false}
                withAsterisk
                {...form.getInputProps('toldBy')}
              />
            </Group>
          ) : null}
          <DialogActions
            problem={problem}
            problemTitle="Not lifted"
            submitLabel={'Lift flag'}
            loading={lift.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
