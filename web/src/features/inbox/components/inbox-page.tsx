import {
  Anchor,
  Button,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconMailOpened } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { TablePager } from '../../../components/data-table/table-pager';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useTRPC } from '../../../lib/trpc';
import { privacyAddress } from '../format';
import {
  inboxInputOf,
  inboxSearchToParams,
  inboxShows,
  type InboxSearch,
  type InboxShow,
} from '../inbox-search';
import { useInboxSearch } from '../use-inbox-search';
import { InboxList } from './inbox-list';
import { InboxMail } from './inbox-mail';
import classes from './inbox-page.module.css';

const listLabels: Record<InboxShow, string> = {
  new: 'New mail, newest first',
  handled: 'Handled mail, newest first',
  all: 'All mail, newest first',
};

const emptyTexts: Record<InboxShow, { title: string; text: string }> = {
  new: {
    title: 'No new mail.',
    text: `Mail sent to ${privacyAddress} appears here as it arrives.`,
  },
  handled: {
    title: 'No handled mail yet.',
    text: 'Messages appear here once they become requests, go on one, or are marked as not a request.',
  },
  all: {
    title: 'No mail yet.',
    text: `Mail sent to ${privacyAddress} appears here as it arrives.`,
  },
};

function hrefOf(search: InboxSearch): string {
  return paths.inbox.build(inboxSearchToParams(search));
}

function Empty({ show }: { show: InboxShow }) {
  const { title, text } = emptyTexts[show];
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="xs">
        <IconMailOpened size={32} stroke={1.5} aria-hidden color="var(--mantine-color-dimmed)" />
        <Text ta="center" size="sm">
          <strong>{title}</strong> {text}
        </Text>
      </Stack>
    </Paper>
  );
}

function ListSkeleton() {
  return (
    <Stack gap="xs" aria-busy role="status" aria-label="Loading the inbox">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height={104} radius="md" />
      ))}
    </Stack>
  );
}

/**
 * The inbox (issue 16, item 2): what arrived at the privacy address, the untriaged first, for privacy
 * officers to make requests of, put on the requests they belong to, or set aside. A message opens beside the
 * list on a wide screen and in its place on a phone; which one is open, like the list, is in the address.
 */
export function InboxPage() {
  usePageTitle('Inbox');
  const trpc = useTRPC();
  const { search, setFilter, setPage, setPageSize } = useInboxSearch();
  const isNarrow = useMediaQuery('(max-width: 999.98px)', false, { getInitialValueInEffect: false });
  // On a phone, focus follows the person: to the message they opened from the list (not one a link opened
  // on arrival), and back to it in the list when they return.
  const [openedFromList, setOpenedFromList] = useState<string | undefined>(undefined);
  const [returnTo, setReturnTo] = useState<string | undefined>(undefined);
  const list = useQuery({
    ...trpc.inbox.find.queryOptions(inboxInputOf(search)),
    placeholderData: keepPreviousData,
  });
  const selected = search.mail;
  const newCount = list.data?.newCount;

  if (isNarrow && selected) {
    return (
      <Stack gap="sm">
        <Title order={1}>Inbox</Title>
        <Anchor
          component={Link}
          to={hrefOf({ ...search, mail: undefined })}
          onClick={() => setReturnTo(selected)}
          className={classes.back}
        >
          <IconArrowLeft size={16} aria-hidden />
          Back to the list
        </Anchor>
        <InboxMail key={selected} id={selected} focusOnOpen={openedFromList === selected} />
      </Stack>
    );
  }

  let body: ReactNode;
  if (list.isError && !list.data) {
    body = (
      <QueryErrorAlert
        title="Could not load the inbox"
        error={list.error}
        onRetry={() => void list.refetch()}
      />
    );
  } else if (!list.data) {
    body = <ListSkeleton />;
  } else if (list.data.total === 0) {
    body = <Empty show={search.show} />;
  } else if (list.data.items.length === 0) {
    body = (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">No message on this page.</Text>
        <Button variant="default" size="xs" onClick={() => setPage(1)}>
          Go to the first page
        </Button>
      </Stack>
    );
  } else {
    body = (
      <InboxList
        items={list.data.items}
        selectedId={selected}
        hrefOf={(id) => hrefOf({ ...search, mail: id })}
        keepScroll={!isNarrow}
        focusId={returnTo}
        onOpen={setOpenedFromList}
        label={listLabels[search.show]}
      />
    );
  }

  return (
    <Stack gap="lg">
      <Stack gap={2}>
        <Title order={1}>Inbox</Title>
        <Text c="dimmed" size="sm">
          Mail to {privacyAddress}, newest first. Make a request of a message, put it on the request it
          belongs to, or say what it is instead.
        </Text>
      </Stack>
      <div className={classes.layout} data-split={isNarrow ? undefined : true}>
        <Stack gap="sm" component="section" aria-labelledby="inbox-list-title" className={classes.listColumn}>
          <VisuallyHidden>
            <h2 id="inbox-list-title">Messages</h2>
          </VisuallyHidden>
          <SegmentedControl
            aria-label="Which mail"
            value={search.show}
            onChange={(value) =>
              setFilter(
                'show',
                inboxShows.find((s) => s === value),
              )
            }
            data={[
              { value: 'new', label: newCount === undefined ? 'New' : `New (${newCount})` },
              { value: 'handled', label: 'Handled' },
              { value: 'all', label: 'All' },
            ]}
            fullWidth={isNarrow}
            w={isNarrow ? undefined : 'fit-content'}
          />
          {list.isError && list.data ? (
            <QueryErrorAlert
              title="Could not refresh the inbox"
              error={list.error}
              onRetry={() => void list.refetch()}
            />
          ) : null}
          <div aria-busy={list.isFetching && list.isPlaceholderData ? true : undefined}>{body}</div>
          {list.data && list.data.total > 0 ? (
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
        </Stack>
        {isNarrow ? null : (
          <div className={classes.detailColumn}>
            {selected ? (
              <InboxMail key={selected} id={selected} />
            ) : (
              <Paper withBorder radius="md" p="xl" className={classes.placeholder}>
                <Text size="sm" c="dimmed" ta="center">
                  Choose a message to read it and decide what it is.
                </Text>
              </Paper>
            )}
          </div>
        )}
      </div>
    </Stack>
  );
}
