import { vi } from 'vitest';
import { rowsOf, type Db } from '../db/client.js';

/**
 * Makes the planner's row estimate (`explain (format json)`) say `rows` for every query the database is
 * asked about, so a test can take the queue down the path a large or small estimate picks. Undo with the
 * returned spy's `mockRestore()`.
 */
export function plannerExpects(db: Db, rows: number) {
  const execute = db.execute.bind(db);
  return vi.spyOn(db, 'execute').mockImplementation((async (query: Parameters<typeof db.execute>[0]) => {
    const result = await execute(query);
    for (const row of rowsOf<Record<string, unknown>>(result)) {
      const raw = row['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: Record<string, unknown> }];
      if (plan[0]?.Plan) {
        plan[0].Plan['Plan Rows'] = rows;
        row['QUERY PLAN'] = typeof raw === 'string' ? JSON.stringify(plan) : plan;
      }
    }
    return result;
  }) as unknown as typeof db.execute);
}
