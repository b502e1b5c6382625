import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import {
  consistentDashboardSearch,
  dashboardSearchToParams,
  parseDashboardSearch,
  type DashboardSearch,
} from '../dashboard-search';

/** The dashboard's filters, read from and written to the URL so a view can be shared by link. */
export function useDashboardSearch() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseDashboardSearch(params), [params]);
  // The filters as last asked for. The router renders a navigation in a transition, which React may hold
  // back (while the charts' chunk loads); a second filter chosen meanwhile must build on the first, not on
  // what this render read — seen in CI: the period vanished when the regime was picked right after it.
  const latest = useRef(search);
  useEffect(() => {
    latest.current = search;
  }, [search]);
  const update = useCallback(
    (patch: Partial<DashboardSearch>, opts: { replace?: boolean } = {}) => {
      const next = consistentDashboardSearch({ ...latest.current, ...patch });
      latest.current = next;
      setParams(dashboardSearchToParams(next), {
        replace: opts.replace ?? false,
        preventScrollReset: true,
      });
    },
    [setParams],
  );
  return { search, update };
}
