import { useUrlTableState } from '../../../lib/use-url-table-state';
import {
  defaultStaffSearch,
  parseStaffSearch,
  staffSearchToParams,
  type StaffFilterKey,
  type StaffSearch,
} from '../staff-search';

const codec = { parse: parseStaffSearch, toParams: staffSearchToParams, defaults: defaultStaffSearch };

/** The staff table's state, read from and written to the URL. */
export function useStaffSearch() {
  return useUrlTableState<StaffSearch, StaffFilterKey>(codec);
}
