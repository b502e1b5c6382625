import type { DbOrTx } from '../../db/client.js';
import { piiAccessLog } from '../../db/schema.js';

type ViewRow = typeof piiAccessLog.$inferInsert;

interface Waiting {
  row: ViewRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Writer {
  queue: Waiting[];
  busy: boolean;
}

/** Rows one insert carries at most. */
const batchLimit = 100;
const writers = new WeakMap<DbOrTx, Writer>();

/**
 * Commits one access-log row and resolves once it is committed: a group commit. While an insert is on its
 * way, the rows that arrive wait and go together in the next one, so eight officers paging the queue at
 * once cost one or two commits instead of eight — and no row waits for a timer: the first goes at once.
 * A batch the database refuses is retried row by row, so one bad row fails only its own read.
 */
export function writeViewRow(db: DbOrTx, row: ViewRow): Promise<void> {
  let writer = writers.get(db);
  if (!writer) {
    writer = { queue: [], busy: false };
    writers.set(db, writer);
  }
  const promise = new Promise<void>((resolve, reject) => writer.queue.push({ row, resolve, reject }));
  if (!writer.busy) void drain(db, writer);
  return promise;
}

async function drain(db: DbOrTx, writer: Writer): Promise<void> {
  writer.busy = true;
  try {
    while (writer.queue.length > 0) {
      const batch = writer.queue.splice(0, batchLimit);
      try {
        await db.insert(piiAccessLog).values(batch.map((w) => w.row));
        for (const w of batch) w.resolve();
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.reject(error);
          continue;
        }
        for (const w of batch) {
          await db.insert(piiAccessLog).values(w.row).then(w.resolve, w.reject);
        }
      }
    }
  } finally {
    writer.busy = false;
  }
}
