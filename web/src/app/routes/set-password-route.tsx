import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { paths } from '../../config/paths';
import { AuthLayout } from '../../features/auth/components/auth-layout';
import { SetPasswordForm } from '../../features/auth/components/set-password-form';
import { usePageTitle } from '../../lib/page-title';

export function createSetPasswordRoute() {
  return { Component: SetPasswordRoutePage };
}

function tokenOf(hash: string): string | null {
  const token = hash.startsWith('#') ? hash.slice(1) : hash;
  return token.length > 0 ? token : null;
}

function SetPasswordRoutePage() {
  usePageTitle('Set your password');
  const { hash } = useLocation();
  const navigate = useNavigate();
  // The token travels in the fragment, which browsers never send to servers or their logs.
  const [token] = useState(() => tokenOf(hash));
  // Whether this page is still the one shown when the password is saved: someone who followed "Sign in"
  // meanwhile is not pulled back here.
  const isShown = useRef(true);
  useEffect(() => {
    isShown.current = true;
    return () => {
      isShown.current = false;
    };
  }, []);
  return (
    <AuthLayout>
      <SetPasswordForm
        token={token}
        // A spent token has no business staying in the address bar or the history.
        onDone={() => {
          if (isShown.current) void navigate(paths.setPassword.build(), { replace: true });
        }}
      />
    </AuthLayout>
  );
}
