import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

interface Paged {
  page: number;
  pageSize: number;
}

/**
 * A server-paged table's state (filters, page, page size), read from and written to the URL so a view
 * can be shared by link. Each table brings its tolerant parser, its serializer and its defaults.
 */
export function useUrlTableState<S extends Paged, K extends keyof S>(codec: {
  parse: (params: URLSearchParams) => S;
  toParams: (search: S) => URLSearchParams;
  defaults: S;
  /** Treat an empty string from a cleared input as "no filter". */
  emptyIsUnset?: boolean;
}) {
  const { parse, toParams, defaults, emptyIsUnset = false } = codec;
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parse(params), [parse, params]);

  const write = useCallback(
    (next: S, replace: boolean) => setParams(toParams(next), { replace, preventScrollReset: true }),
    [setParams, toParams],
  );

  const setFilter = useCallback(
    <F extends K>(key: F, value: S[F] | undefined, opts: { replace?: boolean } = {}) => {
      const cleared = emptyIsUnset && value === '' ? undefined : value;
      // A new filter means a new result set: back to its first page.
      write({ ...search, [key]: cleared, page: 1 }, opts.replace ?? false);
    },
    [emptyIsUnset, search, write],
  );
  const setPage = useCallback((page: number) => write({ ...search, page }, false), [search, write]);
  const setPageSize = useCallback(
    (pageSize: number) => write({ ...search, pageSize, page: 1 }, false),
    [search, write],
  );
  const clearFilters = useCallback(
    () => write({ ...defaults, pageSize: search.pageSize }, false),
    [defaults, search, write],
  );

  return { search, setFilter, setPage, setPageSize, clearFilters };
}
