import { router } from '../../trpc/init.js';
import {
  capturedMailProcedure,
  mailboxProcedure,
  messageTemplatesProcedure,
  requestMessagesProcedure,
  resetMessageTemplateProcedure,
  retryMessageProcedure,
  saveMessageTemplateProcedure,
} from './procedures/messages.js';

export const messagesRouter = router({
  forRequest: requestMessagesProcedure,
  mailbox: mailboxProcedure,
  retry: retryMessageProcedure,
  captured: capturedMailProcedure,
  templates: messageTemplatesProcedure,
  saveTemplate: saveMessageTemplateProcedure,
  resetTemplate: resetMessageTemplateProcedure,
});
