import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

interface SortedPaged<Sort extends string> {
  page: number;
  pageSize: number;
  sort: Sort;
  dir: 'asc' | 'desc';
}

/**
 * A sortable, server-paged table's filters, sort and page, read from and written to the URL so a view can be
 * shared by link (the queue, the registry). Each table brings its tolerant parser, serializer and defaults.
 */
export function useSortedUrlTableState<
  Sort extends string,
  S extends SortedPaged<Sort>,
  K extends keyof S,
>(codec: { parse: (params: URLSearchParams) => S; toParams: (search: S) => URLSearchParams; defaults: S }) {
  const { parse, toParams, defaults } = codec;
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parse(params), [parse, params]);

  // The router commits a new URL in a transition, so for a moment the rendered `search` trails the last
  // write. Changes build on the last write instead: a filter picked while the debounced search box is about
  // to write is kept, not undone by a write based on the older URL.
  const latest = useRef(search);
  useLayoutEffect(() => {
    latest.current = search;
  }, [search]);

  const write = useCallback(
    (change: (current: S) => S, replace: boolean) => {
      const next = change(latest.current);
      latest.current = next;
      setParams(toParams(next), { replace, preventScrollReset: true });
    },
    [setParams, toParams],
  );

  const setFilter = useCallback(
    <F extends K>(key: F, value: S[F], opts: { replace?: boolean } = {}) => {
      // A new filter means a new result set: back to its first page.
      write((current) => ({ ...current, [key]: value, page: 1 }), opts.replace ?? false);
    },
    [write],
  );
  /** Several filters in one change (a period's start and end), one history entry. */
  const setFilters = useCallback(
    (patch: Partial<Pick<S, K>>, opts: { replace?: boolean } = {}) => {
      write((current) => ({ ...current, ...patch, page: 1 }), opts.replace ?? false);
    },
    [write],
  );
  const setSort = useCallback(
    (sort: Sort, dir: 'asc' | 'desc') => write((current) => ({ ...current, sort, dir, page: 1 }), false),
    [write],
  );
  const setPage = useCallback((page: number) => write((current) => ({ ...current, page }), false), [write]);
  const setPageSize = useCallback(
    (pageSize: number) => write((current) => ({ ...current, pageSize, page: 1 }), false),
    [write],
  );
  const replaceAll = useCallback((next: S) => write(() => next, false), [write]);
  const clearFilters = useCallback(
    () =>
      write(
        (current) => ({ ...defaults, pageSize: current.pageSize, sort: current.sort, dir: current.dir }),
        false,
      ),
    [defaults, write],
  );

  return { search, setFilter, setFilters, setSort, setPage, setPageSize, replaceAll, clearFilters };
}
