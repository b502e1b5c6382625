import type { RouterOutputs } from '../../lib/trpc';

// Typed by what the server's procedures answer, as the requests feature is.
export type CustomerSearchView = RouterOutputs['customers']['search'];
export type CustomerHit = CustomerSearchView['items'][number];
export type CustomerPageView = RouterOutputs['customers']['get'];
export type CustomerFlagView = CustomerPageView['flags'][number];
export type CustomerRequestView = CustomerPageView['requests'][number];
export type RevealedCustomer = RouterOutputs['customers']['reveal'];
