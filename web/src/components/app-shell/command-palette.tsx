import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import type { Permission, Section } from '@privdesk/shared/constants';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconFileText, IconSearch, IconUser, type Icon } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../../config/paths';
import { defaultQueueSearch, queueSearchToParams } from '../../features/requests/queue-search';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { sectionIcons } from './section-icons';

/** A task rather than a section ("New request"), offered only to people whose roles allow it. */
export interface PaletteTask {
  id: string;
  label: string;
  description: string;
  path: string;
  icon: Icon;
}

/** A request reference as people type it: `DSR-2026-000123`, `dsr 2026 123`, `2026-000123`. */
export function referenceIn(text: string): string | null {
  const m = /^(?:dsr[\s-]?)?(\d{4})[\s-](\d{1,6})$/i.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  return `DSR-${m[1]}-${m[2].padStart(6, '0')}`;
}

/** Customers found from the palette: a few, as you type (three characters or more, a moment after). */
const paletteCustomers = 5;

/**
 * Ctrl+K / Cmd+K: jump to any page the person's roles allow, start a task they may do, open a customer
 * account (for those who read customers: the same search, masking and audit as the Customers page), or go
 * straight to a request by its reference.
 */
export function CommandPalette({
  sections,
  tasks = [],
  permissions,
}: {
  sections: readonly Section[];
  tasks?: readonly PaletteTask[];
  permissions: readonly Permission[];
}) {
  const navigate = useNavigate();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [query, setQuery] = useState('');
  const [typed] = useDebouncedValue(query.trim(), 300);
  const reference = referenceIn(query);
  const readsCustomers = permissions.includes('customers:read');
  const readsRequests = permissions.includes('requests:read');
  const readsQueue = permissions.includes('requests:read_summary');
  const customers = useQuery({
    ...trpc.customers.search.queryOptions({ q: typed, limit: paletteCustomers, from: 'customer_directory' }),
    enabled: readsCustomers && Array.from(typed).length >= 3 && referenceIn(typed) === null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const pages = useMemo<SpotlightActionData[]>(
    () => [
      ...tasks.map((task) => ({
        id: task.id,
        label: task.label,
        description: task.description,
        leftSection: <task.icon size={20} stroke={1.6} aria-hidden />,
        onClick: () => void navigate(task.path),
      })),
      ...sections.map((section) => {
        const Icon = sectionIcons[section.key];
        return {
          id: section.key,
          label: section.label,
          description: `Go to ${section.label}`,
          leftSection: <Icon size={20} stroke={1.6} aria-hidden />,
          onClick: () => void navigate(section.path),
        };
      }),
    ],
    [sections, tasks, navigate],
  );

  const openReference = async (ref: string) => {
    const queue = paths.queue.build(
      queueSearchToParams({ ...defaultQueueSearch, status: undefined, search: ref }),
    );
    if (!readsRequests) return void navigate(queue);
    try {
      const found = await client.requests.find.query({ search: ref, pageSize: 5 });
      const row = found.items.find((r) => r.reference === ref);
      void navigate(row ? paths.request.build(row.id) : queue);
    } catch {
      void navigate(queue);
    }
  };

  const words = query.trim().toLowerCase();
  const shownPages = words
    ? pages.filter((a) => `${a.label ?? ''} ${a.description ?? ''}`.toLowerCase().includes(words))
    : pages;
  const found =
    readsCustomers && Array.from(typed).length >= 3 && reference === null
      ? (customers.data?.items ?? [])
      : [];
  const groups: SpotlightActionData[] = [
    ...(reference && readsQueue
      ? [
          {
            id: `request-${reference}`,
            label: `Open ${reference}`,
            description: readsRequests ? 'Go to this request' : 'Show it in the queue',
            leftSection: <IconFileText size={20} stroke={1.6} aria-hidden />,
            onClick: () => void openReference(reference),
          },
        ]
      : []),
    ...shownPages,
    ...found.map((c) => ({
      id: `customer-${c.id}`,
      label: `${c.name} · ${c.accountNumber}`,
      description: [c.email, c.organisation, c.country].filter(Boolean).join(' · '),
      leftSection: <IconUser size={20} stroke={1.6} aria-hidden />,
      onClick: () => void navigate(paths.customer.build(c.id)),
    })),
  ];
  const searching = readsCustomers && customers.isFetching;

  return (
    <Spotlight
      actions={groups}
      query={query}
      onQueryChange={setQuery}
      // The server already matched the customers; the pages are filtered above.
      filter={(_query, actions) => actions}
      shortcut={['mod + K']}
      nothingFound={
        searching ? 'Searching…' : readsCustomers ? 'No page or customer matches' : 'No page matches'
      }
      highlightQuery
      scrollable
      maxHeight={420}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.6} aria-hidden />,
        placeholder: readsCustomers
          ? 'Go to a page, a customer or a request (DSR-…)'
          : readsQueue
            ? 'Go to a page or a request (DSR-…)'
            : 'Go to a page…',
        'aria-label': readsCustomers ? 'Search pages, customers and requests' : 'Search pages',
      }}
    />
  );
}
