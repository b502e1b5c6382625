import { useUrlTableState } from '../../lib/use-url-table-state';
import {
  defaultInboxSearch,
  inboxSearchToParams,
  parseInboxSearch,
  type InboxFilterKey,
  type InboxSearch,
} from './inbox-search';

const codec = { parse: parseInboxSearch, toParams: inboxSearchToParams, defaults: defaultInboxSearch };

export function useInboxSearch() {
  return useUrlTableState<InboxSearch, InboxFilterKey>(codec);
}
