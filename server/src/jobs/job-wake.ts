/**
 * "A job was queued just now": the outbox says so after writing a message, and this process's worker looks
 * at once instead of at its next poll. Only a hint — the job is durable in its table and the poll finds it
 * anyway (another instance, a restart) — so a worker that is asleep elsewhere loses nothing.
 */
const listeners = new Set<() => void>();

export function onJobsQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function jobsQueued(): void {
  for (const listener of listeners) listener();
}
