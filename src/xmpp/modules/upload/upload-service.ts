/**
 * XEP-0363 slots end to end: a member's request reserves a slot against the host's upload quota,
 * one HTTP PUT fills it before it expires, and GET serves it. The XMPP module and the HTTP routes
 * both go through here; the files live in an UploadStore, the slots in the repository.
 *
 * The PUT and GET URLs carry two different random secrets (only their hashes are stored): the GET
 * URL is what the member shares in a chat, and it must not let the recipient write the file.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { newId, newSecret } from '../../../lib/ids.js';
import type { SlotRequest } from './upload-codec.js';
import { createUploadStore, UploadSizeError } from './upload-store.js';
import type { UploadRow, UploadsRepository } from './uploads.repository.js';

const BYTES_PER_MB = 1024 * 1024;

export interface UploadServiceDeps {
  repository: UploadsRepository;
  clock: Clock;
  /** The host plan's upload quota in MiB; null: no quota. */
  quotaMb(hostId: string): Promise<number | null>;
  memberExists(hostId: string, username: string): Promise<boolean>;
  /** `<data dir>/uploads`. */
  root: string;
  /** IMHOST_PUBLIC_URL: the slot URLs point at our own HTTP port. */
  publicUrl: string;
  maxFileBytes: number;
}

export type SlotResult =
  | { kind: 'slot'; putUrl: string; getUrl: string }
  | { kind: 'too-large'; maxBytes: number; reason: 'file' | 'quota' }
  | { kind: 'quota-reached'; quotaBytes: number; usedBytes: number };

export interface StoredFile {
  size: number;
  filename: string;
  /** Null when the member's request named none. */
  contentType: string | null;
  /** Opens the file's bytes (not opened for HEAD). */
  read(): Readable;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

function secretMatches(secret: string, storedHash: string): boolean {
  return timingSafeEqual(Buffer.from(hashOf(secret), 'hex'), Buffer.from(storedHash, 'hex'));
}

/** Media types compare without case and without the spaces around parameters. */
function sameMediaType(a: string, b: string): boolean {
  const normal = (t: string) =>
    t
      .toLowerCase()
      .replace(/\s*;\s*/g, ';')
      .trim();
  return normal(a) === normal(b);
}

export function createUploadService(deps: UploadServiceDeps) {
  const { clock, repository } = deps;
  const store = createUploadStore(deps.root);
  const nowIso = () => clock.now().toISOString();

  function urlOf(domain: string, id: string, secret: string, filename: string): string {
    return `${deps.publicUrl}/upload/${encodeURIComponent(domain)}/${id}/${secret}/${encodeURIComponent(filename)}`;
  }

  /** The slot behind a URL, if the secret is right for the method; anything else looks absent. */
  async function slotFor(
    hostId: string,
    id: string,
    secret: string,
    filename: string,
    which: 'put' | 'get',
  ): Promise<UploadRow> {
    const row = await repository.find(hostId, id);
    const hash = row && (which === 'put' ? row.put_secret_hash : row.get_secret_hash);
    if (!row || !hash || !secretMatches(secret, hash) || row.filename !== filename)
      throw new AppError('upload_not_found');
    return row;
  }

  async function removeMember(hostId: string, username: string): Promise<void> {
    const ids = await repository.idsOfOwner(hostId, username);
    await repository.removeOwner(hostId, username);
    for (const id of ids) await store.remove(hostId, id);
  }

  return {
    maxFileBytes: deps.maxFileBytes,

    async requestSlot(input: {
      host: { id: string; domain: string };
      username: string;
      request: SlotRequest;
      validitySeconds: number;
    }): Promise<SlotResult> {
      const { host, request } = input;
      const quotaMb = await deps.quotaMb(host.id);
      const quotaBytes = quotaMb === null ? null : quotaMb * BYTES_PER_MB;
      if (request.size > deps.maxFileBytes)
        return { kind: 'too-large', maxBytes: deps.maxFileBytes, reason: 'file' };
      if (quotaBytes !== null && request.size > quotaBytes)
        return { kind: 'too-large', maxBytes: quotaBytes, reason: 'quota' };
      const id = newId('upl', clock.nowMs());
      const putSecret = newSecret();
      const getSecret = newSecret();
      const now = clock.nowMs();
      const { isReserved, usedBytes } = await repository.reserve(
        {
          id,
          host_id: host.id,
          username: input.username,
          put_secret_hash: hashOf(putSecret),
          get_secret_hash: hashOf(getSecret),
          filename: request.filename,
          size: request.size,
          content_type: request.contentType,
          created_at: new Date(now).toISOString(),
          expires_at: new Date(now + input.validitySeconds * 1000).toISOString(),
          put_started_at: null,
          completed_at: null,
        },
        quotaBytes,
      );
      if (!isReserved) return { kind: 'quota-reached', quotaBytes: quotaBytes ?? 0, usedBytes };
      return {
        kind: 'slot',
        putUrl: urlOf(host.domain, id, putSecret, request.filename),
        getUrl: urlOf(host.domain, id, getSecret, request.filename),
      };
    },

    /**
     * Stores the body of a PUT to a slot URL: once, before the slot expires, with exactly the
     * announced size and content type. A PUT that fails part-way frees the slot and leaves no file.
     */
    async receive(input: {
      hostId: string;
      id: string;
      secret: string;
      filename: string;
      contentLength: number | null;
      contentType: string | null;
      body: Readable;
    }): Promise<void> {
      const { hostId, id } = input;
      const row = await slotFor(hostId, id, input.secret, input.filename, 'put');
      if (row.put_started_at !== null) throw new AppError('upload_slot_used');
      if (row.expires_at <= nowIso()) throw new AppError('upload_slot_expired');
      if (input.contentLength !== row.size) throw new AppError('upload_size_mismatch');
      if (row.content_type !== null && !sameMediaType(input.contentType ?? '', row.content_type))
        throw new AppError('upload_content_type_mismatch');
      if (!(await repository.claim(hostId, id, nowIso()))) throw new AppError('upload_slot_used');
      try {
        await store.write(hostId, id, row.size, input.body);
      } catch (error) {
        await repository.remove(hostId, id);
        // A client that went away mid-body sent fewer bytes than announced; only disk errors are ours.
        if (error instanceof UploadSizeError || input.body.destroyed)
          throw new AppError('upload_size_mismatch', { cause: error });
        throw error;
      }
      await repository.complete(hostId, id, nowIso());
    },

    /** The file behind a GET URL; upload_not_found for a wrong secret or an unfinished upload. */
    async open(input: { hostId: string; id: string; secret: string; filename: string }): Promise<StoredFile> {
      const row = await slotFor(input.hostId, input.id, input.secret, input.filename, 'get');
      if (row.completed_at === null) throw new AppError('upload_not_found');
      return {
        size: row.size,
        filename: row.filename,
        contentType: row.content_type,
        read: () => store.read(input.hostId, input.id),
      };
    },

    /** A deleted member's uploads: rows and files. */
    removeMember,

    /** A deleted host's files; its rows went with it (foreign key). */
    removeHost: (hostId: string) => store.removeHost(hostId),

    /**
     * At start-up, catches up with what happened while the server was down (the CLI deletes
     * members and hosts too): uploads of members that no longer exist, uploads a crash cut short,
     * and files whose host is gone.
     */
    async sweep(): Promise<void> {
      for (const { host_id: hostId, username } of await repository.owners())
        if (!(await deps.memberExists(hostId, username))) await removeMember(hostId, username);
      await repository.removeUnfinished();
      await store.removeAllBut(await repository.allIds());
    },

    /** Bytes one host has in use, as its upload quota counts them (open slots included). */
    storedBytes: (hostId: string) => repository.storedBytes(hostId, nowIso()),

    /** Bytes of finished uploads per host id: what billing meters as `storage_gb`. */
    storageBytesByHost: () => repository.storedBytesByHost(),
  };
}

export type UploadService = ReturnType<typeof createUploadService>;

export function uploadsRoot(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}
