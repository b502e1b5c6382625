import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { dashboardSearchToParams, parseDashboardSearch, type DashboardSearch } from '../dashboard-search';

/** The dashboard's filters, read from and written to the URL so a view can be shared by link. */
export function useDashboardSearch() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseDashboardSearch(params), [params]);
  const update = useCallback(
    (patch: Partial<DashboardSearch>, opts: { replace?: boolean } = {}) =>
      setParams(dashboardSearchToParams({ ...search, ...patch }), {
        replace: opts.replace ?? false,
        preventScrollReset: true,
      }),
    [search, setParams],
  );
  return { search, update };
}
