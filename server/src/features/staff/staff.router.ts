import { router } from '../../trpc/init.js';
import { cancelRoleGrantProcedure } from './procedures/cancel-role-grant.js';
import { confirmRoleGrantProcedure } from './procedures/confirm-role-grant.js';
import { createStaffProcedure } from './procedures/create-staff.js';
import { disableStaffProcedure } from './procedures/disable-staff.js';
import { enableStaffProcedure } from './procedures/enable-staff.js';
import { findAssignableStaffProcedure } from './procedures/find-assignable-staff.js';
import { findStaffProcedure } from './procedures/find-staff.js';
import { issuePasswordLinkProcedure } from './procedures/issue-password-link.js';
import { resetStaffMfaProcedure } from './procedures/reset-staff-mfa.js';
import { updateStaffProcedure } from './procedures/update-staff.js';

export const staffRouter = router({
  find: findStaffProcedure,
  assignable: findAssignableStaffProcedure,
  create: createStaffProcedure,
  update: updateStaffProcedure,
  disable: disableStaffProcedure,
  enable: enableStaffProcedure,
  resetMfa: resetStaffMfaProcedure,
  issuePasswordLink: issuePasswordLinkProcedure,
  confirmRoleGrant: confirmRoleGrantProcedure,
  cancelRoleGrant: cancelRoleGrantProcedure,
});
