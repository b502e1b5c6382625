import { Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { useCan } from '../../../lib/session';
import { useTRPC } from '../../../lib/trpc';
import type { CustomerHit } from '../types';
import { CustomerResult } from './customer-result';
import classes from './customers.module.css';

const pageSize = 20;

/**
 * The support agent's lookup (issue 12, item 2): one box for an email, an account number, an organisation or
 * a name (misspelt is fine), answered as you type, ranked and paged; arrow keys move through the results and
 * Enter opens one. What the box holds is in the URL, so Back returns to the same results.
 */
export function CustomersPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const clear = useCan('pii:read');
  const [params, setParams] = useSearchParams();
  const [typed, setTyped] = useState(params.get('q') ?? '');
  const [offset, setOffset] = useState(0);
  const [q] = useDebouncedValue(typed.trim(), 300);
  const list = useRef<HTMLUListElement>(null);

  // The URL follows the box (replacing, so Back leaves the page rather than undoing letters).
  useEffect(() => {
    if ((params.get('q') ?? '') === q) return;
    setParams(q ? { q } : {}, { replace: true, preventScrollReset: true });
  }, [q, params, setParams]);

  const searchable = Array.from(q).length >= 2;
  const results = useQuery({
    ...trpc.customers.search.queryOptions({ q, limit: pageSize, offset, from: 'customer_directory' }),
    enabled: searchable,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const items = searchable ? (results.data?.items ?? []) : [];
  const focusResult = (index: number) => {
    const links = list.current?.querySelectorAll<HTMLAnchorElement>('a[data-result]');
    if (!links || links.length === 0) return;
    links[Math.max(0, Math.min(links.length - 1, index))]?.focus();
  };
  const onBoxKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusResult(0);
    } else if (event.key === 'Enter' && items[0]) {
      event.preventDefault();
      void navigate(paths.customer.build(items[0].id));
    }
  };
  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a[data-result]') ?? [])];
    const at = links.findIndex((a) => a === document.activeElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusResult(at + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (at === 0) document.getElementById('customer-search')?.focus();
      else focusResult(at - 1);
    }
  };

  return (
    <Stack gap="md" maw={920}>
      <Stack gap={4}>
        <Title order={1}>Customers</Title>
        <Text size="sm">
          {clear
            ? 'Find an account by email (or its start), account number (SYN-…), name — misspelt is fine — or organisation.'
            : 'Find an account by its full email, account number (SYN-…), whole name — a misspelling is fine — or organisation. Names and emails are masked; each search is recorded.'}
        </Text>
      </Stack>
      <TextInput
        id="customer-search"
        type="search"
        label="Search customers"
        placeholder={
          clear
            ? 'jane.doe@example.com, SYN-104233, Jane Doe, Acme'
            : 'Full email, SYN-…, whole name or organisation'
        }
        leftSection={results.isFetching ? <Loader size={14} /> : <IconSearch size={16} aria-hidden />}
        value={typed}
        onChange={(e) => {
          setTyped(e.currentTarget.value);
          // A new search starts at its first page.
          setOffset(0);
        }}
        onKeyDown={onBoxKey}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        aria-describedby="customer-search-status"
        maw={560}
      />
      <div id="customer-search-status" aria-live="polite">
        <SearchStatus
          q={q}
          searchable={searchable}
          loading={results.isPending && searchable}
          guidance={results.data?.guidance ?? null}
          count={items.length}
          offset={offset}
          hasMore={results.data?.hasMore ?? false}
          capped={results.data?.capped ?? false}
          ranked={clear}
        />
      </div>
      {results.isError ? (
        <QueryErrorAlert
          title="The search failed"
          error={results.error}
          onRetry={() => void results.refetch()}
        />
      ) : null}
      {items.length > 0 ? (
        <Paper withBorder radius="md">
          <ul className={classes.results} ref={list} onKeyDown={onListKey} aria-label="Matching accounts">
            {items.map((c: CustomerHit) => (
              <li key={c.id}>
                <CustomerResult customer={c} />
              </li>
            ))}
          </ul>
        </Paper>
      ) : null}
      {searchable && (offset > 0 || results.data?.hasMore) ? (
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - pageSize))}
          >
            Previous {pageSize}
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={!results.data?.hasMore || offset + pageSize > 200}
            onClick={() => setOffset(offset + pageSize)}
          >
            Next {pageSize}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function SearchStatus(props: {
  q: string;
  searchable: boolean;
  loading: boolean;
  guidance: string | null;
  count: number;
  offset: number;
  hasMore: boolean;
  capped: boolean;
  ranked: boolean;
}) {
  if (!props.searchable) {
    return (
      <Text size="sm" c="dimmed">
        {props.q.length === 0
          ? 'Type at least two characters to search.'
          : 'Keep typing: at least two characters.'}
      </Text>
    );
  }
  if (props.loading) return <Text size="sm">Searching…</Text>;
  if (props.guidance) return <Text size="sm">{props.guidance}</Text>;
  if (props.count === 0) {
    return (
      <Text size="sm">
        No account matches “{props.q}”. Check the spelling, or try the email or account number.
      </Text>
    );
  }
  const range =
    props.offset === 0 && !props.hasMore
      ? `${props.count} ${props.count === 1 ? 'account' : 'accounts'}`
      : `Accounts ${props.offset + 1}–${props.offset + props.count}${props.hasMore ? ' (more follow)' : ''}`;
  return (
    <Text size="sm">
      {range}, {props.ranked ? 'best match first' : 'by account number'}. ↓ moves into the results, Enter
      opens one.
      {props.capped
        ? ' More accounts have this name than are shown: add the email or account number to narrow it.'
        : ''}
    </Text>
  );
}
