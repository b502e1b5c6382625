import { useUrlTableState } from '../../../lib/use-url-table-state';
import {
  auditSearchToParams,
  defaultAuditSearch,
  parseAuditSearch,
  type AuditFilterKey,
  type AuditSearch,
} from '../audit-search';

const codec = {
  parse: parseAuditSearch,
  toParams: auditSearchToParams,
  defaults: defaultAuditSearch,
  emptyIsUnset: true,
};

/** The audit table's state, read from and written to the URL. */
export function useAuditSearch() {
  return useUrlTableState<AuditSearch, AuditFilterKey>(codec);
}
