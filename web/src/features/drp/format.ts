import type { DrpAgentSource, DrpAgentStatus } from '@privdesk/shared/constants';

export { formatDateTime } from '../../lib/dates';

export const agentStatusLabels: Record<DrpAgentStatus, string> = {
  active: 'Active',
  disabled: 'Disabled',
};

/** Where an agent came from, in the admin's words. */
export const agentSourceLabels: Record<DrpAgentSource, string> = {
  file: 'Directory file',
  admin: 'Added here',
};

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** A key is read character by character: its input in the monospace font. */
export const monospaceInput = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
