import {
  capturedMailInputSchema,
  capturedMailOutputSchema,
  mailboxInputSchema,
  mailboxOutputSchema,
  messageRetryInputSchema,
  messageTemplateResetInputSchema,
  messageTemplateResetOutputSchema,
  messageTemplatesOutputSchema,
  messageTemplateUpdateInputSchema,
  messageTemplateViewSchema,
  messageViewSchema,
  requestMessagesInputSchema,
  requestMessagesOutputSchema,
} from '@privdesk/shared';
import { z } from 'zod';
import { permissionProcedure } from '../../../trpc/init.js';
import { viewLogged } from '../../audit/view-log.js';
import {
  capturedInbox,
  listTemplates,
  mailbox,
  messagesOfRequest,
  resetTemplate,
  retryMessage,
  saveTemplate,
} from '../messages.service.js';

/** "Sent mail" on a request page: every message to its requester, with its exact text (a logged view). */
export const requestMessagesProcedure = permissionProcedure('messages:read')
  .input(requestMessagesInputSchema)
  .output(requestMessagesOutputSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'mailbox', entityType: 'request' },
      (deps) => messagesOfRequest(deps, input.id),
      (out) => (out.items.length > 0 ? [input.id] : []),
    ),
  );

/** The mailbox: all mail in full for officers (a logged view), delivery status only for admins. */
export const mailboxProcedure = permissionProcedure('messages:status')
  .input(mailboxInputSchema)
  .output(mailboxOutputSchema)
  .query(({ ctx, input }) =>
    viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'mailbox', entityType: 'request' },
      (deps) => mailbox(deps, input),
      (out) =>
        out.view === 'full'
          ? [...new Set(out.items.flatMap((m) => (m.requestId === null ? [] : [m.requestId])))]
          : [],
    ),
  );

export const retryMessageProcedure = permissionProcedure('requests:work')
  .input(messageRetryInputSchema)
  .output(messageViewSchema)
  .mutation(({ ctx, input }) => retryMessage(ctx.service, input.messageId));

/** The embedded demo's capture inbox: what its local SMTP server received (a logged view). */
export const capturedMailProcedure = permissionProcedure('messages:read')
  .input(capturedMailInputSchema)
  .output(capturedMailOutputSchema)
  .query(async ({ ctx, input }) => {
    const out = await viewLogged(
      ctx.service,
      ctx.config.secretBox,
      { surface: 'mailbox', entityType: 'request' },
      (deps) => capturedInbox(deps, input, ctx.config.mailCapture),
      (inbox) => inbox.requestIds,
    );
    const { requestIds: _ids, ...answer } = out;
    return answer;
  });

export const messageTemplatesProcedure = permissionProcedure('settings:read')
  .input(z.object({}).optional())
  .output(messageTemplatesOutputSchema)
  .query(({ ctx }) => listTemplates(ctx.service));

export const saveMessageTemplateProcedure = permissionProcedure('settings:manage')
  .input(messageTemplateUpdateInputSchema)
  .output(messageTemplateViewSchema)
  .mutation(({ ctx, input }) => saveTemplate(ctx.service, input));

export const resetMessageTemplateProcedure = permissionProcedure('settings:manage')
  .input(messageTemplateResetInputSchema)
  .output(messageTemplateResetOutputSchema)
  .mutation(({ ctx, input }) => resetTemplate(ctx.service, input));
