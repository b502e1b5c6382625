import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  auditSearchToParams,
  defaultAuditSearch,
  parseAuditSearch,
  type AuditFilterKey,
  type AuditSearch,
} from '../audit-search';

/** The audit table's state, read from and written to the URL. */
export function useAuditSearch() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseAuditSearch(params), [params]);

  const write = useCallback(
    (next: AuditSearch, replace: boolean) =>
      setParams(auditSearchToParams(next), { replace, preventScrollReset: true }),
    [setParams],
  );

  const setFilter = useCallback(
    <K extends AuditFilterKey>(
      key: K,
      value: AuditSearch[K] | undefined,
      opts: { replace?: boolean } = {},
    ) => {
      // A new filter means a new result set: back to its first page.
      write({ ...search, [key]: value === '' ? undefined : value, page: 1 }, opts.replace ?? false);
    },
    [search, write],
  );

  const setPage = useCallback((page: number) => write({ ...search, page }, false), [search, write]);
  const setPageSize = useCallback(
    (pageSize: number) => write({ ...search, pageSize, page: 1 }, false),
    [search, write],
  );
  const clearFilters = useCallback(
    () => write({ ...defaultAuditSearch, pageSize: search.pageSize }, false),
    [search, write],
  );

  return { search, setFilter, setPage, setPageSize, clearFilters };
}
