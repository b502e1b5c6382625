import { matchQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { AppLayout } from '../../components/app-shell/app-layout';
import { PageLoader } from '../../components/feedback/page-loader';
import { paths } from '../../config/paths';
import { StepUpProvider } from '../../components/step-up/step-up';
import { NotificationsBell } from '../../features/notifications/components/notifications-bell';
import { currentPathOf } from '../../lib/safe-next';
import type { ActiveStaff } from '../../lib/session';
import { errorMessageOf, useTRPC } from '../../lib/trpc';
import type { AppServices } from '../services';
import { activeStaffOf, signInRedirect } from './route-helpers';

/** Everything behind sign-in hangs below this route: the guard and the app shell. */
export function createAppLayoutRoute(services: AppServices) {
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      const staff = await activeStaffOf(services);
      return staff ? null : signInRedirect(request);
    },
    Component: AppLayoutRoutePage,
  };
}

function AppLayoutRoutePage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useQuery(trpc.auth.me.queryOptions());
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  // While signing out on purpose the shell stays as it was, instead of bouncing to sign-in with a `next`.
  const [leaving, setLeaving] = useState<ActiveStaff | null>(null);

  const staff = me.data?.state === 'active' ? me.data.staff : null;

  const onSignOut = async () => {
    if (!staff) return;
    setLeaving(staff);
    try {
      await signOut.mutateAsync();
    } catch (error) {
      setLeaving(null);
      notifications.show({ color: 'red', title: 'Could not sign out', message: errorMessageOf(error) });
      return;
    }
    await navigate(paths.signIn.build(), { replace: true });
    queryClient.removeQueries({ predicate: (query) => !matchQuery(trpc.auth.pathFilter(), query) });
  };

  const shownStaff = leaving ?? staff;
  if (shownStaff) {
    return (
      <AppLayout
        staff={shownStaff}
        onSignOut={() => void onSignOut()}
        isSigningOut={leaving !== null}
        // Every signed-in staff member may read their own notifications (notifications.* need a session and
        // no permission: server access matrix), so every role gets the bell.
        headerActions={<NotificationsBell />}
      >
        {/* Sensitive actions below ask for a fresh MFA code here when the server wants one. */}
        <StepUpProvider>
          <Outlet />
        </StepUpProvider>
      </AppLayout>
    );
  }
  if (me.isPending) return <PageLoader />;
  // The session ended (expired, revoked, or a call came back UNAUTHORIZED): sign in, then come back here.
  return <Navigate to={paths.signIn.build(currentPathOf(location))} replace />;
}
