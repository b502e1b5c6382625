import { useCallback } from 'react';
import { redirect, useNavigate, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { AuthLayout } from '../../features/auth/components/auth-layout';
import { SignInFlow } from '../../features/auth/components/sign-in-flow';
import { usePageTitle } from '../../lib/page-title';
import { safeNextPath } from '../../lib/safe-next';
import { useTRPC } from '../../lib/trpc';
import { useQueryClient } from '@tanstack/react-query';
import type { AppServices } from '../services';
import { startPathFor } from './route-helpers';

export function createSignInRoute({ queryClient, trpc }: AppServices) {
  return {
    loader: async ({ request }: LoaderFunctionArgs) => {
      // Always asked afresh: this page is where a session's real state matters most.
      const me = await queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
      if (me.state === 'active' && me.staff) {
        const next = safeNextPath(new URL(request.url).searchParams.get('next'));
        return redirect(next ?? startPathFor(me.staff));
      }
      return null;
    },
    Component: SignInRoutePage,
  };
}

function SignInRoutePage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const next = safeNextPath(params.get('next'));

  const onSignedIn = useCallback(() => {
    const me = queryClient.getQueryData(trpc.auth.me.queryKey());
    const target = next ?? (me?.staff ? startPathFor(me.staff) : '/');
    void navigate(target, { replace: true });
  }, [navigate, next, queryClient, trpc]);

  return (
    <AuthLayout>
      <SignInFlow onSignedIn={onSignedIn} />
    </AuthLayout>
  );
}
