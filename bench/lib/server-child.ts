import type { ChildProcess } from 'node:child_process';

/**
 * A server started by a benchmark (`node server/dist/main.js` in its own process): its output kept for the
 * error that says why it stopped, and a wait until `/readyz` answers — or the process exits, or the time
 * runs out.
 */
export async function awaitReady(
  child: ChildProcess,
  base: string,
  opts: { timeoutMs?: number; keepOutput?: boolean } = {},
): Promise<{ lines: string[]; exited: () => number | null }> {
  const lines: string[] = [];
  if (opts.keepOutput !== false) {
    const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }
  const state = { exited: null as number | null };
  child.once('exit', (code) => {
    state.exited = code ?? -1;
  });
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const started = performance.now();
  for (;;) {
    if (state.exited !== null) throw new Error(`the server exited (${state.exited}):\n${lines.join('\n')}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`server not ready within ${Math.round(timeoutMs / 1000)} s`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { lines, exited: () => state.exited };
}
