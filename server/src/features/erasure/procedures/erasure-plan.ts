import {
  planCancelInputSchema,
  planChangeOutputSchema,
  planDecisionInputSchema,
  planLineChangeInputSchema,
  planOutputSchema,
  planPrepareInputSchema,
  planRequestInputSchema,
  planSubmitInputSchema,
  certificateSchema,
  lineJustifyInputSchema,
  erasureTasksOutputSchema,
  taskCloseInputSchema,
} from '@privdesk/shared';
import { permissionProcedure } from '../../../trpc/init.js';
import { erasureCertificate, getPlan, myTasks } from '../erasure-plan.queries.js';
import {
  approvePlan,
  cancelPlan,
  changePlanLine,
  closeTask,
  justifyLine,
  preparePlan,
  rejectPlan,
  submitPlan,
} from '../erasure-plan.service.js';

/** Whoever reads a request's internals reads its plan (no personal data in it beyond the request's own). */
export const getPlanProcedure = permissionProcedure('requests:read')
  .input(planRequestInputSchema)
  .output(planOutputSchema)
  .query(({ ctx, input }) => getPlan(ctx.service, input.requestId));

export const preparePlanProcedure = permissionProcedure('requests:work')
  .input(planPrepareInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) =>
    preparePlan({ ...ctx.service, platform: ctx.config.platform ?? null }, input),
  );

export const changePlanLineProcedure = permissionProcedure('requests:work')
  .input(planLineChangeInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => changePlanLine(ctx.service, input));

export const submitPlanProcedure = permissionProcedure('requests:work')
  .input(planSubmitInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => submitPlan(ctx.service, input));

/** The second officer's decision (four eyes; approval after step-up MFA, checked in the service). */
export const approvePlanProcedure = permissionProcedure('requests:approve')
  .input(planDecisionInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => approvePlan(ctx.service, input));

export const rejectPlanProcedure = permissionProcedure('requests:approve')
  .input(planDecisionInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => rejectPlan(ctx.service, input));

export const cancelPlanProcedure = permissionProcedure('requests:work')
  .input(planCancelInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => cancelPlan(ctx.service, input));

/** A system owner's open manual tasks (any staff member may own a system: the list is theirs only). */
export const myTasksProcedure = permissionProcedure('erasure:tasks')
  .output(erasureTasksOutputSchema)
  .query(({ ctx }) => myTasks(ctx.service));

/** Closed by the system's owner, or by an officer working the request (the service's rule). */
export const closeTaskProcedure = permissionProcedure('erasure:tasks')
  .input(taskCloseInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => closeTask(ctx.service, input));

/** The erasure's certificate, for whoever reads the request's internals (account number, no name or email). */
export const certificateProcedure = permissionProcedure('requests:read')
  .input(planRequestInputSchema)
  .output(certificateSchema)
  .query(({ ctx, input }) => erasureCertificate(ctx.service, input.requestId));

/** An officer working the request justifies a line that cannot be done, with the detailed explanation. */
export const justifyLineProcedure = permissionProcedure('requests:work')
  .input(lineJustifyInputSchema)
  .output(planChangeOutputSchema)
  .mutation(({ ctx, input }) => justifyLine(ctx.service, input));
