import type { ReactNode } from 'react';
import type { Permission } from '@privdesk/shared/constants';
import { useCan } from '../lib/session';
import { ForbiddenPage } from './pages/forbidden-page';

/** The page for people whose role allows it; a clear no for everyone else (the server says no too). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? children : <ForbiddenPage />;
}
