// Zod-free: the web reads the same names to decide what to offer.
import { permissionsOf, type Permission, type Role } from './roles.js';

/**
 * What a service may do beyond the one permission its procedure requires, named once. A procedure's base
 * resolves these from the caller's roles; services read `actor.can.x` and never look at roles or
 * permission lists themselves, so authorization has one home (this table and `rolePermissions`).
 */
export const capabilityPermission = {
  /** Names and emails of requesters and customers in clear; everyone else sees them masked. */
  seeClearPii: 'pii:read',
  /** A request's internals (assignee, priority, minor flag, clocks, notes), beyond its summary. */
  readRequestInternals: 'requests:read',
  assignRequests: 'requests:assign',
  workRequests: 'requests:work',
  /** Mail to requesters in full (address, subject, text); the mailbox shows others delivery status only. */
  readMessages: 'messages:read',
} as const satisfies Record<string, Permission>;

export type Capability = keyof typeof capabilityPermission;
export type Capabilities = Readonly<Record<Capability, boolean>>;

export function capabilitiesOf(heldRoles: readonly Role[]): Capabilities {
  const held = new Set(permissionsOf(heldRoles));
  const out = {} as Record<Capability, boolean>;
  for (const [name, permission] of Object.entries(capabilityPermission) as [Capability, Permission][]) {
    out[name] = held.has(permission);
  }
  return out;
}
