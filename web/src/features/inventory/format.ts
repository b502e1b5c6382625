import { retentionPeriodPhrase } from '@privdesk/shared/constants';
import type { RetentionRuleView } from './types';

export { formatDateTime } from '../../lib/dates';

/** "Invoices and their lines: 10 years". */
export function retentionRulePhrase(rule: RetentionRuleView): string {
  return `${rule.scope}: ${retentionPeriodPhrase(rule.period)}`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
