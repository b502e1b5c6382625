import { redirect, type ShouldRevalidateFunctionArgs } from 'react-router';
import { landingSectionFor, type Permission } from '@privdesk/shared/constants';
import type { Me } from '@privdesk/shared';
import { paths } from '../../config/paths';
import { currentPathOf } from '../../lib/safe-next';
import type { ActiveStaff } from '../../lib/session';
import type { AppServices } from '../services';

/** `auth.me` from the cache when there, from the server otherwise. */
export function ensureMe({ queryClient, trpc }: AppServices): Promise<Me> {
  return queryClient.ensureQueryData(trpc.auth.me.queryOptions());
}

/** The signed-in staff member, or null when the session is not (or no longer) fully signed in. */
export async function activeStaffOf(services: AppServices): Promise<ActiveStaff | null> {
  const me = await ensureMe(services);
  return me.state === 'active' ? me.staff : null;
}

/** To sign-in, and back to this request's page afterwards. */
export function signInRedirect(request: Request): Response {
  return redirect(paths.signIn.build(currentPathOf(new URL(request.url))));
}

export function can(staff: ActiveStaff, permission: Permission): boolean {
  return staff.permissions.includes(permission);
}

/** The first page a person's roles allow: where signing in lands without a `next`. */
export function startPathFor(staff: ActiveStaff): string {
  return landingSectionFor(staff.permissions)?.path ?? paths.home.build();
}

/**
 * Table pages fetch their own next page (keeping the previous one on screen), so a change of search
 * params alone must not re-run the loader and hold the navigation until the data arrives.
 */
export function revalidateOnPathChangeOnly({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs): boolean {
  if (currentUrl.pathname === nextUrl.pathname) return false;
  return defaultShouldRevalidate;
}

/**
 * Starts the page's queries as soon as the route matches, without holding the navigation for them: the
 * shell and the page's skeleton render at once and fill in when the data arrives (a cold load was blank
 * for ~2 s while the queue's first page loaded). A failure is left for the page, which shows it in place
 * with a retry.
 */
export function warm(promises: Promise<unknown>[]): Promise<void> {
  void Promise.allSettled(promises);
  return Promise.resolve();
}
