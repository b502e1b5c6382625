import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where access packages are kept until their link expires (issue 19, item 4): one small interface, so an
 * S3-compatible store can take the folder's place. Keys are names the app makes (`<uuid>.zip`), never a
 * person's input.
 */
export interface PackageStore {
  /** Streams `body` in under `key`; the key appears only once the whole body is written. */
  write(key: string, body: Readable): Promise<{ bytes: number; sha256: string }>;
  /** The stored bytes, or null when nothing is stored under the key (deleted, expired, never written). */
  read(key: string): Promise<Readable | null>;
  /** Deletes the key's bytes; deleting what is not there is not an error (a second expiry run). */
  remove(key: string): Promise<void>;
}

const keyPattern = /^[a-z0-9][a-z0-9-]{0,99}\.zip$/;

function checkedKey(key: string): string {
  if (!keyPattern.test(key)) throw new Error('package store: a key is a lower-case name ending in .zip');
  return key;
}

/** A byte count and SHA-256 of what passes through. */
export function measuring(): Transform & { result(): { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | null = null;
  return Object.assign(t, {
    result: () => {
      digest ??= hash.digest('hex');
      return { bytes, sha256: digest };
    },
  });
}

/** A folder under `DATA_DIR` (`packages/`): written to a temporary name, renamed into place when complete. */
export class FolderPackageStore implements PackageStore {
  constructor(private readonly root: string) {}

  async write(key: string, body: Readable): Promise<{ bytes: number; sha256: string }> {
    const final = path.join(this.root, checkedKey(key));
    const partial = `${final}.partial`;
    await mkdir(this.root, { recursive: true });
    const measure = measuring();
    try {
      await pipeline(body, measure, createWriteStream(partial, { flags: 'w', mode: 0o600 }));
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return measure.result();
  }

  async read(key: string): Promise<Readable | null> {
    const file = path.join(this.root, checkedKey(key));
    try {
      await stat(file);
    } catch {
      return null;
    }
    return createReadStream(file);
  }

  async remove(key: string): Promise<void> {
    await rm(path.join(this.root, checkedKey(key)), { force: true });
  }
}
