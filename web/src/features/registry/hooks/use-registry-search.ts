import type { RegistrySort } from '@privdesk/shared/constants';
import { useSortedUrlTableState } from '../../../lib/use-sorted-url-table-state';
import {
  defaultRegistrySearch,
  parseRegistrySearch,
  registrySearchToParams,
  type RegistryFilterKey,
  type RegistrySearch,
} from '../registry-search';

const codec = {
  parse: parseRegistrySearch,
  toParams: registrySearchToParams,
  defaults: defaultRegistrySearch,
};

/** The registry table's filters, sort and page, read from and written to the URL so a view can be shared. */
export function useRegistrySearch() {
  return useSortedUrlTableState<RegistrySort, RegistrySearch, RegistryFilterKey>(codec);
}
