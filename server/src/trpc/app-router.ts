import { drpRouter } from '../features/drp/drp.router.js';
import { dashboardRouter } from '../features/dashboard/dashboard.router.js';
import { auditRouter } from '../features/audit/audit.router.js';
import { authRouter } from '../features/auth/auth.router.js';
import { customersRouter } from '../features/customers/customers.router.js';
import { verificationRouter } from '../features/verification/verification.router.js';
import { messagesRouter } from '../features/messages/messages.router.js';
import { notificationsRouter } from '../features/notifications/notifications.router.js';
import { registryRouter } from '../features/registry/registry.router.js';
import { inventoryRouter } from '../features/inventory/inventory.router.js';
import { erasureRouter } from '../features/erasure/erasure.router.js';
import { inboxRouter } from '../features/inbox/inbox.router.js';
import { requestsRouter } from '../features/requests/requests.router.js';
import { settingsRouter } from '../features/settings/settings.router.js';
import { staffRouter } from '../features/staff/staff.router.js';
import { viewsRouter } from '../features/views/views.router.js';
import { router } from './init.js';

export const appRouter = router({
  auth: authRouter,
  staff: staffRouter,
  audit: auditRouter,
  requests: requestsRouter,
  views: viewsRouter,
  customers: customersRouter,
  verification: verificationRouter,
  settings: settingsRouter,
  notifications: notificationsRouter,
  messages: messagesRouter,
  registry: registryRouter,
  inventory: inventoryRouter,
  erasure: erasureRouter,
  inbox: inboxRouter,
  drp: drpRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;
