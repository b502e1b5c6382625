/**
 * What may stand on a customer account, each with who set it, when and why, and its history once lifted
 * (issue 12, item 1): restriction of processing (GDPR Art. 18), a legal hold (nothing is erased while it
 * stands), an objection to marketing (Art. 21(2)) and withdrawn consent (Art. 7(3)).
 */
export const customerFlagKinds = [
  'restriction',
  'legal_hold',
  'marketing_objection',
  'consent_withdrawn',
] as const;
export type CustomerFlagKind = (typeof customerFlagKinds)[number];

/** The flags privacy officers set and lift by hand; the other two arrive with the requests that make them. */
export const officerFlagKinds = ['restriction', 'legal_hold'] as const satisfies readonly CustomerFlagKind[];
export type OfficerFlagKind = (typeof officerFlagKinds)[number];

export const customerFlagLabels: Record<CustomerFlagKind, string> = {
  restriction: 'Processing restricted',
  legal_hold: 'Legal hold',
  marketing_objection: 'Objects to marketing',
  consent_withdrawn: 'Consent withdrawn',
};

/** For tight places (a queue row's tag); the full label is its title. */
export const customerFlagShortLabels: Record<CustomerFlagKind, string> = {
  restriction: 'Restricted',
  legal_hold: 'Hold',
  marketing_objection: 'No marketing',
  consent_withdrawn: 'No consent',
};

/** How a customer was told that a restriction is about to be lifted (GDPR Art. 18(3): before it is). */
export const customerNoticeChannels = ['email', 'phone', 'letter', 'in_app'] as const;
export type CustomerNoticeChannel = (typeof customerNoticeChannels)[number];

/** What a customer's own timeline records. */
export const customerEventKinds = ['flag_set', 'flag_lifted'] as const;
export type CustomerEventKind = (typeof customerEventKinds)[number];

/**
 * Where an account stands (product.md §10): in use; restricted (processing restricted, GDPR Art. 18); its
 * deletion requested and scheduled (with the day it is purged, the policy's 30 days); erased (the record
 * kept only as the proof that it was).
 */
export const customerStatuses = ['active', 'restricted', 'deletion_pending', 'erased'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];

export const customerStatusLabels: Record<CustomerStatus, string> = {
  active: 'Active',
  restricted: 'Restricted',
  deletion_pending: 'Deletion pending',
  erased: 'Erased',
};
