import { router } from '../../trpc/init.js';
import {
  approvePlanProcedure,
  cancelPlanProcedure,
  certificateProcedure,
  justifyLineProcedure,
  closeTaskProcedure,
  myTasksProcedure,
  changePlanLineProcedure,
  getPlanProcedure,
  preparePlanProcedure,
  rejectPlanProcedure,
  submitPlanProcedure,
} from './procedures/erasure-plan.js';
import { pendingDeletionsProcedure } from './procedures/pending-deletions.js';

export const erasureRouter = router({
  plan: getPlanProcedure,
  prepare: preparePlanProcedure,
  changeLine: changePlanLineProcedure,
  submit: submitPlanProcedure,
  approve: approvePlanProcedure,
  reject: rejectPlanProcedure,
  cancel: cancelPlanProcedure,
  myTasks: myTasksProcedure,
  closeTask: closeTaskProcedure,
  certificate: certificateProcedure,
  justifyLine: justifyLineProcedure,
  pendingDeletions: pendingDeletionsProcedure,
});
