import { asc, eq } from 'drizzle-orm';
import {
  assessVerification,
  DomainError,
  isPastVerification,
  requestStatusLabels,
  requiredLevelFor,
  verificationLevelLabels,
  type AppSettings,
  type RequestStatus,
  type RequestVerification,
  type VerificationEvidence,
} from '@privdesk/shared';
import type { DbOrTx } from '../../db/client.js';
import { customers, requestVerifications, type requests } from '../../db/schema.js';

type RequestRecord = typeof requests.$inferSelect;
export type VerificationRow = typeof requestVerifications.$inferSelect;

export async function verificationRowsOf(db: DbOrTx, requestId: string): Promise<VerificationRow[]> {
  return db
    .select()
    .from(requestVerifications)
    .where(eq(requestVerifications.requestId, requestId))
    .orderBy(asc(requestVerifications.recordedAt), asc(requestVerifications.id));
}

export function toEvidence(row: VerificationRow): VerificationEvidence {
  return {
    method: row.method,
    outcome: row.outcome,
    toAccountEmail: row.toAccountEmail,
    matchedPoints: row.matchedPoints,
    comparedPoints: row.comparedPoints,
    declarationSigned: row.declarationSigned,
    subjectConfirmed: row.subjectConfirmed,
  };
}

type Subject = Pick<RequestRecord, 'regime' | 'type' | 'channel' | 'knowScope' | 'sensitiveData'>;

/** The level this request needs now and what its recorded checks prove (verification.constants.ts). */
export function assessRequest(record: Subject, rows: readonly VerificationRow[], settings: AppSettings) {
  const required = requiredLevelFor(settings.verificationLevels, {
    regime: record.regime,
    type: record.type,
    knowScope: record.knowScope,
    sensitiveData: record.sensitiveData,
  });
  return { required, assessment: assessVerification(required.level, record.channel, rows.map(toEvidence)) };
}

/** Whether the requester's email is the linked account's own (and the account is not erased). */
export async function accountEmailMatches(db: DbOrTx, record: RequestRecord): Promise<boolean> {
  if (record.customerId === null) return false;
  const [account] = await db
    .select({ email: customers.email, status: customers.status })
    .from(customers)
    .where(eq(customers.id, record.customerId));
  return (
    account !== undefined &&
    account.status !== 'erased' &&
    account.email.trim().toLowerCase() === record.requesterEmail.trim().toLowerCase()
  );
}

/** The request page's verification block. */
export async function presentVerification(
  db: DbOrTx,
  record: RequestRecord,
  settings: AppSettings,
  names: ReadonlyMap<string, string>,
  rows?: readonly VerificationRow[],
): Promise<RequestVerification> {
  const records = rows ?? (await verificationRowsOf(db, record.id));
  const { required, assessment } = assessRequest(record, records, settings);
  return {
    required: required.level,
    why: required.why,
    ...assessment,
    knowScope: record.knowScope,
    sensitiveData: record.sensitiveData,
    accountMatchAvailable: await accountEmailMatches(db, record),
    records: records.map((row) => ({
      id: row.id,
      ...toEvidence(row),
      matchedPoints: row.matchedPoints,
      documentType: row.documentType,
      note: row.note,
      recordedAt: row.recordedAt.toISOString(),
      recordedBy:
        row.recordedBy === null
          ? null
          : { id: row.recordedBy, name: names.get(row.recordedBy) ?? 'Unknown staff member' },
    })),
  };
}

/**
 * The rule every path past verification goes through (issue 13, item 3): a move into in progress, approval,
 * fulfilment or completion — by hand, in bulk, by a resume, an approval or a job — is refused while the
 * request's required level is not met, with what is missing. Checked again on each such move, so a level
 * raised after work started (a sensitive-data flag, a stricter setting) stops the next step too.
 */
export async function assertVerifiedFor(
  db: DbOrTx,
  record: RequestRecord,
  to: RequestStatus,
  settings: AppSettings,
): Promise<void> {
  if (!isPastVerification(to)) return;
  const { required, assessment } = assessRequest(record, await verificationRowsOf(db, record.id), settings);
  if (assessment.satisfied) return;
  throw new DomainError(
    'BAD_REQUEST',
    `${record.reference} cannot move to “${requestStatusLabels[to]}”: its identity is not verified to the ${verificationLevelLabels[required.level].toLowerCase()} level. ${assessment.missing ?? ''}`.trim(),
  );
}
