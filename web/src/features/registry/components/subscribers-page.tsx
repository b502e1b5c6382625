import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { subscriberStatusLabels, type SubscriberStatus } from '@privdesk/shared/constants';
import { IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper, useTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  DataTable,
  dataTableFeatures,
  type DataTableFeatures,
} from '../../../components/data-table/data-table';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { ReasonModal } from '../../../components/reason-modal';
import { paths } from '../../../config/paths';
import { applyServerErrors } from '../../../lib/form-errors';
import { usePageTitle } from '../../../lib/page-title';
import { useTRPC } from '../../../lib/trpc';
import { formatCompactDateTime, formatDateTime, plural } from '../format';
import { useRegistryMutations } from '../hooks/use-registry-mutations';
import type { SubscriberItem } from '../types';

const noSubscribers: SubscriberItem[] = [];

const statusColours: Record<SubscriberStatus, string> = {
  confirmed: 'teal',
  pending: 'yellow',
  unsubscribed: 'gray',
};
const sourceLabels: Record<SubscriberItem['source'], string> = {
  public_page: 'Public page',
  staff: 'Added by staff',
};

function When({ at }: { at: string | null }) {
  if (!at)
    return (
      <Text size="sm" c="dimmed" component="span">
        —
      </Text>
    );
  const { day, time } = formatCompactDateTime(at);
  return (
    <Text
      size="sm"
      component="time"
      dateTime={at}
      title={formatDateTime(at)}
      style={{ whiteSpace: 'nowrap' }}
    >
      {day}, {time}
    </Text>
  );
}

const column = createColumnHelper<DataTableFeatures, SubscriberItem>();

function subscriberColumns(onRemove: (s: SubscriberItem) => void) {
  return column.columns([
    column.accessor('email', {
      header: 'Contact',
      cell: (info) => {
        const s = info.row.original;
        return (
          <Stack gap={0}>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {s.email}
            </Text>
            {s.name ? (
              <Text size="xs" c="dimmed">
                {s.name}
              </Text>
            ) : null}
          </Stack>
        );
      },
    }),
    column.accessor('organisationName', {
      header: 'Organisation',
      cell: (info) =>
        info.getValue() ?? (
          <Text size="sm" c="dimmed" component="span">
            Not matched to a customer
          </Text>
        ),
    }),
    column.accessor('status', {
      header: 'Status',
      cell: (info) => (
        <Badge
          variant="dot"
          color={statusColours[info.getValue()]}
          tt="none"
          radius="sm"
          style={{ minWidth: 'max-content' }}
        >
          {subscriberStatusLabels[info.getValue()]}
        </Badge>
      ),
    }),
    column.accessor('source', {
      header: 'Source',
      cell: (info) => <Text size="sm">{sourceLabels[info.getValue()]}</Text>,
    }),
    column.accessor('createdAt', { header: 'Added', cell: (info) => <When at={info.getValue()} /> }),
    column.accessor('confirmedAt', { header: 'Confirmed', cell: (info) => <When at={info.getValue()} /> }),
    column.accessor('unsubscribedAt', {
      header: 'Unsubscribed',
      cell: (info) => <When at={info.getValue()} />,
    }),
    column.display({
      id: 'actions',
      header: () => <VisuallyHidden>Actions</VisuallyHidden>,
      cell: (info) => {
        const s = info.row.original;
        return s.status === 'unsubscribed' ? null : (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => onRemove(s)}
            aria-label={`Remove ${s.email}`}
          >
            Remove
          </Button>
        );
      },
    }),
  ]);
}

/**
 * Who receives the change notices (issue 14, item 4): customers' contacts who subscribed on the public page
 * (confirmed by the link in their mail) and those staff added on a customer's behalf.
 */
export function SubscribersPage() {
  usePageTitle('Registry subscribers');
  const trpc = useTRPC();
  const list = useQuery(trpc.registry.subscribers.queryOptions());
  const { removeSubscriber } = useRegistryMutations();
  const [isAdding, setIsAdding] = useState(false);
  const [removing, setRemoving] = useState<SubscriberItem | null>(null);
  const columns = useMemo(() => subscriberColumns(setRemoving), []);
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: list.data?.items ?? noSubscribers,
    getRowId: (row) => row.id,
  });
  const confirmed = list.data?.items.filter((s) => s.status === 'confirmed').length ?? 0;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} maw={640}>
          <Text size="sm">
            <Anchor component={Link} to={paths.registry.build()} size="sm" underline="always">
              Registry
            </Anchor>{' '}
            › Subscribers
          </Text>
          <Title order={1}>Subscribers</Title>
          <Text c="dimmed" size="sm">
            Customers’ contacts who receive the change notices by email.{' '}
            {list.data ? `${plural(confirmed, 'address receives', 'addresses receive')} them now.` : ''}
          </Text>
        </Stack>
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setIsAdding(true)}>
          Add a contact on a customer’s behalf
        </Button>
      </Group>
      {list.isError ? (
        <QueryErrorAlert
          title="Could not load the subscribers"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <DataTable
          table={table}
          caption="Subscribers to the change notices"
          isLoading={list.isPending}
          emptyMessage="Nobody subscribes yet: contacts subscribe on the public page, or you add them here."
          minWidth={960}
          skeletonRows={4}
        />
      )}
      {isAdding ? <AddSubscriberModal onClose={() => setIsAdding(false)} /> : null}
      {removing ? (
        <ReasonModal
          title={`Remove ${removing.email}?`}
          body="They stop receiving the change notices. The record stays, as the list of who was told what and when."
          reasonDescription="Why (the customer asked, the contact left…). Recorded in the audit log."
          confirmLabel="Remove"
          confirmColor="red"
          onConfirm={async (reason) => {
            await removeSubscriber.mutateAsync({ id: removing.id, reason });
            notifications.show({
              color: 'teal',
              title: 'Removed',
              message: `${removing.email} is unsubscribed.`,
            });
          }}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </Stack>
  );
}

interface AddValues {
  organisationId: string | null;
  name: string;
  email: string;
  reason: string;
}

function AddSubscriberModal({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.registry.choices.queryOptions());
  const { addSubscriber } = useRegistryMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<AddValues>({
    mode: 'controlled',
    initialValues: { organisationId: null, name: '', email: '', reason: '' },
    validate: {
      organisationId: (v) => (v === null ? 'Choose the customer organisation.' : null),
      name: (v) =>
        v.trim() === ''
          ? 'Enter a name.'
          : v.trim().length > 200
            ? 'A name has at most 200 characters.'
            : null,
      email: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : 'Enter a valid email address.'),
      reason: (v) =>
        v.trim().length < 3
          ? 'Give a reason of at least 3 characters.'
          : v.trim().length > 500
            ? 'A reason has at most 500 characters.'
            : null,
    },
  });
  const organisationOptions = (choices.data?.organisations ?? []).map((o) => ({
    value: o.id,
    label: `${o.name} (${o.country})`,
  }));

  const submit = form.onSubmit(async (v) => {
    setProblem(null);
    if (v.organisationId === null) return;
    try {
      const added = await addSubscriber.mutateAsync({
        organisationId: v.organisationId,
        name: v.name.trim(),
        email: v.email.trim(),
        reason: v.reason.trim(),
      });
      notifications.show({
        color: 'teal',
        title: 'Contact added',
        message: `${added.email} receives the change notices from now on.`,
      });
      onClose();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal opened onClose={onClose} title="Add a contact on a customer’s behalf" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            For a customer who asked by another channel. The contact is subscribed at once, without the
            confirmation mail the public page sends; who added them and why is recorded.
          </Text>
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
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Name" withAsterisk maxLength={200} {...form.getInputProps('name')} />
            <TextInput label="Email" type="email" withAsterisk {...form.getInputProps('email')} />
          </Group>
          <GrowingTextarea
            label="Reason"
            description="How the customer asked (their email of 3 March, a call with their DPO…). Recorded in the audit log."
            withAsterisk
            minRows={2}
            maxRows={6}
            {...form.getInputProps('reason')}
          />
          <DialogActions
            problem={problem}
            problemTitle="Not added"
            submitLabel="Add contact"
            loading={addSubscriber.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
