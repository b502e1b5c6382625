import { z } from 'zod';
import { auditActions, auditEntityTypes } from '@privdesk/shared/constants';
import { auditRecordPattern, pageSizes, type AuditFindInput } from '@privdesk/shared';

/**
 * The audit page's state as it lives in the address bar. A tolerant twin of `auditFindInputSchema`:
 * every field falls back to its default on its own, so a hand-edited or outdated link still opens.
 */
const auditSearchSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n) => (pageSizes as readonly number[]).includes(n))
    .catch(25),
  actorId: z.uuid().optional().catch(undefined),
  action: z.enum(auditActions).optional().catch(undefined),
  entityType: z.enum(auditEntityTypes).optional().catch(undefined),
  entityId: z.string().trim().min(1).max(100).optional().catch(undefined),
  record: z.string().trim().toUpperCase().regex(auditRecordPattern).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
});

export type AuditSearch = z.output<typeof auditSearchSchema>;
export type AuditFilterKey = 'actorId' | 'action' | 'entityType' | 'entityId' | 'record' | 'from' | 'to';

export const defaultAuditSearch: AuditSearch = auditSearchSchema.parse({});

export function parseAuditSearch(params: URLSearchParams): AuditSearch {
  return auditSearchSchema.parse(Object.fromEntries(params));
}

/** Only what differs from the defaults goes into the URL, so links stay short and readable. */
export function auditSearchToParams(search: AuditSearch): URLSearchParams {
  const params = new URLSearchParams();
  const keys = Object.keys(auditSearchSchema.shape) as (keyof AuditSearch)[];
  for (const key of keys) {
    const value = search[key];
    if (value !== undefined && value !== defaultAuditSearch[key]) params.set(key, String(value));
  }
  return params;
}

/** A date range whose end is before its start is shown as an error, not sent. */
export function hasInvertedDates(search: AuditSearch): boolean {
  return search.from !== undefined && search.to !== undefined && search.to < search.from;
}

/** The `audit.find` input for a parsed search. */
export function auditFindInputOf(search: AuditSearch): AuditFindInput {
  const { to, ...rest } = search;
  return hasInvertedDates(search) ? rest : { ...rest, to };
}

export function hasAuditFilters(search: AuditSearch): boolean {
  return (['actorId', 'action', 'entityType', 'entityId', 'record', 'from', 'to'] as const).some(
    (k) => search[k] !== undefined,
  );
}

/** Where the filtered log downloads (the auditor's `audit:export`): every matching event, oldest first. */
export function auditExportHrefOf(search: AuditSearch, format: 'csv' | 'json'): string {
  const { page: _page, pageSize: _pageSize, ...filters } = auditFindInputOf(search);
  const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  return `/export/audit.${format}?${new URLSearchParams({ input: JSON.stringify(defined) }).toString()}`;
}
