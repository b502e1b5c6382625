import {
  inboxAttachInputSchema,
  inboxChangeOutputSchema,
  inboxDismissInputSchema,
  inboxFindInputSchema,
  inboxFindOutputSchema,
  inboxGetInputSchema,
  inboxGetOutputSchema,
  inboxInformationReceivedInputSchema,
  requestInboundInputSchema,
  requestInboundOutputSchema,
  requestStatusSchema,
} from '@privdesk/shared';
import { z } from 'zod';
import { permissionProcedure } from '../../../trpc/init.js';
import { viewLogged } from '../../audit/view-log.js';
import {
  attachInbound,
  dismissInbound,
  findInbox,
  getInboxMail,
  inboundOfRequest,
  informationReceived,
} from '../inbox.service.js';

/** The inbox's list: senders and subjects of the privacy mailbox, a logged view of the requests they are on. */
export const findInboxProcedure = permissionProcedure('inbox:read')
  .input(inboxFindInputSchema)
  .output(inboxFindOutputSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'inbox', entityType: 'inbound_mail' },
      (deps) => findInbox(deps, input),
      (out) => out.items.map((m) => m.id),
    ),
  );

/** One message in full, with the suggested action (a logged view). */
export const getInboxMailProcedure = permissionProcedure('inbox:read')
  .input(inboxGetInputSchema)
  .output(inboxGetOutputSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'inbox', entityType: 'inbound_mail' },
      (deps) => getInboxMail(deps, input.id, ctx.config.inboundAddresses),
      () => [input.id],
    ),
  );

/** The mail that came in on a request (a logged view of that request). */
export const requestInboundProcedure = permissionProcedure('inbox:read')
  .input(requestInboundInputSchema)
  .output(requestInboundOutputSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'inbox', entityType: 'request' },
      (deps) => inboundOfRequest(deps, input.requestId),
      (out) => (out.items.length > 0 ? [input.requestId] : []),
    ),
  );

export const attachInboundProcedure = permissionProcedure('inbox:triage')
  .input(inboxAttachInputSchema)
  .output(inboxChangeOutputSchema)
  .mutation(({ ctx, input }) => attachInbound(ctx.service, input));

export const dismissInboundProcedure = permissionProcedure('inbox:triage')
  .input(inboxDismissInputSchema)
  .output(inboxChangeOutputSchema)
  .mutation(({ ctx, input }) => dismissInbound(ctx.service, input));

export const informationReceivedProcedure = permissionProcedure('requests:work')
  .input(inboxInformationReceivedInputSchema)
  .output(z.object({ id: z.uuid(), version: z.int(), status: requestStatusSchema, receivedOn: z.iso.date() }))
  .mutation(({ ctx, input }) => informationReceived(ctx.service, input));
