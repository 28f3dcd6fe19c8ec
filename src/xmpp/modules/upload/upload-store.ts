/**
 * Uploaded files on disk, one folder per host: `<root>/<host id>/<slot id>`. A file is streamed to a
 * temporary name in the same folder and renamed into place only once all its bytes are written and
 * synced, so a reader never sees a partial file and a failed upload leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const TEMP_PREFIX = '.partial-';

/** The body was not the announced number of bytes. */
export class UploadSizeError extends Error {
  override name = 'UploadSizeError';
}

/** Passes bytes through, failing as soon as more than `limit` arrive. */
function byteLimit(limit: number): Transform & { readonly count: number } {
  let count = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      count += chunk.length;
      if (count > limit) callback(new UploadSizeError(`more than ${limit} bytes`));
      else callback(null, chunk);
    },
  });
  return Object.defineProperty(transform, 'count', { get: () => count }) as Transform & {
    readonly count: number;
  };
}

export function createUploadStore(root: string) {
  const folderOf = (hostId: string) => path.join(root, hostId);
  const fileOf = (hostId: string, id: string) => path.join(folderOf(hostId), id);

  return {
    /** Writes exactly `size` bytes from `body`, or nothing at all (and rejects). */
    async write(hostId: string, id: string, size: number, body: Readable): Promise<void> {
      await mkdir(folderOf(hostId), { recursive: true });
      const temp = path.join(folderOf(hostId), `${TEMP_PREFIX}${id}-${randomBytes(6).toString('hex')}`);
      const counter = byteLimit(size);
      try {
        const out = createWriteStream(temp, { flags: 'wx', flush: true });
        await pipeline(body, counter, out);
        if (counter.count !== size) throw new UploadSizeError(`${counter.count} of ${size} bytes`);
        await rename(temp, fileOf(hostId, id));
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },

    read(hostId: string, id: string): ReadStream {
      return createReadStream(fileOf(hostId, id));
    },

    async exists(hostId: string, id: string): Promise<boolean> {
      return stat(fileOf(hostId, id)).then(
        (s) => s.isFile(),
        () => false,
      );
    },

    async remove(hostId: string, id: string): Promise<void> {
      await rm(fileOf(hostId, id), { force: true });
    },

    async removeHost(hostId: string): Promise<void> {
      await rm(folderOf(hostId), { recursive: true, force: true });
    },

    /**
     * Deletes every file whose slot is not in `keep` (its host was deleted while the server was
     * down) and every leftover temporary file. Only for start-up, when no upload is in progress.
     */
    async removeAllBut(keep: ReadonlySet<string>): Promise<number> {
      let removed = 0;
      const hosts = await readdir(root, { withFileTypes: true }).catch(() => []);
      for (const host of hosts) {
        if (!host.isDirectory()) continue;
        const folder = path.join(root, host.name);
        for (const name of await readdir(folder)) {
          if (name.startsWith(TEMP_PREFIX) || !keep.has(name)) {
            await rm(path.join(folder, name), { force: true });
            removed++;
          }
        }
        if ((await readdir(folder)).length === 0) await rm(folder, { recursive: true, force: true });
      }
      return removed;
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
