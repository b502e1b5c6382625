import { router } from '../../trpc/init.js';
import {
  addAgentProcedure,
  drpForRequestProcedure,
  listAgentsProcedure,
  rotateAgentKeyProcedure,
  setAgentStatusProcedure,
} from './procedures/drp.js';

export const drpRouter = router({
  agents: listAgentsProcedure,
  addAgent: addAgentProcedure,
  setAgentStatus: setAgentStatusProcedure,
  rotateAgentKey: rotateAgentKeyProcedure,
  forRequest: drpForRequestProcedure,
});
