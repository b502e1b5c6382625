import type { RouterOutputs } from '../../lib/trpc';

// Typed by what the server's procedures answer, as the requests feature does: the web follows the server
// it is built with.

export type PlanOutput = RouterOutputs['erasure']['plan'];
export type PlanView = NonNullable<PlanOutput['plan']>;
export type PlanLine = PlanView['lines'][number];
export type ErasureTask = RouterOutputs['erasure']['myTasks']['items'][number];
