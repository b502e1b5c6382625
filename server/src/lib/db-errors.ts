import { eq } from 'drizzle-orm';
import { DomainError } from '@privdesk/shared';
import type { DbOrTx } from '../db/client.js';
import { staff } from '../db/schema.js';

/** Whether the database refused a row for a unique index (this one, when the driver names it). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    if (typeof e === 'object' && e !== null && 'code' in e && (e as { code?: unknown }).code === '23505') {
      const c = (e as { constraint?: unknown }).constraint;
      return typeof c !== 'string' || c === constraint;
    }
    e = typeof e === 'object' && e !== null && 'cause' in e ? (e as { cause?: unknown }).cause : undefined;
  }
  return false;
}

/**
 * The refusal of a change based on an older version of a record: who changed it since, and when, so the
 * person knows to reload rather than to try again blindly.
 */
export async function staleVersionError(
  db: DbOrTx,
  row: { name: string; updatedBy: string | null; updatedAt: Date },
): Promise<DomainError> {
  const [who] = row.updatedBy
    ? await db.select({ name: staff.name }).from(staff).where(eq(staff.id, row.updatedBy))
    : [];
  const when = row.updatedAt.toISOString().slice(0, 16).replace('T', ' ');
  return new DomainError(
    'CONFLICT',
    `${row.name} was changed by ${who?.name ?? 'the app'} at ${when} UTC — reload to see the change, then try again.`,
  );
}
