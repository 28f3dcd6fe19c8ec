/**
 * Retention: a recurring job on the durable scheduler deletes, host by host and in small batches,
 * the archived messages older than the host's plan keeps them. Queries already hide expired rows
 * (see module.ts), so the job only reclaims space and can run late without anyone seeing old data.
 */
import type { Clock } from '../../../lib/clock.js';
import type { Db, JobScheduler } from '../../../platform/index.js';
import { createArchiveRepository } from './archive.repository.js';
import { retentionCutoff } from './archive-policy.js';

export const ARCHIVE_PURGE_JOB = 'xmpp.archive.purge';
const PURGE_CRON = '20 * * * *';
/** Rows per DELETE, so no statement holds its locks for long. */
const PURGE_BATCH = 500;

/** Tenancy's list of hosts whose plan limits retention; hosts without a plan keep their archives. */
export interface ArchiveRetentionSource {
  listArchiveRetention(): Promise<{ hostId: string; archiveRetentionDays: number }[]>;
}

export interface ArchivePurgeDeps {
  db: Db;
  clock: Clock;
  retention: ArchiveRetentionSource;
}

/** Deletes every expired archived message; returns how many went. */
export async function purgeExpiredArchive(deps: ArchivePurgeDeps, batchSize = PURGE_BATCH): Promise<number> {
  const repository = createArchiveRepository(deps.db);
  const now = deps.clock.now();
  let purged = 0;
  for (const { hostId, archiveRetentionDays } of await deps.retention.listArchiveRetention()) {
    const expiredAt = retentionCutoff(now, archiveRetentionDays);
    if (expiredAt === undefined) continue;
    for (;;) {
      const deleted = await repository.purgeExpired(hostId, expiredAt, batchSize);
      purged += deleted;
      if (deleted < batchSize) break;
    }
  }
  return purged;
}

export function scheduleArchivePurge(
  jobs: Pick<JobScheduler, 'define' | 'every'>,
  deps: ArchivePurgeDeps,
): void {
  jobs.define(ARCHIVE_PURGE_JOB, async () => {
    await purgeExpiredArchive(deps);
  });
  jobs.every(ARCHIVE_PURGE_JOB, PURGE_CRON);
}
