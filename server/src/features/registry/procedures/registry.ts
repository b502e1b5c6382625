import {
  noticeDeliveriesOutputSchema,
  noticeDraftOutputSchema,
  objectionDecideInputSchema,
  objectionRecordInputSchema,
  registryChoicesOutputSchema,
  registryFindInputSchema,
  registryFindOutputSchema,
  subprocessorActivateInputSchema,
  subprocessorCreateInputSchema,
  subprocessorDetailSchema,
  subprocessorIdInputSchema,
  subprocessorRetireInputSchema,
  subprocessorSendNoticeInputSchema,
  subprocessorUpdateInputSchema,
  subscriberAddInputSchema,
  subscriberRemoveInputSchema,
  subscribersOutputSchema,
  subscriberViewSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { addSubscriber, listSubscribers, removeSubscriber } from '../registry-subscribers.js';
import {
  findSubprocessors,
  getSubprocessor,
  noticeDeliveries,
  noticeDraft,
  registryChoices,
} from '../registry.queries.js';
import {
  activateSubprocessor,
  createSubprocessor,
  decideObjection,
  recordObjection,
  retireSubprocessor,
  sendNotice,
  updateSubprocessor,
} from '../registry.service.js';

/** The registry's table: every staff role reads it (issue 14, item 1). */
export const findSubprocessorsProcedure = permissionProcedure('registry:read')
  .input(registryFindInputSchema)
  .output(registryFindOutputSchema)
  .query(({ ctx, input }) => findSubprocessors(ctx.service, input));

export const getSubprocessorProcedure = permissionProcedure('registry:read')
  .input(subprocessorIdInputSchema)
  .output(subprocessorDetailSchema)
  .query(({ ctx, input }) => getSubprocessor(ctx.service, input.id));

export const registryChoicesProcedure = permissionProcedure('registry:manage')
  .output(registryChoicesOutputSchema)
  .query(({ ctx }) => registryChoices(ctx.service));

export const noticeDraftProcedure = permissionProcedure('registry:manage')
  .input(subprocessorIdInputSchema)
  .output(noticeDraftOutputSchema)
  .query(({ ctx, input }) => noticeDraft(ctx.service, input.id));

/** Who received the notice, one line per subscriber: addresses, so for the registry's keepers only. */
export const noticeDeliveriesProcedure = permissionProcedure('registry:manage')
  .input(subprocessorIdInputSchema)
  .output(noticeDeliveriesOutputSchema)
  .query(({ ctx, input }) => noticeDeliveries(ctx.service, input.id));

// Every change answers with the subprocessor as its page shows it after the change.

export const createSubprocessorProcedure = permissionProcedure('registry:manage')
  .input(subprocessorCreateInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await createSubprocessor(ctx.service, input.fields);
    return getSubprocessor(ctx.service, row.id);
  });

export const updateSubprocessorProcedure = permissionProcedure('registry:manage')
  .input(subprocessorUpdateInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await updateSubprocessor(ctx.service, input);
    return getSubprocessor(ctx.service, row.id);
  });

export const sendNoticeProcedure = permissionProcedure('registry:manage')
  .input(subprocessorSendNoticeInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await sendNotice(ctx.service, input);
    return getSubprocessor(ctx.service, row.id);
  });

export const activateSubprocessorProcedure = permissionProcedure('registry:manage')
  .input(subprocessorActivateInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await activateSubprocessor(ctx.service, input);
    return getSubprocessor(ctx.service, row.id);
  });

export const retireSubprocessorProcedure = permissionProcedure('registry:manage')
  .input(subprocessorRetireInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await retireSubprocessor(ctx.service, input);
    return getSubprocessor(ctx.service, row.id);
  });

export const recordObjectionProcedure = permissionProcedure('registry:manage')
  .input(objectionRecordInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await recordObjection(ctx.service, input);
    return getSubprocessor(ctx.service, row.id);
  });

export const decideObjectionProcedure = permissionProcedure('registry:manage')
  .input(objectionDecideInputSchema)
  .output(subprocessorDetailSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await decideObjection(ctx.service, input);
    return getSubprocessor(ctx.service, row.id);
  });

// Subscribers: their addresses are for the registry's keepers only.

export const subscribersProcedure = permissionProcedure('registry:manage')
  .output(subscribersOutputSchema)
  .query(({ ctx }) => listSubscribers(ctx.service));

export const addSubscriberProcedure = permissionProcedure('registry:manage')
  .input(subscriberAddInputSchema)
  .output(subscriberViewSchema)
  .mutation(({ ctx, input }) => addSubscriber(ctx.service, input));

export const removeSubscriberProcedure = permissionProcedure('registry:manage')
  .input(subscriberRemoveInputSchema)
  .output(subscriberViewSchema)
  .mutation(({ ctx, input }) => removeSubscriber(ctx.service, input));
