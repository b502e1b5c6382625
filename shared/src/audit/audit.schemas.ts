import { z } from 'zod';
import { calendarDateFieldSchema } from '../common/fields.js';
import { pageInputSchema, pageOutputSchema } from '../common/pagination.js';
import { auditActions, auditEntityTypes } from './audit.constants.js';

const dateOnly = calendarDateFieldSchema;

/** Request references and customer account numbers, as the audit log's record filter takes them. */
export const auditRecordPattern = /^(DSR-\d{4}-\d{6}|SYN-\d{6})$/;

const auditFilterShape = {
  actorId: z.uuid({ message: 'Unknown staff member.' }).optional(),
  action: z.enum(auditActions, { message: 'Unknown action.' }).optional(),
  entityType: z.enum(auditEntityTypes, { message: 'Unknown entity type.' }).optional(),
  entityId: z.string().trim().max(100).optional(),
  /**
   * A record as people name it: a request reference (DSR-2026-000123) or a customer account (SYN-100042).
   * Its events are those about it and those that list it (views, searches, recomputes).
   */
  record: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      auditRecordPattern,
      'Give a request reference (DSR-2026-000123) or an account number (SYN-100042).',
    )
    .optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
};
const datesInOrder = (v: { from?: string | undefined; to?: string | undefined }) =>
  !v.from || !v.to || v.from <= v.to;
const datesInOrderMessage = { path: ['to'], message: 'The end date is before the start date.' };

export const auditFindInputSchema = pageInputSchema
  .extend(auditFilterShape)
  .refine(datesInOrder, datesInOrderMessage);
/** The log's filters without paging, as an export takes them. */
export const auditExportFiltersSchema = z.object(auditFilterShape).refine(datesInOrder, datesInOrderMessage);
export type AuditExportFilters = z.output<typeof auditExportFiltersSchema>;
export type AuditFindInput = z.input<typeof auditFindInputSchema>;

const jsonRecord = z.record(z.string(), z.unknown()).nullable();

export const auditEventRowSchema = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The record as people name it: a request's reference, a customer's account, a staff member's name. */
  entityLabel: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
  before: jsonRecord,
  after: jsonRecord,
});
export type AuditEventRow = z.infer<typeof auditEventRowSchema>;
export const auditFindOutputSchema = pageOutputSchema(auditEventRowSchema);

export const auditVerifyOutputSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
  /**
   * The last event verified. A chain cannot show that events were cut off its end; comparing this
   * with a head noted earlier (printed by `npm run audit:verify`) can.
   */
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyOutputSchema>;
