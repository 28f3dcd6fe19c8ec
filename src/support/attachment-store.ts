/**
 * Attachment bytes live on disk under `<data dir>/support/attachments/<customer>/`, which no static
 * route serves; the API reads them back only after checking who asks. Files are written with mode
 * 0600 and named by our ids, never by the uploaded name.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AttachmentStore {
  write(customerId: string, key: string, data: Buffer): Promise<void>;
  read(customerId: string, key: string): Promise<Buffer>;
  remove(customerId: string, key: string): Promise<void>;
}

const SAFE_SEGMENT = /^[a-z0-9_.-]+$/;

export function createAttachmentStore(dataDir: string): AttachmentStore {
  const root = path.join(dataDir, 'support', 'attachments');
  function fileOf(customerId: string, key: string): string {
    if (!SAFE_SEGMENT.test(customerId) || !SAFE_SEGMENT.test(key) || key.startsWith('.')) {
      throw new Error(`unsafe attachment path ${customerId}/${key}`);
    }
    return path.join(root, customerId, key);
  }
  return {
    async write(customerId, key, data) {
      const file = fileOf(customerId, key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, data, { mode: 0o600, flag: 'wx' });
    },
    read: (customerId, key) => readFile(fileOf(customerId, key)),
    remove: (customerId, key) => rm(fileOf(customerId, key), { force: true }),
  };
}
