import type { Permission } from './roles.js';

/** The app's top-level sections and the permission that shows each in the navigation. */
export const sections = [
  { key: 'queue', label: 'Queue', path: '/queue', permission: 'requests:read_summary' },
  // The privacy mailbox (issue 16): where emailed requests and requesters' replies arrive; after the queue, so
  // officers still land on the queue.
  { key: 'inbox', label: 'Inbox', path: '/inbox', permission: 'inbox:read' },
  // Every open erasure, oldest first, against its deadline (issue 15, item 8): for readers of request internals,
  // who all read the queue too, so nobody lands here instead of there.
  { key: 'deletions', label: 'Pending deletions', path: '/deletions', permission: 'requests:read' },
  { key: 'customers', label: 'Customers', path: '/customers', permission: 'customers:read' },
  { key: 'registry', label: 'Registry', path: '/registry', permission: 'registry:read' },
  { key: 'dashboard', label: 'Dashboard', path: '/dashboard', permission: 'dashboard:read' },
  { key: 'audit', label: 'Audit', path: '/audit', permission: 'audit:read' },
  { key: 'staff', label: 'Staff', path: '/staff', permission: 'staff:read' },
  { key: 'settings', label: 'Settings', path: '/settings', permission: 'settings:read' },
  // Last: no one starts their day here (the first section a person may see is where they land).
  { key: 'mailbox', label: 'Mailbox', path: '/mailbox', permission: 'messages:status' },
  // A data system's owner closes its erasure tasks here (issue 15); last, so nobody lands on it either.
  { key: 'erasure-tasks', label: 'Erasure tasks', path: '/erasure-tasks', permission: 'erasure:tasks' },
] as const satisfies readonly { key: string; label: string; path: string; permission: Permission }[];

export type Section = (typeof sections)[number];

export function sectionsFor(held: readonly Permission[]): Section[] {
  return sections.filter((s) => held.includes(s.permission));
}

/**
 * Where a person lands after signing in: their first section, passing over the registry, which everyone may
 * read but nobody starts the day in (an admin lands on the audit log, not on the subprocessors).
 */
export function landingSectionFor(held: readonly Permission[]): Section | undefined {
  const mine = sectionsFor(held);
  return mine.find((s) => s.key !== 'registry' && s.key !== 'erasure-tasks') ?? mine[0];
}
