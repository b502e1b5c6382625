import type { StaffFindInput } from '@privdesk/shared';

/** Everyone who can appear as an actor, for the actor filter (the procedure's largest page). */
export const actorChoicesInput: StaffFindInput = { page: 1, pageSize: 100, status: 'all' };
