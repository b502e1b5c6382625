import { router } from '../../trpc/init.js';
import {
  activateSubprocessorProcedure,
  createSubprocessorProcedure,
  decideObjectionProcedure,
  findSubprocessorsProcedure,
  getSubprocessorProcedure,
  noticeDeliveriesProcedure,
  noticeDraftProcedure,
  recordObjectionProcedure,
  registryChoicesProcedure,
  retireSubprocessorProcedure,
  sendNoticeProcedure,
  updateSubprocessorProcedure,
  subscribersProcedure,
  addSubscriberProcedure,
  removeSubscriberProcedure,
} from './procedures/registry.js';
import { importRegistryProcedure } from './procedures/import-registry.js';

export const registryRouter = router({
  find: findSubprocessorsProcedure,
  get: getSubprocessorProcedure,
  choices: registryChoicesProcedure,
  noticeDraft: noticeDraftProcedure,
  deliveries: noticeDeliveriesProcedure,
  create: createSubprocessorProcedure,
  update: updateSubprocessorProcedure,
  sendNotice: sendNoticeProcedure,
  activate: activateSubprocessorProcedure,
  retire: retireSubprocessorProcedure,
  recordObjection: recordObjectionProcedure,
  decideObjection: decideObjectionProcedure,
  subscribers: subscribersProcedure,
  addSubscriber: addSubscriberProcedure,
  removeSubscriber: removeSubscriberProcedure,
  importCsv: importRegistryProcedure,
});
