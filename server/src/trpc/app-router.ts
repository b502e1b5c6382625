import { auditRouter } from '../features/audit/audit.router.js';
import { authRouter } from '../features/auth/auth.router.js';
import { staffRouter } from '../features/staff/staff.router.js';
import { router } from './init.js';

export const appRouter = router({
  auth: authRouter,
  staff: staffRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
