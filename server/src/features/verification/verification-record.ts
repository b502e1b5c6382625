import { eq } from 'drizzle-orm';
import {
  DomainError,
  isErasureType,
  isOpenStatus,
  matchDataPoints,
  type AppSettings,
  type VerificationChangeOutput,
  type VerificationMethod,
  type verificationAccountMatchInputSchema,
  type verificationAgentInputSchema,
  type verificationDataPointsInputSchema,
  type verificationDocumentInputSchema,
  type verificationScopeInputSchema,
} from '@privdesk/shared';
import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { customers, organisations, requestVerifications } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import type { Actor, ActorDeps } from '../../lib/service.js';
import { writeRequestChange, type RequestRecord, type SystemActor } from '../requests/request-change.js';
import { staffNames } from '../requests/requests.queries.js';
import { readSettings } from '../settings/settings.store.js';
import {
  accountEmailMatches,
  assessRequest,
  presentVerification,
  verificationRowsOf,
  type VerificationRow,
} from './verification.service.js';

export type NewCheck = Omit<
  typeof requestVerifications.$inferInsert,
  'id' | 'requestId' | 'recordedAt' | 'recordedBy'
> & {
  method: VerificationMethod;
};

/** A check cannot be recorded on a closed request: its outcome is decided. */
function assertOpen(current: RequestRecord): void {
  if (!isOpenStatus(current.status)) {
    throw new DomainError('BAD_REQUEST', `${current.reference} is closed: its identity checks are final.`);
  }
}

/**
 * One identity check recorded, in the one order every change takes (writeRequestChange): lock and version,
 * the rule's verdict (`judge`, which may refuse), the check's row and the request's new version, the
 * timeline entry and the audit event with what the request now meets — inside the caller's transaction.
 * The actor is a staff member, or the app itself (the requester's own confirmation page).
 */
export async function recordCheckInTx(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date; log: Logger },
  target: { id: string; version: number },
  judge: (tx: Tx, current: RequestRecord) => Promise<NewCheck> | NewCheck,
): Promise<{ updated: RequestRecord; rows: VerificationRow[]; settings: AppSettings }> {
  const settings = await readSettings(tx, deps.log);
  let rows: VerificationRow[] = [];
  const recordedBy = 'system' in deps.actor ? null : deps.actor.staffId;
  const updated = await writeRequestChange(tx, deps, target, async (current) => {
    assertOpen(current);
    const check = await judge(tx, current);
    const before = assessRequest(current, await verificationRowsOf(tx, current.id), settings);
    const [row] = await tx
      .insert(requestVerifications)
      .values({ ...check, requestId: current.id, recordedAt: deps.now, recordedBy })
      .returning();
    if (!row) throw new Error('verification insert returned nothing');
    rows = await verificationRowsOf(tx, current.id);
    const after = assessRequest(current, rows, settings);
    // The check's facts, as the timeline and the audit event both record them (never supplied values).
    const facts = {
      verificationId: row.id,
      method: row.method,
      outcome: row.outcome,
      matchedPoints: row.matchedPoints,
      comparedPoints: row.comparedPoints,
      toAccountEmail: row.toAccountEmail,
      declarationSigned: row.declarationSigned,
      documentType: row.documentType,
    };
    return {
      set: {},
      events: [
        {
          kind: 'verification',
          data: { ...facts, met: after.assessment.met, satisfied: after.assessment.satisfied },
        },
      ],
      audit: (u) => ({
        action: 'requests.verification_recorded',
        entityType: 'request',
        entityId: current.id,
        before: { version: current.version, met: before.assessment.met },
        after: {
          version: u.version,
          ...facts,
          required: after.required.level,
          met: after.assessment.met,
          satisfied: after.assessment.satisfied,
        },
      }),
    };
  });
  return { updated, rows, settings };
}

/** The request page's answer after a check: the request's version and its verification block. */
export async function verificationOutput(
  tx: Tx,
  recorded: { updated: RequestRecord; rows: VerificationRow[]; settings: AppSettings },
): Promise<VerificationChangeOutput> {
  const { updated, rows, settings } = recorded;
  const names = await staffNames(
    tx,
    rows.map((r) => r.recordedBy),
  );
  return {
    id: updated.id,
    version: updated.version,
    verification: await presentVerification(tx, updated, settings, names, rows),
  };
}

async function recordCheck(
  deps: ActorDeps,
  target: { id: string; version: number },
  judge: (tx: Tx, current: RequestRecord) => Promise<NewCheck> | NewCheck,
): Promise<VerificationChangeOutput> {
  return deps.db.transaction(async (tx) =>
    verificationOutput(tx, await recordCheckInTx(tx, deps, target, judge)),
  );
}

/** The requester's answers compared with the linked account; only which fields matched is kept. */
export function recordDataPoints(
  deps: ActorDeps,
  input: z.output<typeof verificationDataPointsInputSchema>,
): Promise<VerificationChangeOutput> {
  return recordCheck(deps, input, async (tx, current) => {
    if (current.customerId === null) {
      throw new DomainError(
        'BAD_REQUEST',
        'No account is linked to this request: there is no record to compare with. Link the account, or review a document.',
      );
    }
    const [account] = await tx
      .select({
        name: customers.name,
        email: customers.email,
        accountNumber: customers.accountNumber,
        organisation: organisations.name,
        country: customers.country,
        plan: customers.plan,
        birthYear: customers.birthYear,
        signupAt: customers.signupAt,
        status: customers.status,
      })
      .from(customers)
      .leftJoin(organisations, eq(organisations.id, customers.organisationId))
      .where(eq(customers.id, current.customerId));
    if (!account || account.status === 'erased') {
      throw new DomainError(
        'BAD_REQUEST',
        'The linked account is erased: there is no record to compare with.',
      );
    }
    const { compared, matched } = matchDataPoints(input.supplied, account);
    return {
      method: 'data_points',
      outcome: matched.length > 0 ? 'passed' : 'failed',
      matchedPoints: matched,
      comparedPoints: compared.length,
      declarationSigned: input.declarationSigned,
      note: input.note,
    };
  });
}

/** A document the officer saw: its type and the outcome, never the document or its number. */
export function recordDocumentReview(
  deps: ActorDeps,
  input: z.output<typeof verificationDocumentInputSchema>,
): Promise<VerificationChangeOutput> {
  return recordCheck(deps, input, () => ({
    method: 'document_review',
    outcome: input.outcome,
    documentType: input.documentType,
    note: input.note,
  }));
}

/** The request came from the linked account's own email: the server checks, the officer only records it. */
export function recordAccountMatch(
  deps: ActorDeps,
  input: z.output<typeof verificationAccountMatchInputSchema>,
): Promise<VerificationChangeOutput> {
  return recordCheck(deps, input, async (tx, current) => {
    if (!(await accountEmailMatches(tx, current))) {
      throw new DomainError(
        'BAD_REQUEST',
        current.customerId === null
          ? 'No account is linked to this request, so there is nothing to match.'
          : 'The requester’s email is not the linked account’s email: this is not an account match. Use a verification link or data points instead.',
      );
    }
    return { method: 'account_match', outcome: 'passed', toAccountEmail: true };
  });
}

/** An agent's request: the signed permission seen, and the subject's own confirmation (or not). */
export function recordAgentAuthority(
  deps: ActorDeps,
  input: z.output<typeof verificationAgentInputSchema>,
): Promise<VerificationChangeOutput> {
  return recordCheck(deps, input, (_tx, current) => {
    if (current.channel !== 'authorised_agent' || current.agentName === null) {
      throw new DomainError('BAD_REQUEST', 'This request was not filed by an authorised agent.');
    }
    return {
      method: 'authorised_agent',
      outcome: input.subjectConfirmed ? 'passed' : 'failed',
      subjectConfirmed: input.subjectConfirmed,
      note: input.note,
    };
  });
}

/** A CCPA know request's scope, or the sensitive-data flag of a deletion: what raises the level to high. */
export async function setVerificationScope(
  deps: ActorDeps,
  input: z.output<typeof verificationScopeInputSchema>,
): Promise<VerificationChangeOutput> {
  return deps.db.transaction(async (tx) => {
    const settings = await readSettings(tx, deps.log);
    const updated = await writeRequestChange(tx, deps, input, async (current) => {
      assertOpen(current);
      if (input.knowScope !== undefined && !(current.regime === 'ccpa' && current.type === 'know')) {
        throw new DomainError('BAD_REQUEST', 'Only a CCPA know request has a scope.', {
          knowScope: ['Only a CCPA know request has a scope.'],
        });
      }
      if (input.sensitiveData !== undefined && !isErasureType(current.type)) {
        throw new DomainError('BAD_REQUEST', 'Only a deletion can be flagged as reaching sensitive data.', {
          sensitiveData: ['Only a deletion can be flagged as reaching sensitive data.'],
        });
      }
      const next = {
        knowScope: input.knowScope ?? current.knowScope,
        sensitiveData: input.sensitiveData ?? current.sensitiveData,
      };
      if (next.knowScope === current.knowScope && next.sensitiveData === current.sensitiveData) return null;
      const rows = await verificationRowsOf(tx, current.id);
      const before = assessRequest(current, rows, settings).required.level;
      const after = assessRequest({ ...current, ...next }, rows, settings).required.level;
      return {
        set: next,
        events: [{ kind: 'verification_scope', data: { ...next, required: after } }],
        audit: (u) => ({
          action: 'requests.verification_scope_changed',
          entityType: 'request',
          entityId: current.id,
          before: {
            version: current.version,
            knowScope: current.knowScope,
            sensitiveData: current.sensitiveData,
            required: before,
          },
          after: { version: u.version, ...next, required: after },
        }),
      };
    });
    const rows = await verificationRowsOf(tx, updated.id);
    const names = await staffNames(
      tx,
      rows.map((r) => r.recordedBy),
    );
    return {
      id: updated.id,
      version: updated.version,
      verification: await presentVerification(tx, updated, settings, names, rows),
    };
  });
}
