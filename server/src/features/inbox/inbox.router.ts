import { router } from '../../trpc/init.js';
import {
  attachInboundProcedure,
  dismissInboundProcedure,
  findInboxProcedure,
  getInboxMailProcedure,
  informationReceivedProcedure,
  requestInboundProcedure,
} from './procedures/inbox.js';

export const inboxRouter = router({
  find: findInboxProcedure,
  get: getInboxMailProcedure,
  forRequest: requestInboundProcedure,
  attach: attachInboundProcedure,
  dismiss: dismissInboundProcedure,
  informationReceived: informationReceivedProcedure,
});
