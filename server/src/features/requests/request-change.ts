import { eq } from 'drizzle-orm';
import {
  DomainError,
  closedDaysOf,
  isOpenStatus,
  type RequestChangeOutput,
  type StoredTimelineEntry,
} from '@privdesk/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import { requestEvents, requests, staff } from '../../db/schema.js';
import { originOf, type Actor } from '../../lib/service.js';
import { recordAudit, type AuditEntry } from '../audit/audit.writer.js';
import { writeClockChange, type LedgerRow, type PlannedClockChange } from './clock-ledger.js';
import { staffNames } from './requests.queries.js';
import { noteDrpStatusChange } from '../drp/drp-status.js';
import { readSettings } from '../settings/settings.store.js';

export type RequestRecord = typeof requests.$inferSelect;
/** The columns a change may set; version and who/when are the writer's. */
export type RequestPatch = Partial<
  Omit<typeof requests.$inferInsert, 'id' | 'reference' | 'version' | 'updatedAt' | 'updatedBy' | 'createdBy'>
>;

/**
 * The app itself acting, not a person: a job (`job:<id>`) or the requester's own confirmation page
 * (`public:verification`). Recorded with no staff member and this label as the audit event's request id.
 */
export interface SystemActor {
  system: string;
}

/** What a rule decided, for the writer to record. */
export interface RequestChange {
  set: RequestPatch;
  /** A planned clock-ledger change: its rows and their timeline entries are written with the row. */
  ledger?: PlannedClockChange | null;
  /** Timeline entries besides the ledger's own. */
  events: StoredTimelineEntry[];
  /** The audit event, built from the updated row and the ledger rows written. */
  audit: (updated: RequestRecord, ledger: LedgerWritten | null) => AuditEntry;
}

export interface LedgerWritten {
  recorded: LedgerRow[];
  removed: LedgerRow | undefined;
}

function formatChangedAt(at: Date, now: Date): string {
  const time = at.toISOString().slice(11, 16);
  if (at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return `${time} UTC`;
  const day = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${day} ${time} UTC`;
}

/** Locks the request and checks the version the change was based on; a stale one says who changed it and when. */
async function lockForChange(tx: Tx, id: string, version: number, now: Date): Promise<RequestRecord> {
  const [row] = await tx.select().from(requests).where(eq(requests.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No request with this id.');
  if (row.version !== version) {
    const [who] = row.updatedBy
      ? await tx.select({ name: staff.name }).from(staff).where(eq(staff.id, row.updatedBy))
      : [];
    throw new DomainError(
      'CONFLICT',
      `${row.reference} was changed by ${who?.name ?? 'someone else'} at ${formatChangedAt(row.updatedAt, now)} — reload to see the change, then try again.`,
    );
  }
  return row;
}

/**
 * A request whose requester's personal data was removed after the retention period (issue 18) takes no
 * change, note or mail any more: whatever came in now would hold personal data no job would ever remove.
 */
export function refuseIfScrubbed(row: Pick<RequestRecord, 'reference' | 'scrubbedAt'>): void {
  if (row.scrubbedAt !== null) {
    throw new DomainError(
      'BAD_REQUEST',
      `${row.reference} was kept the retention period after it closed and its requester’s personal data removed: nothing more can be added to it or changed.`,
    );
  }
}

/**
 * What a move sets besides the status when it closes a request: when, and that instant's calendar day where
 * the request is handled — the reports and the dashboard measure from these (issue 18). Every writer that
 * moves a request (this one, the erasure plan's) stamps through here.
 */
export async function closureStamp(
  tx: Tx,
  current: Pick<RequestRecord, 'status' | 'regime' | 'receivedAt'>,
  to: RequestRecord['status'] | undefined,
  now: Date,
): Promise<Pick<RequestPatch, 'closedAt' | 'closedOn' | 'closedDays'>> {
  if (to === undefined || !isOpenStatus(current.status) || isOpenStatus(to)) return {};
  const { handling } = await readSettings(tx);
  return { closedAt: now, ...closedDaysOf(current.receivedAt, now, handling[current.regime].timeZone) };
}

/**
 * The one way a request changes, in one order inside the caller's transaction: lock the row, check the
 * version the person saw, ask the rule (`decide` throws a DomainError to refuse, or returns null when
 * nothing would change — then nothing is written or audited), write the row with a new version, the clock
 * ledger and timeline entries, and the audit event. Every feature that changes a request goes through here.
 */
export async function writeRequestChange(
  tx: Tx,
  deps: { actor: Actor | SystemActor; now: Date },
  target: { id: string; version: number },
  decide: (current: RequestRecord) => Promise<RequestChange | null> | RequestChange | null,
): Promise<RequestRecord> {
  const { actor, now } = deps;
  const staffId = 'system' in actor ? null : actor.staffId;
  const current = await lockForChange(tx, target.id, target.version, now);
  refuseIfScrubbed(current);
  const change = await decide(current);
  if (change === null) return current;
  const closure = await closureStamp(tx, current, change.set.status, now);
  const [updated] = await tx
    .update(requests)
    .set({
      ...change.set,
      ...closure,
      ...(change.ledger ? change.ledger.columns : {}),
      ...(change.ledger?.change.receivedAt ? { receivedAt: change.ledger.change.receivedAt.to } : {}),
      version: current.version + 1,
      updatedAt: now,
      updatedBy: staffId,
    })
    .where(eq(requests.id, current.id))
    .returning();
  if (!updated) throw new Error('request update returned nothing');
  const ledger = change.ledger ? await writeClockChange(tx, current, change.ledger, staffId, now) : null;
  if (change.events.length > 0) {
    await tx.insert(requestEvents).values(
      change.events.map((entry) => ({
        requestId: current.id,
        at: now,
        actorId: staffId,
        kind: entry.kind,
        data: entry.data,
      })),
    );
  }
  // A request an authorised agent filed: a change the agent would see is queued for its status callback.
  await noteDrpStatusChange(tx, updated, now);
  const origin = 'system' in actor ? { actorId: null, ip: null, requestId: actor.system } : originOf(actor);
  await recordAudit(tx, origin, change.audit(updated, ledger), now);
  return updated;
}

export async function toChangeOutput(db: DbOrTx, r: RequestRecord): Promise<RequestChangeOutput> {
  const names = await staffNames(db, [r.assigneeId]);
  return {
    id: r.id,
    reference: r.reference,
    version: r.version,
    status: r.status,
    assignee:
      r.assigneeId === null
        ? null
        : { id: r.assigneeId, name: names.get(r.assigneeId) ?? 'Unknown staff member' },
    outcome: r.outcome,
    reasonCode: r.reasonCode,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function loadRequest(db: DbOrTx, id: string): Promise<RequestRecord> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'No request with this id.');
  return row;
}
