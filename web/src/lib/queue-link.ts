import type { Drill } from '@privdesk/shared';
import { paths } from '../config/paths';

/**
 * The queue's address for a dashboard figure's drill-down: each filter in the queue's own address-bar
 * spelling (`queue-search.ts` parses it back). A drill that names no statuses means every status, which the
 * queue spells `status=all` (without it the queue shows the open ones). The queue's own sort applies.
 */
export function queueHrefOf(drill: Drill): string {
  const params = new URLSearchParams();
  params.set('status', drill.statuses && drill.statuses.length > 0 ? drill.statuses.join(',') : 'all');
  // Every filter but the statuses is a single date, code, id, number or flag.
  const entries = Object.entries(drill) as [keyof Drill, string | number | boolean | string[] | undefined][];
  for (const [key, value] of entries) {
    if (key === 'statuses' || value === undefined || Array.isArray(value)) continue;
    params.set(key, String(value));
  }
  return paths.queue.build(params);
}
