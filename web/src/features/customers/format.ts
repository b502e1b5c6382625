import { customerStatusLabels, type CustomerStatus } from '@privdesk/shared/constants';

export { formatCalendarDate, formatDateTime } from '../../lib/dates';

export function customerStatusLabel(status: CustomerStatus): string {
  return customerStatusLabels[status];
}
