import { vi } from 'vitest';
import { rowsOf, type Db } from '../db/client.js';

interface PlanNode {
  'Node Type'?: string;
  'Plan Rows'?: number;
  Filter?: string;
  Plans?: PlanNode[];
}

/**
 * Makes the planner's row estimate (`explain (format json)`) say `rows` for every query the database is
 * asked about — the plan's top node and, under a limit, the node below it, whose estimate is every match's
 * — so a test can take the queue down the path a large or small estimate picks. With `walk`, the plan also
 * says it would walk the sort's index filtering each row (`Limit → Index Scan … Filter`), the shape the
 * queue bounds. Undo with the returned spy's `mockRestore()`.
 */
export function plannerExpects(db: Db, rows: number, shape: 'as planned' | 'walk' = 'as planned') {
  const execute = db.execute.bind(db);
  return vi.spyOn(db, 'execute').mockImplementation((async (query: Parameters<typeof db.execute>[0]) => {
    const result = await execute(query);
    for (const row of rowsOf<Record<string, unknown>>(result)) {
      const raw = row['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
      const top = plan[0]?.Plan;
      if (!top) continue;
      top['Plan Rows'] = rows;
      if (shape === 'walk' && top['Node Type'] === 'Limit') {
        top.Plans = [{ 'Node Type': 'Index Scan', 'Plan Rows': rows, Filter: '(as the test says)' }];
      }
      const below = top['Node Type'] === 'Limit' ? top.Plans?.[0] : undefined;
      if (below) below['Plan Rows'] = rows;
      row['QUERY PLAN'] = typeof raw === 'string' ? JSON.stringify(plan) : plan;
    }
    return result;
  }) as unknown as typeof db.execute);
}
