import type { RouterOutputs } from '../../lib/trpc';

// The requests feature's data, typed by what the server's procedures answer (not by the shared schemas
// directly): while the server gains fields, the web keeps compiling against the server it is built with.

type FindOutput = RouterOutputs['requests']['find'];
/** A queue row: full (`requests:read`) or summary (`requests:read_summary` alone). */
export type QueueItem = FindOutput['items'][number];
export type FullQueueRow = Extract<FindOutput, { view: 'full' }>['items'][number];

export type RequestView = RouterOutputs['requests']['get'];
export type LinkedCustomerView = NonNullable<RequestView['customer']>;
export type RelatedRequestView = RequestView['related'][number];
export type TimelineEventView = RouterOutputs['requests']['timeline']['items'][number];
export type BulkOutput = RouterOutputs['requests']['bulkAssign'];
export type SavedViewView = RouterOutputs['views']['find']['saved'][number];
export type BuiltInViewView = RouterOutputs['views']['find']['builtIn'][number];
export type StaffRef = RouterOutputs['staff']['assignable']['items'][number];
export type CustomerOption = RouterOutputs['customers']['search']['items'][number];
export type DuplicateView = RouterOutputs['requests']['findOpenDuplicates']['items'][number];
/** A request an authorised agent filed over the Data Rights Protocol, as the request page shows it. */
export type DrpRequestView = NonNullable<RouterOutputs['drp']['forRequest']>;
