import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  defaultStaffSearch,
  parseStaffSearch,
  staffSearchToParams,
  type StaffFilterKey,
  type StaffSearch,
} from '../staff-search';

export function useStaffSearch() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseStaffSearch(params), [params]);

  const write = useCallback(
    (next: StaffSearch, replace: boolean) =>
      setParams(staffSearchToParams(next), { replace, preventScrollReset: true }),
    [setParams],
  );

  const setFilter = useCallback(
    <K extends StaffFilterKey>(key: K, value: StaffSearch[K], opts: { replace?: boolean } = {}) => {
      write({ ...search, [key]: value, page: 1 }, opts.replace ?? false);
    },
    [search, write],
  );
  const setPage = useCallback((page: number) => write({ ...search, page }, false), [search, write]);
  const setPageSize = useCallback(
    (pageSize: number) => write({ ...search, pageSize, page: 1 }, false),
    [search, write],
  );
  const clearFilters = useCallback(
    () => write({ ...defaultStaffSearch, pageSize: search.pageSize }, false),
    [search, write],
  );

  return { search, setFilter, setPage, setPageSize, clearFilters };
}
