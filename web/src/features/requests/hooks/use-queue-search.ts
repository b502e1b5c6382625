import type { RequestSortKey } from '@privdesk/shared/constants';
import { useSortedUrlTableState } from '../../../lib/use-sorted-url-table-state';
import {
  defaultQueueSearch,
  parseQueueSearch,
  queueSearchToParams,
  type QueueFilterKey,
  type QueueSearch,
} from '../queue-search';

const codec = { parse: parseQueueSearch, toParams: queueSearchToParams, defaults: defaultQueueSearch };

/** The queue's filters, sort and page, read from and written to the URL so a view can be shared by link. */
export function useQueueSearch() {
  return useSortedUrlTableState<RequestSortKey, QueueSearch, QueueFilterKey>(codec);
}
