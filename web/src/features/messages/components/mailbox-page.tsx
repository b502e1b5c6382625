import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  messageKindLabels,
  messageKinds,
  messageStatusLabels,
  messageStatuses,
  type MessageStatus,
} from '@privdesk/shared/constants';
import type { CapturedMailView, MessageStatusView, MessageView } from '@privdesk/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper, useTable } from '@tanstack/react-table';
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  DataTable,
  dataTableFeatures,
  type DataTableFeatures,
} from '../../../components/data-table/data-table';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import { mailboxInputOf } from '../mailbox-search';
import { useMailboxSearch } from '../use-mailbox-search';
import classes from './mailbox-page.module.css';

const statusColour: Record<MessageStatus, string> = {
  queued: 'blue',
  sent: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

function when(iso: string | null): string {
  return iso === null
    ? '—'
    : new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      }) + ' UTC';
}

function StatusBadge({ status, attempts }: { status: MessageStatus; attempts: number }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={statusColour[status]} variant="dot" tt="none" radius="sm">
        {messageStatusLabels[status]}
      </Badge>
      {attempts > 1 ? (
        <Text size="xs" c="dimmed">
          {attempts} tries
        </Text>
      ) : null}
    </Group>
  );
}

const full = createColumnHelper<DataTableFeatures, MessageView>();
const fullColumns = (onOpen: (m: MessageView) => void) =>
  full.columns([
    full.accessor('queuedAt', {
      header: 'Queued',
      cell: (info) => <Text size="sm">{when(info.getValue())}</Text>,
    }),
    full.accessor('reference', {
      header: 'Request',
      cell: (info) => {
        const m = info.row.original;
        return m.requestId && m.reference ? (
          <Anchor component={Link} to={paths.request.build(m.requestId)} size="sm">
            {m.reference}
          </Anchor>
        ) : (
          '—'
        );
      },
    }),
    full.accessor('subject', {
      header: 'Message',
      cell: (info) => {
        const m = info.row.original;
        return (
          <Stack gap={0} className={classes.message}>
            <Anchor component="button" type="button" size="sm" fw={600} ta="left" onClick={() => onOpen(m)}>
              {m.subject}
            </Anchor>
            <Text size="xs" c="dimmed">
              {messageKindLabels[m.kind]} · to {m.to}
            </Text>
          </Stack>
        );
      },
    }),
    full.accessor('status', {
      header: 'Status',
      cell: (info) => <StatusBadge status={info.getValue()} attempts={info.row.original.attempts} />,
    }),
    full.accessor('sentAt', {
      header: 'Sent',
      cell: (info) => <Text size="sm">{when(info.getValue())}</Text>,
    }),
  ]);

const status = createColumnHelper<DataTableFeatures, MessageStatusView>();
const statusColumns = status.columns([
  status.accessor('queuedAt', {
    header: 'Queued',
    cell: (info) => <Text size="sm">{when(info.getValue())}</Text>,
  }),
  status.accessor('reference', {
    header: 'Request',
    cell: (info) => <Text size="sm">{info.getValue() ?? '—'}</Text>,
  }),
  status.accessor('kind', {
    header: 'Message',
    cell: (info) => <Text size="sm">{messageKindLabels[info.getValue()]}</Text>,
  }),
  status.accessor('status', {
    header: 'Status',
    cell: (info) => <StatusBadge status={info.getValue()} attempts={info.row.original.attempts} />,
  }),
  status.accessor('serverAnswer', {
    header: 'Server’s answer',
    cell: (info) => (
      <Text size="xs" className={classes.answer}>
        {info.getValue() ?? '—'}
      </Text>
    ),
  }),
]);

/**
 * The mailbox (issue 13, item 4): every message to requesters. Privacy officers read them in full — to
 * whom, the exact text — and, on the embedded demo, the capture inbox that received them; admins see
 * delivery only (no addresses, subjects or texts).
 */
export function MailboxPage() {
  usePageTitle('Mailbox');
  const canRead = useCan('messages:read');
  const { search, setFilter, setPage, setPageSize } = useMailboxSearch();
  const view = canRead ? search.view : 'outbox';
  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={1}>Mailbox</Title>
        <Text c="dimmed" size="sm">
          {canRead
            ? 'Every message to requesters: what was sent, to whom, and whether the mail server took it.'
            : 'Delivery of the mail to requesters: whether each message left. Addresses and texts are for privacy officers.'}
        </Text>
      </Stack>
      {canRead ? (
        <SegmentedControl
          aria-label="Mailbox view"
          value={view}
          onChange={(value) => setFilter('view', value === 'inbox' ? 'inbox' : 'outbox')}
          data={[
            { value: 'outbox', label: 'Sent by us' },
            { value: 'inbox', label: 'Demo inbox' },
          ]}
          w="fit-content"
        />
      ) : null}
      {view === 'inbox' ? (
        <CapturedInbox
          page={search.page}
          pageSize={search.pageSize}
          onPage={setPage}
          onPageSize={setPageSize}
        />
      ) : (
        <Outbox />
      )}
    </Stack>
  );
}

const noFull: MessageView[] = [];
const noStatus: MessageStatusView[] = [];

function Outbox() {
  const trpc = useTRPC();
  const { search, setFilter, setPage, setPageSize } = useMailboxSearch();
  const [open, setOpen] = useState<MessageView | null>(null);
  const list = useQuery({
    ...trpc.messages.mailbox.queryOptions(mailboxInputOf(search)),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((m) => m.status === 'queued') ? 3000 : false),
  });
  const fullTable = useTable({
    features: dataTableFeatures,
    columns: useMemo(() => fullColumns(setOpen), []),
    data: list.data?.view === 'full' ? list.data.items : noFull,
    getRowId: (row) => row.id,
  });
  const statusTable = useTable({
    features: dataTableFeatures,
    columns: statusColumns,
    data: list.data?.view === 'status' ? list.data.items : noStatus,
    getRowId: (row) => row.id,
  });
  const common = {
    caption: 'Messages to requesters',
    isLoading: list.isPending,
    isFetching: list.isFetching && list.isPlaceholderData,
    emptyMessage:
      search.status || search.kind ? 'No message matches these filters.' : 'No message has been written yet.',
  };
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label="Status"
          size="sm"
          value={search.status ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setFilter(
              'status',
              messageStatuses.find((s) => s === value),
            );
          }}
          data={[
            { value: '', label: 'Any status' },
            ...messageStatuses.map((s) => ({ value: s, label: messageStatusLabels[s] })),
          ]}
        />
        <NativeSelect
          label="Message"
          size="sm"
          value={search.kind ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setFilter(
              'kind',
              messageKinds.find((k) => k === value),
            );
          }}
          data={[
            { value: '', label: 'Any message' },
            ...messageKinds.map((k) => ({ value: k, label: messageKindLabels[k] })),
          ]}
        />
      </Group>
      {list.isError ? (
        <QueryErrorAlert
          title="Could not load the mailbox"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data?.view === 'status' ? (
        <DataTable table={statusTable} {...common} />
      ) : (
        <DataTable table={fullTable} {...common} />
      )}
      {list.data ? (
        <TablePager
          page={search.page}
          pageSize={search.pageSize}
          total={list.data.total}
          onPageChange={setPage}
          onPageSizeChange={setPageSize}
          noun="messages"
          nounOne="message"
        />
      ) : null}
      {open ? <MessageModal message={open} onClose={() => setOpen(null)} /> : null}
    </Stack>
  );
}

function MessageModal({ message: m, onClose }: { message: MessageView; onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title={m.subject} size="lg">
      <Stack gap="xs">
        <Text size="sm">
          {messageKindLabels[m.kind]} to {m.to} · <StatusText status={m.status} />
        </Text>
        <Text size="xs" c="dimmed">
          Queued {when(m.queuedAt)}
          {m.sentAt ? ` · sent ${when(m.sentAt)}` : ''}
          {m.failedAt ? ` · failed ${when(m.failedAt)}` : ''} · Message-ID {m.messageId}
        </Text>
        {m.failure ? (
          <Text size="sm" c="red">
            {m.failure}
            {m.serverAnswer ? ` The server said: “${m.serverAnswer}”` : ''}
          </Text>
        ) : null}
        <Paper withBorder p="sm" className={classes.body}>
          {m.body}
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function StatusText({ status: s }: { status: MessageStatus }) {
  return <>{messageStatusLabels[s].toLowerCase()}</>;
}

/** Text with its web addresses as links (the requester's confirmation link, in the demo's inbox). */
function withLinks(text: string): ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <Anchor key={i} href={part} target="_blank" rel="noreferrer noopener">
        {part}
      </Anchor>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

/**
 * What the embedded demo's own mail server received: the requesters' side of the mail, readable here
 * because no real mail leaves the demo. Links open as the requester would open them.
 */
function CapturedInbox({
  page,
  pageSize,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const trpc = useTRPC();
  const inbox = useQuery({
    ...trpc.messages.captured.queryOptions({ page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  if (inbox.isError)
    return (
      <QueryErrorAlert
        title="Could not load the inbox"
        error={inbox.error}
        onRetry={() => void inbox.refetch()}
      />
    );
  if (inbox.isPending) return <Text size="sm">Loading the inbox…</Text>;
  if (!inbox.data.capturing)
    return (
      <Text size="sm">
        Mail goes to a real mail server here (SMTP_URL), so there is no demo inbox: requesters read it in
        their own.
      </Text>
    );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        The demo sends mail to a mail server of its own on this machine; this is what it received, newest
        first.
      </Text>
      {inbox.data.items.length === 0 ? <Text size="sm">Nothing received yet.</Text> : null}
      {inbox.data.items.map((mail: CapturedMailView) => (
        <Paper key={mail.id} withBorder p="sm" component="article" aria-label={mail.subject}>
          <Text size="sm" fw={600}>
            {mail.subject}
          </Text>
          <Text size="xs" c="dimmed">
            To {mail.to.join(', ')} · from {mail.from} · received {when(mail.receivedAt)}
          </Text>
          <div className={classes.body}>{withLinks(mail.text)}</div>
        </Paper>
      ))}
      <TablePager
        page={page}
        pageSize={pageSize}
        total={inbox.data.total}
        onPageChange={onPage}
        onPageSizeChange={onPageSize}
        noun="messages"
        nounOne="message"
      />
    </Stack>
  );
}
