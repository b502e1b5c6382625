/** The queue filters every queue benchmark times: each filter of the toolbar, the built-in views, a combination. */
import { builtInViews, openRequestStatuses, type RequestFiltersInput } from '@privdesk/shared';

export interface QueueSample {
  reference: string;
  email: string;
  name: string;
  customerId: string | undefined;
}

/** Named filters; the searches use a request from the middle of the data (`sample`). */
export function queueFilters(sample: QueueSample): [string, RequestFiltersInput][] {
  const [firstName = '', lastName = ''] = sample.name.split(' ');
  return [
    ['none', {}],
    ['statuses: open (7)', { statuses: [...openRequestStatuses] }],
    ['statuses: received', { statuses: ['received'] }],
    ['statuses: denied + withdrawn', { statuses: ['denied', 'withdrawn'] }],
    ['type: erasure', { type: 'erasure' }],
    ['regime: quebec', { regime: 'quebec' }],
    ['channel: phone', { channel: 'phone' }],
    ['assignee: me', { assignee: 'me' }],
    ['assignee: nobody', { assignee: 'nobody' }],
    ['due: overdue', { due: 'overdue' }],
    ['due: due in ≤5 days', { due: 'due_soon' }],
    ['due: next 7 days', { due: 'next_7_days' }],
    ['minor', { minor: true }],
    ['search: reference', { search: sample.reference }],
    ['search: email prefix', { search: sample.email.slice(0, sample.email.indexOf('@') + 3) }],
    ['search: first name', { search: firstName }],
    ['search: name prefix "ma"', { search: 'ma' }],
    ['search: full name', { search: `${firstName} ${lastName}` }],
    ['customer', { customerId: sample.customerId ?? undefined }],
    ...builtInViews.map((v): [string, RequestFiltersInput] => [`view: ${v.label}`, v.filters]),
    [
      'combined: open + gdpr + access + nobody',
      {
        statuses: ['received', 'verifying', 'in_progress'],
        regime: 'gdpr',
        type: 'access',
        assignee: 'nobody',
      },
    ],
  ];
}
