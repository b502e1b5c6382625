import { useUrlTableState } from '../../lib/use-url-table-state';
import {
  defaultMailboxSearch,
  mailboxSearchToParams,
  parseMailboxSearch,
  type MailboxFilterKey,
  type MailboxSearch,
} from './mailbox-search';

const codec = { parse: parseMailboxSearch, toParams: mailboxSearchToParams, defaults: defaultMailboxSearch };

export function useMailboxSearch() {
  return useUrlTableState<MailboxSearch, MailboxFilterKey>(codec);
}
