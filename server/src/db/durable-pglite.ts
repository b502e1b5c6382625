import { fsyncSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * The embedded database made durable: a commit is on the disk before its answer.
 *
 * PGlite, as shipped, cannot be: its start-up parameters include `-F` (fsync off), and even without it the
 * Emscripten file system it mounts over the data directory (NODEFS) has no `fsync` operation, so
 * PostgreSQL's `fsync()` returns success without reaching the kernel, and `fdatasync()` (PostgreSQL's default
 * WAL sync on Linux) is a no-op in the Emscripten runtime itself. Three changes, together:
 *
 * 1. start without `-F`, so `fsync = on`;
 * 2. `wal_sync_method = fsync`, so the WAL flush at every commit goes through `fsync()`, the one call the
 *    runtime forwards to the file system;
 * 3. give NODEFS the missing `fsync`, a real `fsync(2)` on the host file descriptor.
 *
 * With `synchronous_commit = on` (the default) PostgreSQL flushes the WAL inside COMMIT, which runs to its
 * end inside the WASM call before PGlite resolves the query, so the answer cannot precede the sync. The
 * durability test counts the host syncs per commit; `bench/durability` measures the cost and, where strace
 * exists, shows the `fsync(2)` calls on `pg_wal`.
 */
export function durablePgliteOptions(dataDir: string, sync: (fd: number) => void = fsyncSync): PGliteOptions {
  const shipped = PGlite.defaultStartParams as string[] | undefined;
  if (!shipped?.includes('--single'))
    throw new Error('PGlite start parameters changed shape; re-check the durability settings');
  return {
    fs: new DurableNodeFS(dataDir, sync),
    startParams: [
      ...shipped.filter((param) => param !== '-F'),
      '-c',
      'fsync=on',
      '-c',
      'wal_sync_method=fsync',
    ],
  };
}

interface EmscriptenStream {
  nfd?: number;
}
interface EmscriptenModule {
  NODEFS: { stream_ops: { fsync?: (stream: EmscriptenStream) => number } };
  FS: { ErrnoError: new (errno: number) => Error };
}
/** Emscripten's EIO: PostgreSQL treats a failed fsync as fatal (it PANICs rather than trust the page cache). */
const emscriptenEio = 29;

class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly sync: (fd: number) => void,
  ) {
    super(dataDir);
  }

  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const mounted = await super.init(...args);
    const preRun = [...(mounted.emscriptenOpts.preRun ?? [])];
    preRun.push((module: unknown) => {
      const emscripten = module as EmscriptenModule;
      emscripten.NODEFS.stream_ops.fsync = (stream) => {
        // A stream without a host descriptor (never opened on the host) has nothing to sync.
        if (typeof stream.nfd !== 'number') return 0;
        try {
          this.sync(stream.nfd);
        } catch {
          throw new emscripten.FS.ErrnoError(emscriptenEio);
        }
        return 0;
      };
    });
    return { emscriptenOpts: { ...mounted.emscriptenOpts, preRun } };
  }
}
