import type { RouterInputs, RouterOutputs } from '../../lib/trpc';

/** The directory as the server answers it: the agents, and where they reach us. */
export type DrpDirectoryView = RouterOutputs['drp']['agents'];
export type DrpAgentView = DrpDirectoryView['items'][number];
export type DrpAgentAddInput = RouterInputs['drp']['addAgent'];
