import { createContext, useContext } from 'react';
import type { Permission } from '@privdesk/shared/constants';
import type { Me } from '@privdesk/shared';

export type ActiveStaff = NonNullable<Me['staff']>;

export const signedOutMe: Me = { state: 'signed_out', staff: null };

/** The signed-in staff member, provided by the app shell once `auth.me` says the session is active. */
export const ActiveStaffContext = createContext<ActiveStaff | null>(null);

export function useActiveStaff(): ActiveStaff {
  const staff = useContext(ActiveStaffContext);
  if (!staff) throw new Error('useActiveStaff is only available inside the signed-in app shell.');
  return staff;
}

export function useCan(permission: Permission): boolean {
  return useActiveStaff().permissions.includes(permission);
}
