import {
  allowedMoves,
  type LifecycleMove,
  type Permission,
  type RequestStatus,
  type RequestType,
} from '@privdesk/shared';

/**
 * The shortest run of moves a person holding `held` can make through `requests.transition` from one status
 * to another, for a request of `type`, found in the lifecycle's own table (breadth first, so the path is the
 * one a reader would expect: received → verifying → in progress → completed). Undefined when there is none:
 * until the erasure work builds plans, an erasure cannot be approved, executed or completed by hand.
 */
export function movePath(
  from: RequestStatus,
  to: RequestStatus,
  type: RequestType,
  held: readonly Permission[],
): LifecycleMove[] | undefined {
  const cameBy = new Map<RequestStatus, LifecycleMove | null>([[from, null]]);
  const queue: RequestStatus[] = [from];
  while (queue.length > 0) {
    const status = queue.shift();
    if (status === undefined) break;
    if (status === to) {
      const path: LifecycleMove[] = [];
      for (let m = cameBy.get(to); m; m = cameBy.get(m.from)) path.unshift(m);
      return path;
    }
    for (const m of allowedMoves(status, held, { type })) {
      if (cameBy.has(m.to)) continue;
      cameBy.set(m.to, m);
      queue.push(m.to);
    }
  }
  return undefined;
}
