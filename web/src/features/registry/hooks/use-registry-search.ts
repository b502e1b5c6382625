import type { RegistrySort } from '@privdesk/shared/constants';
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import {
  defaultRegistrySearch,
  parseRegistrySearch,
  registrySearchToParams,
  type RegistryFilterKey,
  type RegistrySearch,
  type SortDirection,
} from '../registry-search';

/** The registry table's filters, sort and page, read from and written to the URL so a view can be shared. */
export function useRegistrySearch() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseRegistrySearch(params), [params]);

  // The router commits a new URL in a transition, so for a moment the rendered `search` trails the last
  // write. Changes build on the last write instead: a filter picked while the debounced search box is about
  // to write is kept, not undone by a write based on the older URL.
  const latest = useRef(search);
  useLayoutEffect(() => {
    latest.current = search;
  }, [search]);

  const write = useCallback(
    (change: (current: RegistrySearch) => RegistrySearch, replace: boolean) => {
      const next = change(latest.current);
      latest.current = next;
      setParams(registrySearchToParams(next), { replace, preventScrollReset: true });
    },
    [setParams],
  );

  const setFilter = useCallback(
    <K extends RegistryFilterKey>(key: K, value: RegistrySearch[K], opts: { replace?: boolean } = {}) => {
      // A new filter means a new result set: back to its first page.
      write((current) => ({ ...current, [key]: value, page: 1 }), opts.replace ?? false);
    },
    [write],
  );
  const setSort = useCallback(
    (sort: RegistrySort, dir: SortDirection) =>
      write((current) => ({ ...current, sort, dir, page: 1 }), false),
    [write],
  );
  const setPage = useCallback((page: number) => write((current) => ({ ...current, page }), false), [write]);
  const setPageSize = useCallback(
    (pageSize: number) => write((current) => ({ ...current, pageSize, page: 1 }), false),
    [write],
  );
  const clearFilters = useCallback(
    () =>
      write(
        (current) => ({
          ...defaultRegistrySearch,
          pageSize: current.pageSize,
          sort: current.sort,
          dir: current.dir,
        }),
        false,
      ),
    [write],
  );

  return { search, setFilter, setSort, setPage, setPageSize, clearFilters };
}
