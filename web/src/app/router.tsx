import {
  createBrowserRouter,
  createMemoryRouter,
  Outlet,
  ScrollRestoration,
  type RouteObject,
} from 'react-router';
import { PageLoader } from '../components/feedback/page-loader';
import { NotFoundPage } from '../components/pages/not-found-page';
import { RouteErrorPage } from '../components/pages/route-error-page';
import { paths } from '../config/paths';
import { signedOutMe } from '../lib/session';
import type { AppServices } from './services';

/**
 * The route tree. Every page is a lazy chunk, so the sign-in page loads neither the app shell nor
 * any table; route modules get the shared services to warm the query cache in their loaders.
 */
export function createRoutes(services: AppServices): RouteObject[] {
  return [
    {
      id: 'root',
      // A new page opens at its top; Back and Forward return to where the person was (a table's filters
      // and pages keep their place: they navigate with preventScrollReset).
      element: (
        <>
          <Outlet />
          <ScrollRestoration />
        </>
      ),
      errorElement: <RouteErrorPage standalone />,
      hydrateFallbackElement: <PageLoader />,
      children: [
        {
          path: paths.signIn.pattern,
          lazy: async () => (await import('./routes/sign-in-route')).createSignInRoute(services),
        },
        {
          path: paths.setPassword.pattern,
          lazy: async () => (await import('./routes/set-password-route')).createSetPasswordRoute(),
        },
        {
          id: 'app',
          lazy: async () => (await import('./routes/app-layout-route')).createAppLayoutRoute(services),
          children: [
            {
              // Errors inside a page keep the shell around them, so the way out stays in view.
              errorElement: <RouteErrorPage />,
              children: [
                {
                  index: true,
                  lazy: async () => (await import('./routes/home-route')).createHomeRoute(services),
                },
                {
                  path: paths.queue.pattern,
                  lazy: async () => (await import('./routes/queue-route')).createQueueRoute(services),
                },
                {
                  path: paths.newRequest.pattern,
                  lazy: async () => (await import('./routes/new-request-route')).createNewRequestRoute(),
                },
                {
                  path: paths.request.pattern,
                  lazy: async () => (await import('./routes/request-route')).createRequestRoute(services),
                },
                {
                  path: paths.customers.pattern,
                  lazy: async () => (await import('./routes/customers-route')).createCustomersRoute(services),
                },
                {
                  path: paths.customer.pattern,
                  lazy: async () => (await import('./routes/customer-route')).createCustomerRoute(services),
                },
                {
                  // Before any /registry/:id route: "import" is not a subprocessor's id.
                  path: paths.registryImport.pattern,
                  lazy: async () =>
                    (await import('./routes/registry-import-route')).createRegistryImportRoute(services),
                },
                {
                  path: paths.registry.pattern,
                  lazy: async () => (await import('./routes/registry-route')).createRegistryRoute(services),
                },
                {
                  path: paths.newSubprocessor.pattern,
                  lazy: async () =>
                    (await import('./routes/registry-new-route')).createRegistryNewRoute(services),
                },
                {
                  path: paths.registrySubscribers.pattern,
                  lazy: async () =>
                    (await import('./routes/registry-subscribers-route')).createRegistrySubscribersRoute(
                      services,
                    ),
                },
                {
                  path: paths.dataInventory.pattern,
                  lazy: async () => (await import('./routes/inventory-route')).createInventoryRoute(services),
                },
                {
                  path: paths.newDataSystem.pattern,
                  lazy: async () =>
                    (await import('./routes/inventory-new-route')).createInventoryNewRoute(services),
                },
                {
                  path: paths.dataSystem.pattern,
                  lazy: async () =>
                    (await import('./routes/inventory-system-route')).createInventorySystemRoute(services),
                },
                {
                  path: paths.editDataSystem.pattern,
                  lazy: async () =>
                    (await import('./routes/inventory-edit-route')).createInventoryEditRoute(services),
                },
                {
                  path: paths.subprocessor.pattern,
                  lazy: async () =>
                    (await import('./routes/registry-subprocessor-route')).createRegistrySubprocessorRoute(
                      services,
                    ),
                },
                {
                  path: paths.editSubprocessor.pattern,
                  lazy: async () =>
                    (await import('./routes/registry-edit-route')).createRegistryEditRoute(services),
                },
                {
                  path: paths.dashboard.pattern,
                  lazy: async () => (await import('./routes/dashboard-route')).createDashboardRoute(services),
                },
                {
                  path: paths.ccpaReport.pattern,
                  lazy: async () =>
                    (await import('./routes/ccpa-report-route')).createCcpaReportRoute(services),
                },
                {
                  path: paths.audit.pattern,
                  lazy: async () => (await import('./routes/audit-route')).createAuditRoute(services),
                },
                {
                  path: paths.staff.pattern,
                  lazy: async () => (await import('./routes/staff-route')).createStaffRoute(services),
                },
                {
                  path: paths.mailbox.pattern,
                  lazy: async () => (await import('./routes/mailbox-route')).createMailboxRoute(services),
                },
                {
                  path: paths.inbox.pattern,
                  lazy: async () => (await import('./routes/inbox-route')).createInboxRoute(services),
                },
                {
                  path: paths.erasureCertificate.pattern,
                  lazy: async () =>
                    (await import('./routes/erasure-certificate-route')).createErasureCertificateRoute(
                      services,
                    ),
                },
                {
                  path: paths.erasureTasks.pattern,
                  lazy: async () =>
                    (await import('./routes/erasure-tasks-route')).createErasureTasksRoute(services),
                },
                {
                  path: paths.deletions.pattern,
                  lazy: async () =>
                    (await import('./routes/pending-deletions-route')).createPendingDeletionsRoute(services),
                },
                {
                  path: paths.settings.pattern,
                  lazy: async () => (await import('./routes/settings-route')).createSettingsRoute(services),
                },
                {
                  path: paths.drpAgents.pattern,
                  lazy: async () =>
                    (await import('./routes/drp-agents-route')).createDrpAgentsRoute(services),
                },
              ],
            },
          ],
        },
        // Not lazy: the error page shows it for 404s too, so it is in the main bundle anyway.
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ];
}

export type AppRouter = ReturnType<typeof createBrowserRouter>;

/**
 * A router over the routes, wired so that any call that finds the session gone marks it signed out;
 * the app shell then sends the person to sign in and back.
 */
export function createAppRouter(services: AppServices, opts: { initialEntries?: string[] } = {}): AppRouter {
  const routes = createRoutes(services);
  const router = opts.initialEntries
    ? createMemoryRouter(routes, { initialEntries: opts.initialEntries })
    : createBrowserRouter(routes);
  services.setSessionExpiredHandler(() => {
    services.queryClient.setQueryData(services.trpc.auth.me.queryKey(), signedOutMe);
  });
  return router;
}
