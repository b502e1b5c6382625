import {
  drpAgentAddInputSchema,
  drpAgentChangeOutputSchema,
  drpAgentRotateKeyInputSchema,
  drpAgentSetStatusInputSchema,
  drpAgentsListInputSchema,
  drpAgentsListOutputSchema,
  drpRequestInputSchema,
  drpRequestOutputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { drpDefaults } from '../../../trpc/context.js';
import { addAgent, listAgents, rotateAgentKey, setAgentStatus } from '../drp-agents.js';
import { drpOfRequest } from '../drp-request.js';

/** The directory of authorised agents: who may file requests by machine, with which key (settings readers). */
export const listAgentsProcedure = permissionProcedure('settings:read')
  .input(drpAgentsListInputSchema)
  .output(drpAgentsListOutputSchema)
  .query(async ({ ctx }) => {
    const drp = ctx.config.drp ?? drpDefaults;
    return {
      items: await listAgents(ctx.service),
      businessId: drp.businessId,
      apiBase: `${(drp.publicOrigin ?? '').replace(/\/+$/, '')}/drp`,
      directoryFile: drp.agentsFile,
    };
  });

export const addAgentProcedure = permissionProcedure('settings:manage')
  .input(drpAgentAddInputSchema)
  .output(drpAgentChangeOutputSchema)
  .mutation(({ ctx, input }) => addAgent(ctx.service, input));

export const setAgentStatusProcedure = permissionProcedure('settings:manage')
  .input(drpAgentSetStatusInputSchema)
  .output(drpAgentChangeOutputSchema)
  .mutation(({ ctx, input }) => setAgentStatus(ctx.service, input));

export const rotateAgentKeyProcedure = permissionProcedure('settings:manage')
  .input(drpAgentRotateKeyInputSchema)
  .output(drpAgentChangeOutputSchema)
  .mutation(({ ctx, input }) => rotateAgentKey(ctx.service, input));

/** A request an agent filed: the agent, its action, what it attested, and what it was told (null otherwise). */
export const drpForRequestProcedure = permissionProcedure('requests:read')
  .input(drpRequestInputSchema)
  .output(drpRequestOutputSchema)
  .query(({ ctx, input }) => drpOfRequest(ctx.service, input.requestId));
