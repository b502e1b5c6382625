import { mergeRequestProcedure } from './procedures/merge-request.js';
import { router } from '../../trpc/init.js';
import { acknowledgeRequestProcedure } from './procedures/acknowledge-request.js';
import { addRequestNoteProcedure } from './procedures/add-request-note.js';
import { assignRequestProcedure } from './procedures/assign-request.js';
import { bulkAssignRequestsProcedure } from './procedures/bulk-assign-requests.js';
import { getIntakeContextProcedure } from './procedures/get-intake-context.js';
import { bulkTransitionRequestsProcedure } from './procedures/bulk-transition-requests.js';
import { createRequestProcedure } from './procedures/create-request.js';
import { extendRequestProcedure } from './procedures/extend-request.js';
import { findOpenDuplicatesProcedure } from './procedures/find-open-duplicates.js';
import { findRequestsProcedure } from './procedures/find-requests.js';
import { getRequestProcedure } from './procedures/get-request.js';
import { requestTimelineProcedure } from './procedures/get-request-timeline.js';
import { pauseRequestProcedure } from './procedures/pause-request.js';
import { removeRequestExtensionProcedure } from './procedures/remove-request-extension.js';
import { resumeRequestProcedure } from './procedures/resume-request.js';
import { revealRequesterProcedure } from './procedures/reveal-requester.js';
import { summaryForCustomerProcedure } from './procedures/summary-for-customer.js';
import { transitionRequestProcedure } from './procedures/transition-request.js';
import { updateRequestReceivedAtProcedure } from './procedures/update-request-received-at.js';

export const requestsRouter = router({
  create: createRequestProcedure,
  findOpenDuplicates: findOpenDuplicatesProcedure,
  find: findRequestsProcedure,
  get: getRequestProcedure,
  timeline: requestTimelineProcedure,
  summaryForCustomer: summaryForCustomerProcedure,
  assign: assignRequestProcedure,
  transition: transitionRequestProcedure,
  merge: mergeRequestProcedure,
  addNote: addRequestNoteProcedure,
  bulkAssign: bulkAssignRequestsProcedure,
  intakeContext: getIntakeContextProcedure,
  bulkTransition: bulkTransitionRequestsProcedure,
  revealRequester: revealRequesterProcedure,
  acknowledge: acknowledgeRequestProcedure,
  extend: extendRequestProcedure,
  removeExtension: removeRequestExtensionProcedure,
  updateReceivedAt: updateRequestReceivedAtProcedure,
  pause: pauseRequestProcedure,
  resume: resumeRequestProcedure,
});
